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
/// rather than hides), e_j = e^(z_j − m) in float with ``VectorExp``, S = Σ_j e_j summed in Double in
/// increasing j, log-sum-exp = m + log S in Double (``VectorLog``, within 1 ulp of the C library's `log`,
/// eight rows at a time), softmax_j = e_j / S in
/// Double rounded to float. One exponential per score, none of them overflows.
///
/// Two layouts compute these same bits. Up to ``blockedColumns`` classes (the small problems, where the
/// per-row loops were mostly overhead), up to ``blockRows`` rows at a time are transposed class-major
/// (row i of class j at `j · rows + i`), so that 16 consecutive floats are 16 rows of one class: the
/// maximum, the Double sums and divisions are lane-wise vector operations in the same order per lane as
/// the scalar loop (IEEE operations give the same result one lane at a time or eight), and the
/// exponentials run over the block's scores 16 at a time with no lane left empty but the last vector's
/// (``VectorExp``'s lanes depend on that lane only, and it is the dearest step). Wider rows run through
/// the scores in memory order.
enum SoftmaxRows {
    /// The widest rows processed class-major.
    static let blockedColumns = 16
    /// The rows transposed at a time: a multiple of 16, so that a block's exponentials fill their vectors.
    static let blockRows = 64

    /// Memory for the class-major blocks, allocated (and zeroed) once by a caller that computes often:
    /// a training loop calls ``compute`` every step, and each call is well under a microsecond for a
    /// small batch. One per thread: ``compute`` writes it.
    final class Scratch {
        /// Class-major scores, later softmax: one block plus a vector's spill.
        let scores: UnsafeMutablePointer<Float>
        /// Class-major shifted scores, later their exponentials.
        let exponentials: UnsafeMutablePointer<Float>
        /// Each row's m.
        let largest: UnsafeMutablePointer<Float>
        /// Each row's S.
        let sums: UnsafeMutablePointer<Double>

        init() {
            let floats = SoftmaxRows.blockRows * SoftmaxRows.blockedColumns + 16
            // Vectors read past the block's last row (the lanes they carry there are never used);
            // zeroed so that every lane read is initialized memory.
            scores = .allocate(capacity: floats)
            scores.initialize(repeating: 0, count: floats)
            exponentials = .allocate(capacity: floats)
            exponentials.initialize(repeating: 0, count: floats)
            largest = .allocate(capacity: SoftmaxRows.blockRows + 16)
            largest.initialize(repeating: 0, count: SoftmaxRows.blockRows + 16)
            sums = .allocate(capacity: SoftmaxRows.blockRows + 8)
            sums.initialize(repeating: 0, count: SoftmaxRows.blockRows + 8)
        }

        deinit {
            scores.deallocate()
            exponentials.deallocate()
            largest.deallocate()
            sums.deallocate()
        }
    }

    /// Writes the softmax of the `rows × columns` scores `z` into `probabilities` (`rows × columns`)
    /// and the log-sum-exp of row i into `logSumExp[i]`. Without a `scratch`, one is made when the rows
    /// are narrow enough to need it (a caller that computes once: the autodiff loss).
    static func compute(_ z: UnsafePointer<Float>, rows: Int, columns: Int,
                        probabilities: UnsafeMutablePointer<Float>, logSumExp: UnsafeMutablePointer<Double>,
                        scratch: Scratch? = nil) {
        if columns <= blockedColumns {
            let scratch = scratch ?? Scratch()
            var start = 0
            while start < rows {
                let r = min(blockRows, rows - start)
                block(z + start * columns, rows: r, columns: columns,
                      probabilities: probabilities + start * columns, logSumExp: logSumExp + start,
                      scratch: scratch)
                start += r
            }
        } else {
            flat(z, rows: rows, columns: columns, probabilities: probabilities, logSumExp: logSumExp)
        }
    }

    private typealias Vector = VectorExp.Vector
    private typealias Half = SIMD8<Double>
    private static let laneIndex = Half(0, 1, 2, 3, 4, 5, 6, 7)

    @inline(__always)
    private static func load<V: SIMD>(_ p: UnsafePointer<Float>, as: V.Type = V.self) -> V {
        UnsafeRawPointer(p).loadUnaligned(as: V.self)
    }

    @inline(__always)
    private static func store<V: SIMD>(_ v: V, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
    }

    /// One block of at most ``blockRows`` rows of at most ``blockedColumns`` classes, row-major in and
    /// out: transposed class-major into the scratch, computed there by ``classMajor``, transposed back.
    private static func block(_ z: UnsafePointer<Float>, rows r: Int, columns c: Int,
                              probabilities: UnsafeMutablePointer<Float>,
                              logSumExp: UnsafeMutablePointer<Double>, scratch: Scratch) {
        let t = scratch.scores
        for i in 0 ..< r {
            for j in 0 ..< c { t[j &* r &+ i] = z[i &* c &+ j] }
        }
        classMajor(t, stride: r, rows: r, columns: c, probabilities: t, probabilityStride: r,
                   logSumExp: logSumExp, scratch: scratch)
        for i in 0 ..< r {
            for j in 0 ..< c { probabilities[i &* c &+ j] = t[j &* r &+ i] }
        }
    }

    /// The softmax and log-sum-exps of class-major scores: row i of class j at `zT[j · stride + i]`,
    /// the softmax likewise at `probabilities[j · probabilityStride + i]` (it may be `zT` itself), for at
    /// most ``blockRows`` rows and ``blockedColumns`` classes. The same bits as the row-major
    /// ``compute(_:rows:columns:probabilities:logSumExp:scratch:)``; a model whose last layer computes
    /// its scores class-major (``DenseStack``) hands them over without a transpose either way.
    ///
    /// A vector that starts in the last rows of a class reads past them (the next class's first rows, a
    /// stride's padding, or the scratch's spill) and may write past them: into the scratch, where a
    /// later step in increasing order writes the right value, or into `probabilities` up to the next
    /// multiple of 8 rows, which a stride of at least the rows rounded up to 16 leaves as padding (or
    /// to the next class, written later). The extra lanes are never used.
    static func classMajor(_ zT: UnsafePointer<Float>, stride: Int, rows r: Int, columns c: Int,
                           probabilities pT: UnsafeMutablePointer<Float>, probabilityStride: Int,
                           logSumExp: UnsafeMutablePointer<Double>, scratch: Scratch) {
        let d = scratch.exponentials, m = scratch.largest, sums = scratch.sums
        // m: `row[j] > m` in increasing j, one lane per row (a NaN never compares greater); then
        // z − m, class by class, into the scratch (`r` apart, so that the exponentials fill vectors).
        var i0 = 0
        while i0 < r {
            var largest = Vector(repeating: -.infinity)
            for j in 0 ..< c {
                let x: Vector = load(zT + (j &* stride &+ i0))
                largest.replace(with: x, where: x .> largest)
            }
            // m is never NaN here, so "not finite" is ±∞.
            largest.replace(with: 0, where: (largest .== .infinity) .| (largest .== -.infinity))
            store(largest, m + i0)
            i0 &+= 16
        }
        for j in 0 ..< c {
            var i0 = 0
            while i0 < r {
                let x: Vector = load(zT + (j &* stride &+ i0)), largest: Vector = load(m + i0)
                store(x - largest, d + (j &* r &+ i0))
                i0 &+= 16
            }
        }
        // e = e^(z − m) over the block's scores in memory order.
        var k = 0
        while k < r &* c {
            store(VectorExp.exp(load(d + k)), d + k)
            k &+= 16
        }
        // S = ((0 + e_0) + e_1) + … in Double, 8 rows at a time.
        i0 = 0
        while i0 < r {
            var sum = Half.zero
            for j in 0 ..< c { sum += Half(load(d + (j &* r &+ i0), as: SIMD8<Float>.self)) }
            UnsafeMutableRawPointer(sums + i0).storeBytes(of: sum, as: Half.self)
            i0 &+= 8
        }
        // softmax = Float(Double(e) / S).
        for j in 0 ..< c {
            var i0 = 0
            while i0 < r {
                let e = Half(load(d + (j &* r &+ i0), as: SIMD8<Float>.self))
                let sum = UnsafeRawPointer(sums + i0).loadUnaligned(as: Half.self)
                store(SIMD8<Float>(e / sum), pT + (j &* probabilityStride &+ i0))
                i0 &+= 8
            }
        }
        // log-sum-exp = m + log S, eight rows at a time (``VectorLog``; the lanes past the rows get 1).
        i0 = 0
        while i0 < r {
            var sum = UnsafeRawPointer(sums + i0).loadUnaligned(as: Half.self)
            sum.replace(with: 1, where: Self.laneIndex .>= Half(repeating: Double(r &- i0)))
            let logarithm = VectorLog.log(sum)
            for l in 0 ..< Swift.min(8, r &- i0) { logSumExp[i0 &+ l] = Double(m[i0 &+ l]) + logarithm[l] }
            i0 &+= 8
        }
    }

    /// Rows of any width: the shifted scores in place in `probabilities`, their exponentials 16 at a
    /// time in memory order (across rows when rows are short), then each row's sum and quotients.
    private static func flat(_ z: UnsafePointer<Float>, rows: Int, columns: Int,
                             probabilities: UnsafeMutablePointer<Float>,
                             logSumExp: UnsafeMutablePointer<Double>) {
        let c = columns, count = rows * columns
        for i in 0 ..< rows {
            let row = z + i * c, m = largest(row, c)
            for j in 0 ..< c { probabilities[i * c + j] = row[j] - m }
        }
        var start = 0
        while start + 16 <= count {
            let raw = UnsafeMutableRawPointer(probabilities + start)
            raw.storeBytes(of: VectorExp.exp(raw.loadUnaligned(as: Vector.self)), as: Vector.self)
            start += 16
        }
        if start < count {
            var tail = Vector.zero
            for l in 0 ..< count - start { tail[l] = probabilities[start + l] }
            tail = VectorExp.exp(tail)
            for l in 0 ..< count - start { probabilities[start + l] = tail[l] }
        }
        for i in 0 ..< rows {
            let e = probabilities + i * c
            var sum = 0.0
            for j in 0 ..< c { sum += Double(e[j]) }
            for j in 0 ..< c { e[j] = Float(Double(e[j]) / sum) }
            logSumExp[i] = sum
        }
        // m + log S with the same logarithm as the blocked rows, eight rows at a time.
        var i0 = 0
        while i0 < rows {
            var sum = Half(repeating: 1)
            for l in 0 ..< Swift.min(8, rows - i0) { sum[l] = logSumExp[i0 + l] }
            let logarithm = VectorLog.log(sum)
            for l in 0 ..< Swift.min(8, rows - i0) {
                logSumExp[i0 + l] = Double(largest(z + (i0 + l) * c, c)) + logarithm[l]
            }
            i0 += 8
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
