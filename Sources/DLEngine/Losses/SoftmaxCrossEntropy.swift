#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Foundation
#endif

/// Softmax followed by cross-entropy, fused into one numerically stable autodiff node: the article's
/// `SoftmaxWithLoss` (PyTorch's `CrossEntropyLoss` on logits).
///
/// For scores `z` of shape `[N, C]` (logits: no softmax layer before it) and labels `y`:
///
///     loss = (1/N) Σ_i ( log Σ_j e^(z_ij) − z_i,y_i )
///
/// with the log-sum-exp taken as `m + log Σ_j e^(z_ij − m)`, `m` the row's largest score, so no
/// exponential overflows (logits such as `[1000, 0, −1000]` give a finite loss). The exponentials are
/// float (``VectorExp``), their sums and the logarithm Double (``SoftmaxRows``).
///
/// Backward: `∂loss/∂z = (softmax(z) − onehot(y)) / N`.
///
/// Targets: `.classes` labels in `0 ..< C`; or `.values` of shape `[N, C]` holding target
/// probabilities (soft labels, each in [0, 1]), where `loss = −(1/N) Σ_ij t_ij · log softmax(z)_ij` and
/// `∂loss/∂z_ij = (softmax(z)_ij · Σ_k t_ik − t_ij) / N` (which is `softmax − t` when a row sums to 1).
///
/// - Throws: for outputs that are not a non-empty `[N, C]`, a label count other than N, a label outside
///   `0 ..< C`, or soft targets of another shape or outside [0, 1]; every message names the shapes.
public struct SoftmaxCrossEntropy: Loss {
    public init() {}

    public var name: String { "softmax_ce" }
    public var description: String { "SoftmaxCrossEntropy()" }

    public func callAsFunction(_ outputs: Tensor, _ targets: Targets) throws -> Tensor {
        let (n, c) = try checkScores(outputs)
        // Target weights per element: one-hot rows for labels, the given probabilities otherwise.
        var t = [Float](repeating: 0, count: n * c)
        switch targets {
        case .classes(let labels, _):
            try checkLabels(labels, for: outputs, classes: c)
            for (i, label) in labels.enumerated() { t[i * c + label] = 1 }
        case .values(let values):
            guard values.shape == outputs.shape else {
                throw EngineError.shapeMismatch(operation: "\(name) (outputs and target probabilities)",
                                                outputs.shape, values.shape)
            }
            if let bad = values.data.first(where: { !($0 >= 0 && $0 <= 1) }) {
                throw EngineError.invalidArgument("\(name): target probabilities must be in [0, 1]; found \(bad)")
            }
            t = values.data
        }
        var probabilities = [Float](repeating: 0, count: n * c)
        var logSumExp = [Double](repeating: 0, count: n)
        outputs.data.withUnsafeBufferPointer { z in
            probabilities.withUnsafeMutableBufferPointer { p in
                logSumExp.withUnsafeMutableBufferPointer { l in
                    SoftmaxRows.compute(z.baseAddress!, rows: n, columns: c, probabilities: p.baseAddress!,
                                        logSumExp: l.baseAddress!)
                }
            }
        }
        var total = 0.0
        let z = outputs.data
        for i in 0 ..< n {
            let row = i * c
            // Terms with t = 0 are skipped, so a −inf score of a wrong class costs nothing (0 · ∞).
            for j in 0 ..< c where t[row + j] != 0 {
                total += Double(t[row + j]) * (logSumExp[i] - Double(z[row + j]))
            }
        }
        let out = Tensor(Float(total / Double(n)))
        return Tensor.record(out, "softmax_cross_entropy", [outputs]) { [t, probabilities] g in
            let scale = try g.item() / Float(n)
            var grad = [Float](repeating: 0, count: n * c)
            for i in 0 ..< n {
                let row = i * c
                var mass: Float = 0
                for j in 0 ..< c { mass += t[row + j] }
                for j in 0 ..< c { grad[row + j] = scale * (probabilities[row + j] * mass - t[row + j]) }
            }
            return [try Tensor(shape: [n, c], data: grad)]
        }
    }
}
