#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Foundation
#endif

/// Softmax followed by cross-entropy, fused into one numerically stable autodiff node: the article's
/// `SoftmaxWithLoss` (PyTorch's `CrossEntropyLoss` on logits, with its `weight`, `label_smoothing` and
/// `reduction`).
///
/// For scores `z` of shape `[N, C]` (logits: no softmax layer before it) and labels `y`, by default:
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
/// Options, with PyTorch's equations (``SoftmaxCrossEntropy/targetWeights(_:classes:)``): class weights
/// `w` (one per class, >= 0), label smoothing `ε` in [0, 1] (the target becomes `(1 − ε)·t + ε/C`), and
/// the reduction. Each sample's loss is `ℓ_i = Σ_j T_ij · (log Σ_k e^(z_ik) − z_ij)` with
/// `T_ij = w_j · ((1 − ε)·t_ij + ε/C)`; `mean` divides their sum by `Σ_i w_{y_i}` for labels (PyTorch's
/// weighted mean; N without weights) and by N for soft targets, `sum` does not divide, `none` returns
/// the `[N]` losses (for computing a value; `fit` and `evaluate` refuse it). A batch whose labels all
/// weigh 0 has mean 0 and no gradient (PyTorch's is NaN). Backward: `∂ℓ_i/∂z_ij = p_ij·Σ_k T_ik − T_ij`.
///
/// Keras's `class_weight` (`fit ... class_weight=[...]`, ``classWeight``) is another weighting: each
/// sample's whole loss is scaled by its label's weight `s_i = cw_{y_i}` (`T_ij = s_i·((1 − ε)·t_ij + ε/C)`)
/// and `mean` divides by N, the batch size, not by the weights' sum (Keras's `sum_over_batch_size`).
/// It needs class labels and does not combine with `weight`.
///
/// - Throws: for outputs that are not a non-empty `[N, C]`, a label count other than N, a label outside
///   `0 ..< C`, soft targets of another shape or outside [0, 1], or class weights of a length other than
///   C; every message names the shapes.
public struct SoftmaxCrossEntropy: Loss {
    /// One weight per class (`nil`: all 1).
    public let weight: [Float]?
    /// ε in [0, 1].
    public let labelSmoothing: Float
    public let reduction: LossReduction
    /// Keras's class weights, one per class (`nil`: none): scale each sample's loss by its label's
    /// weight, the mean over the batch size.
    public let classWeight: [Float]?

    /// The plain loss: no weights, no smoothing, the mean.
    public init() {
        weight = nil
        labelSmoothing = 0
        reduction = .mean
        classWeight = nil
    }

    /// - Throws: for a negative or non-finite weight, or a smoothing outside [0, 1]; the messages name
    ///   `weight` and `label_smoothing`; for class weights that are not finite numbers >= 0, or given
    ///   with `weight`.
    public init(weight: [Float]? = nil, labelSmoothing: Float = 0, reduction: LossReduction = .mean,
                classWeight: [Float]? = nil) throws {
        if let classWeight {
            try ClassWeights.check(classWeight)
            guard weight == nil else {
                throw EngineError.invalidArgument("class_weight cannot be combined with softmax_ce weight=, which already weights the classes (PyTorch's normalisation); give one of them")
            }
        }
        self.classWeight = classWeight
        if let weight {
            guard !weight.isEmpty else { throw EngineError.invalidArgument("softmax_ce: weight needs one value per class; got none") }
            if let bad = weight.first(where: { !($0 >= 0 && $0.isFinite) }) {
                throw EngineError.invalidArgument("softmax_ce: weight must be finite numbers >= 0 (one per class); got \(bad)")
            }
        }
        guard labelSmoothing >= 0 && labelSmoothing <= 1 else {
            throw EngineError.invalidArgument("softmax_ce: label_smoothing must be between 0 and 1; got \(labelSmoothing)")
        }
        self.weight = weight
        self.labelSmoothing = labelSmoothing
        self.reduction = reduction
    }

    public var name: String { "softmax_ce" }

    /// Whether it is the plain loss (whose fast kernel is ``SoftmaxCrossEntropyKernel``).
    var isPlain: Bool { weight == nil && classWeight == nil && labelSmoothing == 0 && reduction == .mean }

    public var description: String {
        var options: [String] = []
        if let weight { options.append("weight: " + Argument.numbers(weight.map(Double.init)).description) }
        if labelSmoothing != 0 { options.append("label_smoothing: \(Argument.number(Double(labelSmoothing)))") }
        if reduction != .mean { options.append("reduction: \(reduction)") }
        if let classWeight { options.append("class_weight: " + Argument.numbers(classWeight.map(Double.init)).description) }
        return "SoftmaxCrossEntropy(\(options.joined(separator: ", ")))"
    }

    public var reducesToOneValue: Bool { reduction != .none }

    public func callAsFunction(_ outputs: Tensor, _ targets: Targets) throws -> Tensor {
        let (n, c) = try checkScores(outputs)
        // The targets and the softmax (as large as the scores), two Doubles per row.
        try MemoryBudget.check(2 * n * c + 4 * n, of: Float.self, shape: outputs.shape)
        let (t, denominator) = try targetWeights(targets, outputs: outputs, classes: c)
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
        var rowLosses = [Double](repeating: 0, count: n)
        let z = outputs.data
        for i in 0 ..< n {
            let row = i * c
            // Terms with t = 0 are skipped, so a −inf score of a wrong class costs nothing (0 · ∞).
            for j in 0 ..< c where t[row + j] != 0 {
                rowLosses[i] += Double(t[row + j]) * (logSumExp[i] - Double(z[row + j]))
            }
        }
        let out: Tensor
        switch reduction {
        case .none: out = Tensor(uncheckedShape: [n], data: rowLosses.map(Float.init))
        case .mean, .sum:
            let total = rowLosses.reduce(0, +)
            out = Tensor(Float(denominator > 0 ? total / denominator : 0))
        }
        let reduction = reduction
        return Tensor.record(out, "softmax_cross_entropy", [outputs]) { [t, probabilities] g in
            // The factor of each row's gradient: the upstream gradient over the mean's denominator, or
            // for `none` the row's own upstream gradient.
            let scalar: Float = reduction == .none ? 0 : (denominator > 0 ? try g.item() / Float(denominator) : 0)
            try MemoryBudget.check(n * c, of: Float.self, shape: outputs.shape)
            var grad = [Float](repeating: 0, count: n * c)
            for i in 0 ..< n {
                let scale = reduction == .none ? g.data[i] : scalar
                let row = i * c
                var mass: Float = 0
                for j in 0 ..< c { mass += t[row + j] }
                for j in 0 ..< c { grad[row + j] = scale * (probabilities[row + j] * mass - t[row + j]) }
            }
            return [try Tensor(shape: [n, c], data: grad)]
        }
    }

    /// The coefficient `T_ij` of each `−log softmax(z)_ij` (one-hot rows for plain labels, the given
    /// probabilities for plain soft targets) and what `mean` divides the sum by (1 for `sum` and `none`).
    func targetWeights(_ targets: Targets, outputs: Tensor, classes c: Int) throws -> (t: [Float], denominator: Double) {
        let n = outputs.shape[0]
        if let weight, weight.count != c {
            throw EngineError.invalidArgument("softmax_ce: weight has \(weight.count) values but the outputs score \(c) classes (shape \(EngineError.format(outputs.shape)))")
        }
        if let classWeight, classWeight.count != c {
            throw EngineError.invalidArgument("class_weight has \(classWeight.count) values but the outputs score \(c) classes (shape \(EngineError.format(outputs.shape)))")
        }
        let smoothing = labelSmoothing / Float(c), keep = 1 - labelSmoothing
        var t = [Float](repeating: 0, count: n * c)
        var denominator = Double(n)
        switch targets {
        case .classes(let labels, _):
            try checkLabels(labels, for: outputs, classes: c)
            for (i, label) in labels.enumerated() {
                let row = i * c, s = classWeight?[label] ?? 1
                if labelSmoothing != 0 { for j in 0 ..< c { t[row + j] = s * ((weight?[j] ?? 1) * smoothing) } }
                t[row + label] += s * ((weight?[label] ?? 1) * keep)
            }
            if let weight { denominator = labels.reduce(0.0) { $0 + Double(weight[$1]) } }
        case .values(let values):
            if classWeight != nil {
                throw EngineError.invalidArgument("class_weight needs class labels; these targets are values (probabilities or regression targets)")
            }
            guard values.shape == outputs.shape else {
                throw EngineError.shapeMismatch(operation: "\(name) (outputs and target probabilities)",
                                                outputs.shape, values.shape)
            }
            if let bad = values.data.first(where: { !($0 >= 0 && $0 <= 1) }) {
                throw EngineError.invalidArgument("\(name): target probabilities must be in [0, 1]; found \(bad)")
            }
            t = values.data
            if weight != nil || labelSmoothing != 0 {
                for k in t.indices { t[k] = (weight?[k % c] ?? 1) * (keep * t[k] + smoothing) }
            }
        }
        return (t, reduction == .mean ? denominator : 1)
    }
}

/// How a loss turns the per-sample losses into its value, as PyTorch's `reduction`.
public enum LossReduction: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The (weighted) mean: the default, and what `fit` minimizes.
    case mean
    /// The sum over the batch.
    case sum
    /// No reduction: one loss per sample, for computing a value (not for `fit`).
    case none

    public var description: String { rawValue }

    /// - Throws: for another name, naming `reduction` and the loss.
    public init(named name: String, for loss: String = "softmax_ce") throws {
        guard let reduction = LossReduction(rawValue: name) else {
            throw EngineError.invalidArgument("\(loss): unknown reduction '\(name)'; reduction= takes mean, sum, none")
        }
        self = reduction
    }
}
