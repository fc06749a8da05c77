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
/// arithmetic of ``SoftmaxCrossEntropy`` (shifted by the row's largest score, sums in Double) for
/// one-hot targets, so both loops compute the same bits.
final class SoftmaxCrossEntropyKernel: LossKernel {
    let labels: [Int]
    let classes: Int

    init(labels: [Int], classes: Int) {
        self.labels = labels
        self.classes = classes
    }

    func loss(_ z: UnsafePointer<Float>, samples: UnsafeBufferPointer<Int>,
              gradient: UnsafeMutablePointer<Float>?) -> Float {
        let n = samples.count, c = classes
        let scale = 1 / Float(n)
        var total = 0.0
        labels.withUnsafeBufferPointer { labels in
            for i in 0 ..< n {
                let row = z + i * c, label = labels[samples[i]]
                var largest = -Double.infinity
                for j in 0 ..< c { largest = Swift.max(largest, Double(row[j])) }
                // All −inf (or a +inf): no finite shift exists; let the NaN show rather than hide it.
                if !largest.isFinite { largest = 0 }
                var sum = 0.0
                for j in 0 ..< c { sum += exp(Double(row[j]) - largest) }
                let logSum = largest + log(sum)
                total += logSum - Double(row[label])
                guard let gradient else { continue }
                let g = gradient + i * c
                for j in 0 ..< c {
                    let p = Float(exp(Double(row[j]) - logSum))
                    g[j] = scale * (p * 1 - (j == label ? 1 : 0))
                }
            }
        }
        return Float(total / Double(n))
    }
}
