#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Foundation
#endif

extension SoftmaxCrossEntropy: BufferedLoss {
    /// Class labels only (soft targets take the autodiff loss), each in `0 ..< outputCount`.
    public func makeKernel(outputCount: Int, targets: Targets) throws -> (any LossKernel)? {
        guard case .classes(let labels, _) = targets, labels.allSatisfy({ $0 >= 0 && $0 < outputCount })
        else { return nil }
        return SoftmaxCrossEntropyKernel(labels: labels, classes: outputCount)
    }
}

/// `loss = (1/N) Σ_i (log Σ_j e^(z_ij) − z_i,y_i)`, `∂loss/∂z = (softmax(z) − onehot(y)) / N`: the
/// arithmetic of ``SoftmaxCrossEntropy`` (``SoftmaxRows``) for
/// one-hot targets, so both loops compute the same bits.
final class SoftmaxCrossEntropyKernel: LossKernel {
    let labels: [Int]
    let classes: Int
    /// The batch's softmax, reused from step to step.
    private var probabilities: [Float] = []

    init(labels: [Int], classes: Int) {
        self.labels = labels
        self.classes = classes
    }

    func loss(_ z: UnsafePointer<Float>, samples: UnsafeBufferPointer<Int>,
              gradient: UnsafeMutablePointer<Float>?) -> Float {
        let n = samples.count, c = classes
        let scale = 1 / Float(n)
        var total = 0.0
        if probabilities.count < n * c { probabilities = [Float](repeating: 0, count: n * c) }
        labels.withUnsafeBufferPointer { labels in
            probabilities.withUnsafeMutableBufferPointer { p in
                let p = p.baseAddress!
                SoftmaxRows.compute(z, rows: n, columns: c, probabilities: p) { i, logSum in
                    let label = labels[samples[i]]
                    total += logSum - Double(z[i * c + label])
                    guard let gradient else { return }
                    let g = gradient + i * c, row = p + i * c
                    for j in 0 ..< c { g[j] = scale * (row[j] * 1 - (j == label ? 1 : 0)) }
                }
            }
        }
        return Float(total / Double(n))
    }
}
