#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Foundation
#endif

/// Binary cross-entropy on logits, the mean over all elements (PyTorch's `BCEWithLogitsLoss`):
///
///     loss = (1/M) Σ_e w_e · [ max(x_e, 0) − x_e · t_e + log(1 + e^(−|x_e|)) ]
///
/// which equals `−t log σ(x) − (1 − t) log(1 − σ(x))` but never takes the logarithm of a number that
/// rounded to 0, nor an exponential of a large positive number (logits ±100 give finite values).
/// One autodiff node; backward `∂loss/∂x_e = w_e · (σ(x_e) − t_e) / M`.
///
/// Weights (`w_e`, 1 without): PyTorch's `weight=`, one per output column (a `[K]` weight broadcast over
/// the samples, as PyTorch broadcasts it), times Keras's class weight of the sample's label 0 or 1
/// (``classWeight``, from `fit ... class_weight=[w0, w1]`). Both keep the mean over M (PyTorch's and
/// Keras's normalisation for this loss). `reduction`: `mean` (M), `sum`, or `none` (the weighted
/// per-element losses, in the outputs' shape).
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
///   values outside [0, 1], labels from other than 2 classes, or several output columns with labels;
///   a `weight` of another length than the columns; class weights with value targets.
public struct BinaryCrossEntropy: Loss {
    /// One weight per output column (`nil`: all 1).
    public let weight: [Float]?
    public let reduction: LossReduction
    /// Keras's class weights `[w0, w1]` for labels 0 and 1 (`nil`: none).
    public let classWeight: [Float]?

    public init() {
        weight = nil
        reduction = .mean
        classWeight = nil
    }

    /// - Throws: for weights that are not finite numbers >= 0, class weights other than two, or both.
    public init(weight: [Float]? = nil, reduction: LossReduction = .mean, classWeight: [Float]? = nil) throws {
        if let weight {
            guard !weight.isEmpty else { throw EngineError.invalidArgument("bce: weight needs one value per output column; got none") }
            if let bad = weight.first(where: { !($0 >= 0 && $0.isFinite) }) {
                throw EngineError.invalidArgument("bce: weight must be finite numbers >= 0 (one per output column); got \(bad)")
            }
        }
        if let classWeight {
            try ClassWeights.check(classWeight)
            guard classWeight.count == 2 else {
                throw EngineError.invalidArgument("class_weight for bce needs 2 values (labels 0 and 1); got \(classWeight.count)")
            }
        }
        self.weight = weight
        self.reduction = reduction
        self.classWeight = classWeight
    }

    public var name: String { "bce" }
    public var description: String {
        var options: [String] = []
        if let weight { options.append("weight: " + Argument.numbers(weight.map(Double.init)).description) }
        if reduction != .mean { options.append("reduction: \(reduction)") }
        if let classWeight { options.append("class_weight: " + Argument.numbers(classWeight.map(Double.init)).description) }
        return "BinaryCrossEntropy(\(options.joined(separator: ", ")))"
    }

    public var reducesToOneValue: Bool { reduction != .none }

    /// Whether every element weighs 1.
    var isUnweighted: Bool { weight == nil && classWeight == nil }

    public func callAsFunction(_ outputs: Tensor, _ targets: Targets) throws -> Tensor {
        try checkNotEmpty(outputs)
        let target: [Float]
        var labels: [Int]?
        switch targets {
        case .values(let values):
            try checkValues(values, for: outputs)
            if classWeight != nil {
                throw EngineError.invalidArgument("class_weight needs class labels; these targets are values (probabilities or regression targets)")
            }
            if let bad = values.data.first(where: { !($0 >= 0 && $0 <= 1) }) {
                throw EngineError.invalidArgument("\(name): targets must be in [0, 1]; found \(bad)")
            }
            target = values.data
        case let .classes(given, classCount):
            guard classCount == 2 else {
                throw EngineError.invalidArgument("\(name) needs labels from 2 classes (0 and 1); these have \(classCount)")
            }
            guard outputs.rank == 1 || (outputs.rank == 2 && outputs.shape[1] == 1) else {
                throw EngineError.invalidArgument(
                    "\(name) with class labels needs one logit per sample, outputs of shape [N] or [N, 1]; got \(EngineError.format(outputs.shape))")
            }
            try checkLabels(given, for: outputs, classes: 2)
            target = given.map(Float.init)
            labels = given
        }
        let count = outputs.count
        let width = count / Swift.max(1, outputs.shape[0])
        if let weight, weight.count != width {
            throw EngineError.invalidArgument("bce: weight has \(weight.count) values but the outputs have \(width) column\(width == 1 ? "" : "s") (shape \(EngineError.format(outputs.shape)))")
        }
        let weights = elementWeights(count: count, width: width) { labels?[$0] ?? 0 }
        let reduction = reduction
        if reduction == .none {
            let losses: [Float] = (0 ..< count).map { e in
                outputs.data.withUnsafeBufferPointer { x in
                    Float(Self.sum(x.baseAddress! + e, count: 1, target: { _ in target[e] }, weight: { _ in weights?[e] ?? 1 }))
                }
            }
            return Tensor.record(Tensor(uncheckedShape: outputs.shape, data: losses), "binary_cross_entropy", [outputs]) { g in
                [try Tensor(shape: outputs.shape, data: (0 ..< count).map { e in
                    (g.data[e] * (weights?[e] ?? 1)) * (Self.sigmoid(outputs.data[e]) - target[e])
                })]
            }
        }
        let total = outputs.data.withUnsafeBufferPointer { x in
            target.withUnsafeBufferPointer { t in Self.sum(x.baseAddress!, count: count, target: { t[$0] }, weight: { weights?[$0] ?? 1 }) }
        }
        let divisor = reduction == .mean ? Double(count) : 1
        let out = Tensor(Float(total / divisor))
        return Tensor.record(out, "binary_cross_entropy", [outputs]) { g in
            let scale = try g.item() / Float(divisor)
            return [try Tensor.make(shape: outputs.shape) { grad in
                outputs.data.withUnsafeBufferPointer { x in
                    target.withUnsafeBufferPointer { t in
                        Self.gradient(x.baseAddress!, count: count, scale: scale, into: grad.baseAddress!,
                                      target: { t[$0] }, weight: { weights?[$0] ?? 1 })
                    }
                }
            }]
        }
    }

    /// Each element's weight `w_e` (column weight times the class weight of its sample's label,
    /// `label(sample)`); `nil` when all are 1.
    func elementWeights(count: Int, width: Int, label: (Int) -> Int) -> [Float]? {
        guard !isUnweighted else { return nil }
        return (0 ..< count).map { e in (classWeight?[label(e / width)] ?? 1) * (weight?[e % width] ?? 1) }
    }

    /// Σ w·(max(x, 0) − x·t + log(1 + e^−|x|)) over `count` logits in Double, the target of element e
    /// being `target(e)` and its weight `weight(e)`: the forward pass of the autodiff loss and of the
    /// training step's kernel.
    @inline(__always)
    static func sum(_ x: UnsafePointer<Float>, count: Int, target: (Int) -> Float, weight: (Int) -> Float = { _ in 1 }) -> Double {
        var total = 0.0
        for e in 0 ..< count {
            let v = Double(x[e])
            total += Double(weight(e)) * (Swift.max(v, 0) - v * Double(target(e)) + log1p(exp(-Swift.abs(v))))
        }
        return total
    }

    /// ∂/∂x = (scale · w) · (σ(x) − t): the backward pass of both.
    @inline(__always)
    static func gradient(_ x: UnsafePointer<Float>, count: Int, scale: Float, into g: UnsafeMutablePointer<Float>,
                         target: (Int) -> Float, weight: (Int) -> Float = { _ in 1 }) {
        for e in 0 ..< count { g[e] = (scale * weight(e)) * (sigmoid(x[e]) - target(e)) }
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
        guard reduction != .none, weight == nil || weight?.count == outputCount else { return nil }
        let isMean = reduction == .mean
        switch targets {
        case .values(let values):
            guard classWeight == nil, let samples = values.shape.first, samples > 0, values.count == samples * outputCount,
                  values.data.allSatisfy({ $0 >= 0 && $0 <= 1 }) else { return nil }
            return BinaryCrossEntropyKernel(targets: values.data, width: outputCount, isMean: isMean,
                                            weights: elementWeights(count: values.count, width: outputCount) { _ in 0 })
        case let .classes(labels, classCount):
            guard classCount == 2, outputCount == 1, labels.allSatisfy({ $0 == 0 || $0 == 1 }) else { return nil }
            return BinaryCrossEntropyKernel(targets: labels.map(Float.init), width: 1, isMean: isMean,
                                            weights: elementWeights(count: labels.count, width: 1) { labels[$0] })
        }
    }
}

/// ``BinaryCrossEntropy`` on the training step's buffers: its ``BinaryCrossEntropy/sum`` and
/// ``BinaryCrossEntropy/gradient`` with the batch's targets and weights, and scale 1/M (1 for `sum`).
final class BinaryCrossEntropyKernel: LossKernel {
    /// `width` targets (and weights, when any) per sample of the data set.
    let targets: [Float], width: Int, isMean: Bool
    let weights: [Float]?

    init(targets: [Float], width: Int, isMean: Bool = true, weights: [Float]? = nil) {
        (self.targets, self.width, self.isMean, self.weights) = (targets, width, isMean, weights)
    }

    func loss(_ z: UnsafePointer<Float>, samples: UnsafeBufferPointer<Int>,
              gradient: UnsafeMutablePointer<Float>?) -> Float {
        let count = samples.count * width, width = width
        let divisor = isMean ? Double(count) : 1
        return targets.withUnsafeBufferPointer { t in
            let target: (Int) -> Float = { e in t[samples[e / width] * width + e % width] }
            let w = weights ?? []
            let weight: (Int) -> Float = weights == nil ? { _ in 1 } : { e in w[samples[e / width] * width + e % width] }
            if let gradient {
                BinaryCrossEntropy.gradient(z, count: count, scale: 1 / Float(divisor), into: gradient, target: target, weight: weight)
            }
            return Float(BinaryCrossEntropy.sum(z, count: count, target: target, weight: weight) / divisor)
        }
    }
}
