import Testing
@testable import DLEngine

/// The path that reads plain operands in place (`GemmDirect.swift`): against the Double reference at odd
/// sizes (not multiples of the 8 × 32 tile), all four transposes, with and without accumulation, and bit
/// for bit against the packed path on 1, 2 and 3 threads.
@Suite struct GemmDirectTests {
    typealias Case = GemmTests.Case

    /// Sizes past the small path and the k-block path; some with two or three k blocks, partial row and
    /// column tiles, a C narrower than a tile.
    static let cases: [(Int, Int, Int)] = [
        (65, 33, 129), (129, 65, 31), (9, 257, 100), (200, 45, 50), (71, 77, 300), (66, 130, 520),
        (31, 140, 700), (130, 17, 129), (64, 64, 64), (41, 101, 263),
    ]

    @Test func theSizesReadInPlace() {
        for (m, n, k) in Self.cases {
            #expect(!Gemm.isSmall(m: m, n: n, k: k) && !Gemm.isKBlocked(m: m, n: n, k: k), "\(m)×\(n)×\(k)")
            #expect(Gemm.readsInPlace(m: m, n: n, k: k, transposeA: false, transposeB: false, tile: .t8x32))
        }
        // A transposed A is read in place too. Large products keep the packed path.
        #expect(Gemm.readsInPlace(m: 64, n: 64, k: 64, transposeA: true, transposeB: true, tile: .t8x32))
        #expect(!Gemm.readsInPlace(m: 512, n: 512, k: 512, transposeA: false, transposeB: false, tile: .t8x32))
        #expect(!Gemm.readsInPlace(m: 64, n: 64, k: 64, transposeA: false, transposeB: false, tile: .t6x16))
    }

    @Test func matchesTheReferenceAtOddSizesAndAllTransposes() {
        for (m, n, k) in Self.cases {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                GemmTests.check(Case(m: m, n: n, k: k, transposeA: ta, transposeB: tb))
                GemmTests.check(Case(m: m, n: n, k: k, transposeA: ta, transposeB: tb, accumulate: true, pad: 3))
            }
        }
    }

    /// The packed path (`direct: false`) or the direct one on `threads` threads.
    static func job(_ t: Case, direct: Bool, threads: Int) -> [Float] {
        GemmTests.run(t) { a, b, c in
            Gemm.Job(m: t.m, n: t.n, k: t.k,
                     a: Gemm.Source(base: a, strideI: t.transposeA ? 1 : t.lda, strideP: t.transposeA ? t.lda : 1),
                     b: Gemm.Source(base: b, strideI: t.transposeB ? t.ldb : 1, strideP: t.transposeB ? 1 : t.ldb),
                     c: c, ldc: t.ldc, accumulate: t.accumulate, tile: .t8x32, direct: direct).run(threads: threads)
        }
    }

    @Test func sameBitsAsThePackedPathOnAnyThreadCount() {
        for (m, n, k) in Self.cases {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                for accumulate in [false, true] {
                    let t = Case(m: m, n: n, k: k, transposeA: ta, transposeB: tb, accumulate: accumulate, pad: 1)
                    let packed = Self.job(t, direct: false, threads: 1)
                    for threads in [1, 2, 3] {
                        #expect(Self.job(t, direct: true, threads: threads) == packed, "\(t), \(threads) threads")
                        #expect(GemmTests.fast(t, threads: threads) == packed, "\(t), \(threads) threads")
                    }
                }
            }
        }
    }
}
