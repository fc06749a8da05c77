#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Foundation
#endif

/// Binary cross-entropy on logits, the mean over all elements (PyTorch's `BCEWithLogitsLoss`):
///
///     loss = (1/M) Σ [ max(x, 0) − x · t + log(1 + e^(−|x|)) ]
///
/// which equals `−t log σ(x) − (1 − t) log(1 − σ(x))` but never takes the logarithm of a number that
/// rounded to 0, nor an exponential of a large positive number (logits ±100 give finite values).
/// One autodiff node; backward `∂loss/∂x = (σ(x) − t) / M`.
///
/// Shapes: outputs are logits, one per element (no sigmoid layer before this loss): `[N]`, `[N, 1]`, or
/// `[N, K]` for K independent binary targets.
///
/// Targets:
/// - `.values` in [0, 1] lining up with the outputs (the same shape, or the same number of samples and
///   elements: `[N]` fits `[N, 1]`; never broadcast).
/// - `.classes` with 2 classes (labels 0 and 1) and outputs with a single column, `[N]` or `[N, 1]`.
///
/// - Throws: for an empty batch, targets that do not line up (the message names both shapes), target
///   values outside [0, 1], labels from other than 2 classes, or several output columns with labels.
public struct BinaryCrossEntropy: Loss {
    public init() {}

    public var name: String { "bce" }
    public var description: String { "BinaryCrossEntropy()" }

    public func callAsFunction(_ outputs: Tensor, _ targets: Targets) throws -> Tensor {
        try checkNotEmpty(outputs)
        let target: [Float]
        switch targets {
        case .values(let values):
            try checkValues(values, for: outputs)
            if let bad = values.data.first(where: { !($0 >= 0 && $0 <= 1) }) {
                throw EngineError.invalidArgument("\(name): targets must be in [0, 1]; found \(bad)")
            }
            target = values.data
        case let .classes(labels, classCount):
            guard classCount == 2 else {
                throw EngineError.invalidArgument("\(name) needs labels from 2 classes (0 and 1); these have \(classCount)")
            }
            guard outputs.rank == 1 || (outputs.rank == 2 && outputs.shape[1] == 1) else {
                throw EngineError.invalidArgument(
                    "\(name) with class labels needs one logit per sample, outputs of shape [N] or [N, 1]; got \(EngineError.format(outputs.shape))")
            }
            try checkLabels(labels, for: outputs, classes: 2)
            target = labels.map(Float.init)
        }
        let count = outputs.count
        var total = 0.0
        for (x, t) in zip(outputs.data, target) {
            let x = Double(x)
            total += Swift.max(x, 0) - x * Double(t) + log1p(exp(-Swift.abs(x)))
        }
        let out = Tensor(Float(total / Double(count)))
        return Tensor.record(out, "binary_cross_entropy", [outputs]) { g in
            let scale = try g.item() / Float(count)
            let grad = zip(outputs.data, target).map { x, t in scale * (Self.sigmoid(x) - t) }
            return [try Tensor(shape: outputs.shape, data: grad)]
        }
    }

    /// σ(x) without overflow: e^x is only taken of non-positive numbers.
    static func sigmoid(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + expf(-x)) }
        let e = expf(x)
        return e / (1 + e)
    }
}
