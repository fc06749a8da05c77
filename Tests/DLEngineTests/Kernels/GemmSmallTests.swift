import Testing
@testable import DLEngine

/// The unpacked small-product path (`GemmSmall.swift`): against the Double reference at odd sizes and
/// all four transposes, and bit for bit against the packed path, which it promises to match.
@Suite struct GemmSmallTests {
    typealias Case = GemmTests.Case

    /// Sizes below the threshold, including the spiral's (20 × 2 · 2 × 100, 20 × 100 · 100 × 3).
    static let cases: [(Int, Int, Int)] = [
        (1, 1, 1), (2, 3, 1), (20, 100, 2), (20, 3, 100), (100, 3, 20), (2, 100, 20), (3, 17, 5), (17, 33, 7),
        (31, 15, 9), (5, 47, 3), (9, 65, 11), (1, 64, 1), (64, 1, 64), (16, 5, 3), (47, 4, 256), (33, 13, 2),
    ]

    @Test func theSizesTakeTheSmallPath() {
        for (m, n, k) in Self.cases { #expect(Gemm.isSmall(m: m, n: n, k: k), "\(m)×\(n)×\(k)") }
        #expect(!Gemm.isSmall(m: 128, n: 256, k: 784))
        #expect(!Gemm.isSmall(m: 1, n: 1, k: 257))  // two k blocks: the packed path's summation order
    }

    @Test func matchesTheReferenceAtOddSizesAndAllTransposes() {
        for (m, n, k) in Self.cases {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                GemmTests.check(Case(m: m, n: n, k: k, transposeA: ta, transposeB: tb))
                GemmTests.check(Case(m: m, n: n, k: k, transposeA: ta, transposeB: tb, accumulate: true, pad: 3))
            }
        }
    }

    @Test func sameBitsAsThePackedPath() {
        for (m, n, k) in Self.cases {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                for accumulate in [false, true] {
                    let t = Case(m: m, n: n, k: k, transposeA: ta, transposeB: tb, accumulate: accumulate, pad: 1)
                    let small = GemmTests.fast(t)
                    let packed = GemmTests.run(t) { a, b, c in
                        Gemm.Job(m: m, n: n, k: k,
                                 a: Gemm.Source(base: a, strideI: ta ? 1 : t.lda, strideP: ta ? t.lda : 1),
                                 b: Gemm.Source(base: b, strideI: tb ? t.ldb : 1, strideP: tb ? 1 : t.ldb),
                                 c: c, ldc: t.ldc, accumulate: accumulate, tile: .forThisMachine).run(threads: 1)
                    }
                    #expect(small == packed, "\(t)")
                }
            }
        }
    }
}
