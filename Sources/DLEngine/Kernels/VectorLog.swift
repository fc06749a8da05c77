#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Foundation
#endif

/// The natural logarithm on 8 Double lanes at once, for the log-sum-exp of the softmax cross-entropy
/// (one logarithm per row of every batch: twenty calls of the C library's `log` were 7 % of the
/// spiral's training step).
///
/// The reduction and polynomial of Sun's fdlibm `log` (the basis of most C libraries'): x = 2ᵏ·m with m in
/// [√2/2, √2), f = m − 1, s = f / (2 + f), log(1 + f) = f − (f²/2 − s·(f²/2 + R(s²))) with R a degree-7
/// minimax polynomial in s², and k·ln 2 added in two parts (ln 2's high part has trailing zeros, so k·ln 2
/// high is exact). Error below 1 ulp (`VectorLogTests` compares with the C library's `log`, which is
/// correctly rounded nearly everywhere: at most 1 ulp apart). Zero, infinities, NaN, negative and
/// subnormal lanes take the C library's `log` lane by lane (exact special values; none occur in a
/// log-sum-exp but 0, +∞ and NaN). Each lane's result depends on that lane only.
enum VectorLog {
    typealias Vector = SIMD8<Double>

    @inline(__always)
    static func log(_ x: Vector) -> Vector {
        let bits = unsafeBitCast(x, to: SIMD8<UInt64>.self)
        // m in [1, 2) from the mantissa; the biased exponent as a Double (read from the low bits of
        // 2⁵² + e, which a vector conversion from integers would do lane by lane).
        var m = unsafeBitCast((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000, to: Vector.self)
        let biased = unsafeBitCast((bits &>> 52) | 0x4330_0000_0000_0000, to: Vector.self) - 4_503_599_627_370_496
        var k = biased - 1023
        // m in [√2/2, √2): halve the large ones (exact) and count one more power of two.
        let large = m .> 1.4142135623730951
        m.replace(with: m * 0.5, where: large)
        k.replace(with: k + 1, where: large)
        let f = m - 1
        let halfSquare = 0.5 * f * f
        let s = f / (2 + f)
        let z = s * s, w = z * z
        let t1 = w * (3.999999999940941908e-01 + w * (2.222219843214978396e-01 + w * 1.531383769920937332e-01))
        let t2 = z * (6.666666666666735130e-01 + w * (2.857142874366239149e-01
            + w * (1.818357216161805012e-01 + w * 1.479819860511658591e-01)))
        let r = t2 + t1
        let result0 = k * 6.93147180369123816490e-01
            - ((halfSquare - (s * (halfSquare + r) + k * 1.90821492927058770002e-10)) - f)
        var result = result0
        // Lanes outside the positive normal range: zero, subnormal, negative, infinite or NaN (tested on
        // the doubles: 64-bit integer lane compares compiled to a loop over the lanes).
        let normal = (x .>= Vector(repeating: .leastNormalMagnitude)) .& (x .<= Vector(repeating: .greatestFiniteMagnitude))
        if !all(normal) { fixSpecialLanes(&result, x, .!normal) }
        return result
    }

    /// Out of line, so that the common path above stays small enough to inline (and independent calls
    /// overlap).
    @inline(never)
    private static func fixSpecialLanes(_ result: inout Vector, _ x: Vector, _ special: SIMDMask<Vector.MaskStorage>) {
        for lane in 0 ..< Vector.scalarCount where special[lane] { result[lane] = libraryLog(x[lane]) }
    }
}

/// The C library's `log` (named apart from ``VectorLog/log(_:)``).
@inline(__always)
private func libraryLog(_ x: Double) -> Double { log(x) }
