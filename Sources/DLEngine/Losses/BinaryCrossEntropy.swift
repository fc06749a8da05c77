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
        let total = outputs.data.withUnsafeBufferPointer { x in
            target.withUnsafeBufferPointer { t in Self.sum(x.baseAddress!, count: count) { t[$0] } }
        }
        let out = Tensor(Float(total / Double(count)))
        return Tensor.record(out, "binary_cross_entropy", [outputs]) { g in
            let scale = try g.item() / Float(count)
            return [try Tensor.make(shape: outputs.shape) { grad in
                outputs.data.withUnsafeBufferPointer { x in
                    target.withUnsafeBufferPointer { t in
                        Self.gradient(x.baseAddress!, count: count, scale: scale, into: grad.baseAddress!) { t[$0] }
                    }
                }
            }]
        }
    }

    /// Σ max(x, 0) − x·t + log(1 + e^−|x|) over `count` logits in Double, the target of element e being
    /// `target(e)`: the forward pass of the autodiff loss and of the training step's kernel.
    @inline(__always)
    static func sum(_ x: UnsafePointer<Float>, count: Int, target: (Int) -> Float) -> Double {
        var total = 0.0
        for e in 0 ..< count {
            let v = Double(x[e])
            total += Swift.max(v, 0) - v * Double(target(e)) + log1p(exp(-Swift.abs(v)))
        }
        return total
    }

    /// ∂/∂x = scale · (σ(x) − t): the backward pass of both.
    @inline(__always)
    static func gradient(_ x: UnsafePointer<Float>, count: Int, scale: Float, into g: UnsafeMutablePointer<Float>,
                         target: (Int) -> Float) {
        for e in 0 ..< count { g[e] = scale * (sigmoid(x[e]) - target(e)) }
    }

    static func sigmoid(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + expf(-x)) }
        let e = expf(x)
        return e / (1 + e)
    }
}

extension BinaryCrossEntropy: BufferedLoss {
    /// Value targets in [0, 1] with `outputCount` per sample, or labels 0/1 of two classes for one logit
    /// per sample; anything else takes the autodiff loss, which reports it.
    public func makeKernel(outputCount: Int, targets: Targets) throws -> (any LossKernel)? {
        switch targets {
        case .values(let values):
            guard let samples = values.shape.first, samples > 0, values.count == samples * outputCount,
                  values.data.allSatisfy({ $0 >= 0 && $0 <= 1 }) else { return nil }
            return BinaryCrossEntropyKernel(targets: values.data, width: outputCount)
        case let .classes(labels, classCount):
            guard classCount == 2, outputCount == 1, labels.allSatisfy({ $0 == 0 || $0 == 1 }) else { return nil }
            return BinaryCrossEntropyKernel(targets: labels.map(Float.init), width: 1)
        }
    }
}

/// ``BinaryCrossEntropy`` on the training step's buffers: its ``BinaryCrossEntropy/sum`` and
/// ``BinaryCrossEntropy/gradient`` with the batch's targets and scale 1/M.
final class BinaryCrossEntropyKernel: LossKernel {
    /// `width` targets per sample of the data set.
    let targets: [Float], width: Int

    init(targets: [Float], width: Int) { (self.targets, self.width) = (targets, width) }

    func loss(_ z: UnsafePointer<Float>, samples: UnsafeBufferPointer<Int>,
              gradient: UnsafeMutablePointer<Float>?) -> Float {
        let count = samples.count * width, width = width
        return targets.withUnsafeBufferPointer { t in
            let target: (Int) -> Float = { e in t[samples[e / width] * width + e % width] }
            if let gradient {
                BinaryCrossEntropy.gradient(z, count: count, scale: 1 / Float(count), into: gradient, target: target)
            }
            return Float(BinaryCrossEntropy.sum(z, count: count, target: target) / Double(count))
        }
    }
}
