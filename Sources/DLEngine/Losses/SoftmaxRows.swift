#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Foundation
#endif

/// The softmax and log-sum-exp of each row of scores, shared by the autodiff cross-entropy
/// (``SoftmaxCrossEntropy``) and its buffered kernel so that both compute the same bits.
///
/// Per row: m = the largest score (NaNs skipped; 0 when it is ±∞, so that the NaN of such a row shows
/// rather than hides), e_j = e^(z_j − m) in float with ``VectorExp`` (16 scores at a time across rows:
/// the classes of a small problem fill few lanes of a row), S = Σ_j e_j summed in Double, log-sum-exp
/// = m + log S in Double, softmax_j = e_j / S. One exponential per score, none of them overflows.
enum SoftmaxRows {
    /// Writes the softmax of the `rows × columns` scores `z` into `probabilities` and returns
    /// `logSumExp(i)` through `body(i, logSumExp)` for each row i in order.
    @inline(__always)
    static func compute(_ z: UnsafePointer<Float>, rows: Int, columns: Int,
                        probabilities: UnsafeMutablePointer<Float>, _ body: (Int, Double) -> Void) {
        let c = columns, count = rows * columns
        for i in 0 ..< rows {
            let row = z + i * c, m = largest(row, c)
            for j in 0 ..< c { probabilities[i * c + j] = row[j] - m }
        }
        var start = 0
        while start + 16 <= count {
            let raw = UnsafeMutableRawPointer(probabilities + start)
            raw.storeBytes(of: VectorExp.exp(raw.loadUnaligned(as: VectorExp.Vector.self)), as: VectorExp.Vector.self)
            start += 16
        }
        if start < count {
            var tail = VectorExp.Vector.zero
            for l in 0 ..< count - start { tail[l] = probabilities[start + l] }
            tail = VectorExp.exp(tail)
            for l in 0 ..< count - start { probabilities[start + l] = tail[l] }
        }
        for i in 0 ..< rows {
            let e = probabilities + i * c
            var sum = 0.0
            for j in 0 ..< c { sum += Double(e[j]) }
            for j in 0 ..< c { e[j] = Float(Double(e[j]) / sum) }
            body(i, Double(largest(z + i * c, c)) + log(sum))
        }
    }

    /// The row's largest score, NaNs skipped, 0 when that is ±∞ (or the row is all NaN).
    @inline(__always)
    private static func largest(_ row: UnsafePointer<Float>, _ c: Int) -> Float {
        var m = -Float.infinity
        for j in 0 ..< c where row[j] > m { m = row[j] }
        return m.isFinite ? m : 0
    }
}
