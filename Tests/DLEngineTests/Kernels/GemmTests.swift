import Dispatch
import Synchronization
import Testing
@testable import DLEngine

/// `Gemm.multiply` against the Double-accumulating triple loop `Gemm.reference`, on sizes that hit
/// every edge of the blocking (below, at and above the micro-tile and the k-block), all four transpose
/// combinations, padded leading dimensions and accumulation; plus the determinism promise.
@Suite struct GemmTests {
    /// One product's operands, with leading dimensions padded by `pad` so that reading past a row shows.
    struct Case {
        var m: Int, n: Int, k: Int
        var transposeA = false, transposeB = false, accumulate = false
        var pad = 0

        var lda: Int { (transposeA ? m : k) + pad }
        var ldb: Int { (transposeB ? k : n) + pad }
        var ldc: Int { n + pad }
        var aCount: Int { (transposeA ? k : m) * lda }
        var bCount: Int { (transposeB ? n : k) * ldb }
        var cCount: Int { m * ldc }
    }

    /// Values in [-1, 1) from a seeded generator, so failures reproduce.
    static func randomValues(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int32(truncatingIfNeeded: state >> 32)) / 2_147_483_648
        }
    }

    /// Runs `body(a, b, c)` on fresh random operands for `test`.
    static func run(_ test: Case, seed: UInt64 = 1,
                    _ body: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void)
        -> [Float] {
        let a = randomValues(test.aCount, seed: seed), b = randomValues(test.bCount, seed: seed + 1)
        var c = randomValues(test.cCount, seed: seed + 2)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in body(a.baseAddress!, b.baseAddress!, c.baseAddress!) }
            }
        }
        return c
    }

    static func fast(_ t: Case, threads: Int = Gemm.maxThreads, seed: UInt64 = 1) -> [Float] {
        run(t, seed: seed) { a, b, c in
            Gemm.multiply(m: t.m, n: t.n, k: t.k, a: a, lda: t.lda, transposeA: t.transposeA,
                          b: b, ldb: t.ldb, transposeB: t.transposeB, c: c, ldc: t.ldc,
                          accumulate: t.accumulate, threads: threads)
        }
    }

    static func reference(_ t: Case) -> [Float] {
        run(t) { a, b, c in
            Gemm.reference(m: t.m, n: t.n, k: t.k, a: a, lda: t.lda, transposeA: t.transposeA,
                           b: b, ldb: t.ldb, transposeB: t.transposeB, c: c, ldc: t.ldc,
                           accumulate: t.accumulate)
        }
    }

    /// The fast product equals the reference within float32 rounding: each element is a sum of k + 1
    /// terms of magnitude ≤ 1, so its error is at most about (k + 1)·ε·(k + 1); we allow a tenth of that,
    /// which still catches any wrong or missing term (those are of order 1/k... 1). Padding between rows
    /// of C must be left untouched.
    static func check(_ t: Case, sourceLocation: SourceLocation = #_sourceLocation) {
        let got = fast(t), want = reference(t), before = run(t) { _, _, _ in }
        let tolerance = Float(t.k + 1) * Float.ulpOfOne * 4
        var worst: Float = 0
        for i in 0..<t.m {
            for j in 0..<t.ldc {
                let index = i * t.ldc + j
                if j < t.n { worst = max(worst, abs(got[index] - want[index])) }
                else if got[index] != before[index] {
                    Issue.record("\(t): padding of C changed at row \(i) column \(j)", sourceLocation: sourceLocation)
                    return
                }
            }
        }
        #expect(worst <= tolerance, "\(t): error \(worst) > \(tolerance)", sourceLocation: sourceLocation)
    }

    static let sizes = [1, 2, 3, 7, 15, 16, 17, 31, 33, 63, 65]

    @Test func squareSizesAllTransposes() {
        for s in Self.sizes + [100, 129] {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                Self.check(Case(m: s, n: s, k: s, transposeA: ta, transposeB: tb))
            }
        }
    }

    @Test func nonSquareSizes() {
        for (m, n, k) in [(1, 65, 7), (65, 1, 33), (17, 31, 1), (3, 100, 129), (100, 3, 17), (33, 257, 15),
                          (257, 17, 31), (15, 63, 257), (7, 129, 300), (129, 7, 513)] {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                Self.check(Case(m: m, n: n, k: k, transposeA: ta, transposeB: tb))
            }
        }
    }

    @Test func paddedLeadingDimensionsAndAccumulate() {
        for (m, n, k) in [(1, 1, 1), (7, 33, 17), (31, 16, 65), (65, 63, 33)] {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                Self.check(Case(m: m, n: n, k: k, transposeA: ta, transposeB: tb, accumulate: true, pad: 5))
                Self.check(Case(m: m, n: n, k: k, transposeA: ta, transposeB: tb, accumulate: false, pad: 3))
            }
        }
    }

    @Test func zeroSizes() {
        // k = 0: C = 0, or C unchanged when accumulating.
        let zeros = Self.fast(Case(m: 3, n: 5, k: 0, pad: 2))
        for i in 0..<3 { #expect(zeros[i * 7..<i * 7 + 5].allSatisfy { $0 == 0 }) }
        let kept = Self.fast(Case(m: 3, n: 5, k: 0, accumulate: true, pad: 2))
        #expect(kept == Self.run(Case(m: 3, n: 5, k: 0, accumulate: true, pad: 2)) { _, _, _ in })
        // m = 0 or n = 0: nothing is touched.
        #expect(Self.fast(Case(m: 0, n: 5, k: 4)).isEmpty)
        let untouched = Self.run(Case(m: 4, n: 0, k: 4, pad: 3)) { _, _, _ in }
        #expect(Self.fast(Case(m: 4, n: 0, k: 4, pad: 3)) == untouched)
    }

    @Test func exactOnSmallIntegers() {
        // Small integers multiply and add exactly in float32: the product must match to the bit.
        let (m, n, k) = (5, 4, 3)
        let a: [Float] = (0..<m * k).map { Float($0 % 7) - 3 }, b: [Float] = (0..<k * n).map { Float($0 % 5) - 2 }
        var c = [Float](repeating: 9, count: m * n), want = c
        Gemm.multiply(m: m, n: n, k: k, a: a, lda: k, transposeA: false, b: b, ldb: n, transposeB: false,
                      c: &c, ldc: n, accumulate: true)
        for i in 0..<m {
            for j in 0..<n { for p in 0..<k { want[i * n + j] += a[i * k + p] * b[p * n + j] } }
        }
        #expect(c == want)
    }

    @Test func bitIdenticalWhateverTheThreadsAndBlocks() {
        // 300³ is above the threading threshold, and k = 300 takes two k-blocks.
        let t = Case(m: 300, n: 300, k: 300, transposeB: true, accumulate: true)
        let one = Self.fast(t, threads: 1)
        #expect(Self.fast(t, threads: 2) == one)
        #expect(Self.fast(t, threads: 3) == one)
        // The same rows computed as two separate products (a different split of C) match too.
        let halves = Self.run(t) { a, b, c in
            for (lo, hi) in [(0, 137), (137, 300)] {
                Gemm.multiply(m: hi - lo, n: t.n, k: t.k, a: a + lo * t.lda, lda: t.lda, transposeA: false,
                              b: b, ldb: t.ldb, transposeB: true, c: c + lo * t.ldc, ldc: t.ldc,
                              accumulate: true, threads: 1)
            }
        }
        #expect(halves == one)
    }

    @Test func concurrentCallersGetTheSameBits() {
        // Products started from several threads at once: one gets the worker pool, the others run on
        // their own thread; all must match the single-threaded result.
        let t = Case(m: 129, n: 140, k: 70, transposeA: true)
        let want = Self.fast(t, threads: 1)
        let results = Results(count: 4)
        DispatchQueue.concurrentPerform(iterations: 4) { index in results.set(index, Self.fast(t)) }
        for index in 0..<4 { #expect(results.get(index) == want) }
    }

    /// Per-thread result slots for `concurrentCallersGetTheSameBits`.
    final class Results: Sendable {
        private let values: Mutex<[[Float]]>
        init(count: Int) { values = Mutex(Array(repeating: [], count: count)) }
        func set(_ index: Int, _ value: [Float]) { values.withLock { $0[index] = value } }
        func get(_ index: Int) -> [Float] { values.withLock { $0[index] } }
    }

    @Test func everyTileShapeGivesTheSameBits() {
        // Both micro-kernels run here whatever the CPU (the AVX2 one is only slower on AVX-512), so
        // this also covers the shape that other machines pick.
        for (m, n, k) in [(1, 1, 1), (7, 17, 300), (33, 65, 31), (100, 63, 129)] {
            for (ta, tb) in [(false, false), (true, true)] {
                let t = Case(m: m, n: n, k: k, transposeA: ta, transposeB: tb, accumulate: true, pad: 1)
                let results = [Gemm.Tile.t8x32, .t6x16].map { tile in
                    Self.run(t) { a, b, c in
                        Gemm.Job(m: m, n: n, k: k,
                                 a: Gemm.Source(base: a, strideI: ta ? 1 : t.lda, strideP: ta ? t.lda : 1),
                                 b: Gemm.Source(base: b, strideI: tb ? t.ldb : 1, strideP: tb ? 1 : t.ldb),
                                 c: c, ldc: t.ldc, accumulate: true, tile: tile).run(threads: 2)
                    }
                }
                #expect(results[0] == results[1], "\(t)")
            }
        }
    }
}
