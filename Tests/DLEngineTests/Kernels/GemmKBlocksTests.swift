import Testing
@testable import DLEngine

/// The k-block path for a long k and a small C (`GemmKBlocks.swift`): against the Double reference, and
/// bit for bit against the packed path on one thread, which it promises to match whatever the threads.
@Suite struct GemmKBlocksTests {
    typealias Case = GemmTests.Case

    /// Long k (more than one k block, some not a multiple of the block) and C of at most 4,096 elements,
    /// including a convolution's weight gradient shapes (8 × 9, 16 × 72) with a shorter k.
    static let cases: [(Int, Int, Int)] = [
        (1, 1, 257), (8, 9, 3001), (16, 72, 1000), (3, 5, 513), (17, 33, 600), (64, 64, 300), (2, 40, 2000),
    ]

    @Test func theSizesTakeTheKBlockPath() {
        for (m, n, k) in Self.cases { #expect(Gemm.isKBlocked(m: m, n: n, k: k), "\(m)×\(n)×\(k)") }
        #expect(!Gemm.isKBlocked(m: 8, n: 9, k: 256))     // one k block: the small path
        #expect(!Gemm.isKBlocked(m: 65, n: 64, k: 1000))  // a larger C: bands of tiles on threads
    }

    @Test func matchesTheReferenceAndThePackedPathToTheBit() {
        for (m, n, k) in Self.cases {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                for accumulate in [false, true] {
                    let t = Case(m: m, n: n, k: k, transposeA: ta, transposeB: tb, accumulate: accumulate, pad: 1)
                    GemmTests.check(t)
                    let packed = GemmTests.run(t) { a, b, c in
                        Gemm.Job(m: m, n: n, k: k,
                                 a: Gemm.Source(base: a, strideI: ta ? 1 : t.lda, strideP: ta ? t.lda : 1),
                                 b: Gemm.Source(base: b, strideI: tb ? t.ldb : 1, strideP: tb ? 1 : t.ldb),
                                 c: c, ldc: t.ldc, accumulate: accumulate, tile: .forThisMachine).run(threads: 1)
                    }
                    #expect(GemmTests.fast(t) == packed, "\(t)")
                    #expect(GemmTests.fast(t, threads: 1) == packed, "\(t)")
                }
            }
        }
    }
}
