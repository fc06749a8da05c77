import Testing
@testable import DLEngine

/// Packed products split by rows with one shared pack of B (`GemmSharedB.swift`): the same bits as one
/// thread computing everything, for every transpose, accumulation, several k blocks and column blocks.
@Suite struct GemmSharedBTests {
    typealias Case = GemmTests.Case

    @Test func sameBitsAsOneThreadAndCloseToTheReference() {
        // 600 × 200 × 300: over the in-place path's 2²⁵ multiply-adds, two k blocks, odd column tiles.
        // 300 × 1100 × 120: two column blocks (1024 + 76).
        for (m, n, k) in [(600, 200, 300), (300, 1100, 120)] {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                for accumulate in [false, true] {
                    let t = Case(m: m, n: n, k: k, transposeA: ta, transposeB: tb, accumulate: accumulate, pad: 1)
                    let tile = Gemm.Tile.forThisMachine
                    let direct = Gemm.readsInPlace(m: m, n: n, k: k, transposeA: ta, transposeB: tb, tile: tile)
                    #expect(Gemm.sharesPackedB(m: m, n: n, k: k, tile: tile, direct: direct, threads: 2,
                                               splitRows: true), "\(t)")
                    let one = GemmTests.fast(t, threads: 1)
                    // Compared as a Bool: a failure then reports the case, not 300,000 floats.
                    let twoThreadsAgree = GemmTests.fast(t, threads: 2) == one
                    let threeThreadsAgree = GemmTests.fast(t, threads: 3) == one
                    #expect(twoThreadsAgree, "\(t)")
                    #expect(threeThreadsAgree, "\(t)")
                    let reference = GemmTests.reference(t)
                    let worst = zip(one, reference).map { abs($0 - $1) }.max() ?? 0
                    #expect(worst < 1e-3, "\(t)")
                }
            }
        }
    }
}
