#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Foundation
#endif

extension SoftmaxCrossEntropy: BufferedLoss {
    /// Class labels only (soft targets take the autodiff loss), each in `0 ..< outputCount`.
    /// With class weights, label smoothing or `reduction="sum"`, ``WeightedSoftmaxCrossEntropyKernel``
    /// (weights of another length take the autodiff loss, which reports them).
    public func makeKernel(outputCount: Int, targets: Targets) throws -> (any LossKernel)? {
        guard case .classes(let labels, _) = targets, labels.allSatisfy({ $0 >= 0 && $0 < outputCount })
        else { return nil }
        guard !isPlain else { return SoftmaxCrossEntropyKernel(labels: labels, classes: outputCount) }
        guard reduction != .none, weight == nil || weight?.count == outputCount,
              classWeight == nil || classWeight?.count == outputCount else { return nil }
        return WeightedSoftmaxCrossEntropyKernel(self, labels: labels, classes: outputCount)
    }
}

/// `loss = (1/N) Σ_i (log Σ_j e^(z_ij) − z_i,y_i)`, `∂loss/∂z = (softmax(z) − onehot(y)) / N`: the
/// arithmetic of ``SoftmaxCrossEntropy`` (``SoftmaxRows``) for
/// one-hot targets, so both loops compute the same bits.
final class SoftmaxCrossEntropyKernel: ClassMajorLossKernel {
    let labels: [Int]
    let classes: Int
    /// The batch's softmax and per-row log-sum-exp, reused from step to step (raw buffers: an array
    /// property costs a uniqueness check and a closure per access, a measurable part of a call that
    /// takes well under a microsecond for a small batch).
    private var probabilities: UnsafeMutablePointer<Float>
    private var logSumExp: UnsafeMutablePointer<Double>
    /// The rows the buffers hold.
    private var capacity = 0
    private let scratch = SoftmaxRows.Scratch()

    /// The softmax of a class-major batch (``SoftmaxRows/blockRows`` apart), made on first use.
    private var classMajorProbabilities: UnsafeMutablePointer<Float>?

    init(labels: [Int], classes: Int) {
        self.labels = labels
        self.classes = classes
        probabilities = .allocate(capacity: 0)
        logSumExp = .allocate(capacity: 0)
    }

    deinit {
        probabilities.deallocate()
        logSumExp.deallocate()
        classMajorProbabilities?.deallocate()
    }

    /// Grows the row-major buffers to `rows` rows.
    private func reserve(rows: Int) {
        guard capacity < rows else { return }
        probabilities.deallocate()
        logSumExp.deallocate()
        probabilities = .allocate(capacity: rows * classes)
        logSumExp = .allocate(capacity: rows)
        capacity = rows
    }

    var classMajorLimits: (rows: Int, classes: Int) { (SoftmaxRows.blockRows, SoftmaxRows.blockedColumns) }

    func loss(classMajor zT: UnsafePointer<Float>, stride: Int, samples: UnsafeBufferPointer<Int>,
              gradient gT: UnsafeMutablePointer<Float>) -> Float {
        let n = samples.count, c = classes, pStride = SoftmaxRows.blockRows
        reserve(rows: n)
        let pT: UnsafeMutablePointer<Float>
        if let existing = classMajorProbabilities {
            pT = existing
        } else {
            pT = .allocate(capacity: pStride * SoftmaxRows.blockedColumns)
            pT.initialize(repeating: 0, count: pStride * SoftmaxRows.blockedColumns)
            classMajorProbabilities = pT
        }
        let logSum = logSumExp
        SoftmaxRows.classMajor(zT, stride: stride, rows: n, columns: c, probabilities: pT, probabilityStride: pStride,
                               logSumExp: logSum, scratch: scratch)
        var total = 0.0
        labels.withUnsafeBufferPointer { labels in
            for i in 0 ..< n { total += logSum[i] - Double(zT[labels[samples[i]] * stride + i]) }
            // The arithmetic of the row-major gradient below, element by element (16 rows at a time: the
            // lanes past n land in the stride's padding).
            let scale = 1 / Float(n)
            typealias Vector = SIMD16<Float>
            for j in 0 ..< c {
                var i0 = 0
                while i0 < n {
                    let p = UnsafeRawPointer(pT + (j &* pStride &+ i0)).loadUnaligned(as: Vector.self)
                    UnsafeMutableRawPointer(gT + (j &* stride &+ i0)).storeBytes(of: scale * (p * 1 - 0), as: Vector.self)
                    i0 &+= 16
                }
            }
            for i in 0 ..< n {
                let j = labels[samples[i]]
                gT[j * stride + i] = scale * (pT[j * pStride + i] * 1 - 1)
            }
        }
        return Float(total / Double(n))
    }

    func loss(_ z: UnsafePointer<Float>, samples: UnsafeBufferPointer<Int>,
              gradient: UnsafeMutablePointer<Float>?) -> Float {
        let n = samples.count, c = classes
        reserve(rows: n)
        let p = probabilities, logSum = logSumExp
        SoftmaxRows.compute(z, rows: n, columns: c, probabilities: p, logSumExp: logSum,
                            scratch: scratch)
        var total = 0.0
        labels.withUnsafeBufferPointer { labels in
            for i in 0 ..< n { total += logSum[i] - Double(z[i * c + labels[samples[i]]]) }
            guard let gradient else { return }
            // scale · (p_j · 1 − t_j), t the one-hot row (the autodiff backward's p · mass − t with
            // mass = 1): every element with t = 0 in one flat pass, then the labels' elements with t = 1.
            let scale = 1 / Float(n)
            for k in 0 ..< n * c { gradient[k] = scale * (p[k] * 1 - 0) }
            for i in 0 ..< n {
                let k = i * c + labels[samples[i]]
                gradient[k] = scale * (p[k] * 1 - 1)
            }
        }
        return Float(total / Double(n))
    }
}
