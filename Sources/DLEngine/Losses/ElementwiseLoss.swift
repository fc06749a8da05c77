/// A loss that is the mean, over every element, of a penalty of the difference `d = out − target`:
/// `loss = (1/M) Σ ρ(d)`, M the number of elements, `∂loss/∂out = ρ'(d) / M`. Mean absolute error,
/// Huber and smooth L1 are such losses; each states its `ρ` and `ρ'` once, in ``penalty(_:)``, and the
/// autodiff loss and the training kernel (``ElementwiseLossKernel``) both sum it in the same order, in
/// Double, so the two steps give the same numbers.
///
/// Targets, as for ``MeanSquaredError``:
/// - `.values` with the outputs' shape, or the same number of samples and of elements (`[N]` targets
///   fit `[N, 1]` outputs); never broadcast.
/// - `.classes` with outputs `[N, C]`: the labels compare as one-hot rows.
///
/// `reduction` as PyTorch's: `mean` (the above), `sum` (`Σ ρ(d)`), or `none` (every `ρ(d)`, in the
/// outputs' shape, as PyTorch returns them; `fit` refuses it).
///
/// Throws for an empty batch, targets that do not line up with the outputs (the message names both
/// shapes), or labels outside `0 ..< C`.
public protocol ElementwiseLoss: BufferedLoss {
    /// `ρ(d)` (summed in Double) and its derivative `ρ'(d)`, for one difference `d = out − target`.
    func penalty(_ d: Float) -> (value: Double, slope: Float)
    /// How the elements' penalties become the loss's value.
    var reduction: LossReduction { get }
}

extension ElementwiseLoss {
    public var reducesToOneValue: Bool { reduction != .none }

    public func callAsFunction(_ outputs: Tensor, _ targets: Targets) throws -> Tensor {
        // The targets, the slopes and the values: three arrays as large as the outputs.
        try MemoryBudget.check(3 * outputs.count, of: Float.self, shape: outputs.shape)
        let target = try elementTargets(outputs, targets)
        let count = outputs.count
        var total = 0.0
        var slopes = [Float](repeating: 0, count: count)
        var values = reduction == .none ? [Float](repeating: 0, count: count) : []
        for (i, (z, t)) in zip(outputs.data, target).enumerated() {
            let (value, slope) = penalty(z - t)
            total += value
            slopes[i] = slope
            if !values.isEmpty { values[i] = Float(value) }
        }
        if reduction == .none {
            return Tensor.record(Tensor(uncheckedShape: outputs.shape, data: values), name, [outputs]) { g in
                [try Tensor(shape: outputs.shape, data: zip(slopes, g.data).map { $0 * $1 })]
            }
        }
        let divisor = reduction == .mean ? count : 1
        let out = Tensor(Float(total / Double(divisor)))
        return Tensor.record(out, name, [outputs]) { g in
            let scale = (try g.item()) / Float(divisor)
            return [try Tensor(shape: outputs.shape, data: slopes.map { $0 * scale })]
        }
    }

    /// Value targets with `outputCount` elements per sample, or class labels in `0 ..< outputCount`
    /// (one-hot rows); anything else takes the autodiff loss, which reports the mismatch.
    public func makeKernel(outputCount: Int, targets: Targets) throws -> (any LossKernel)? {
        guard reduction != .none else { return nil }
        switch targets {
        case .values(let values):
            guard let samples = values.shape.first, samples > 0, values.count == samples * outputCount else { return nil }
            return ElementwiseLossKernel(self, targets: values.data, labels: nil, width: outputCount)
        case .classes(let labels, _):
            guard labels.allSatisfy({ $0 >= 0 && $0 < outputCount }) else { return nil }
            return ElementwiseLossKernel(self, targets: [], labels: labels, width: outputCount)
        }
    }
}

extension Loss {
    /// The target of every output element: the values as they are, or labels as one-hot rows.
    /// - Throws: for an empty batch, values that do not line up with the outputs (naming both shapes),
    ///   or labels that do not fit `[N, C]` outputs.
    func elementTargets(_ outputs: Tensor, _ targets: Targets) throws -> [Float] {
        switch targets {
        case .values(let values):
            try checkNotEmpty(outputs)
            try checkValues(values, for: outputs)
            return values.data
        case .classes(let labels, _):
            let (n, c) = try checkScores(outputs)
            try checkLabels(labels, for: outputs, classes: c)
            var oneHot = [Float](repeating: 0, count: n * c)
            for (i, label) in labels.enumerated() { oneHot[i * c + label] = 1 }
            return oneHot
        }
    }
}

/// An ``ElementwiseLoss`` on buffers: `(1/M) Σ ρ(z − t)` over the batch's M = batch · width elements,
/// `∂loss/∂z = ρ'(z − t) / M` (M = 1 for `sum`), the same arithmetic as the autodiff loss.
final class ElementwiseLossKernel<L: ElementwiseLoss>: LossKernel {
    let lossFunction: L
    /// Value targets, `width` per sample (empty for labels).
    let targets: [Float]
    /// Class labels, compared as one-hot rows.
    let labels: [Int]?
    let width: Int

    init(_ loss: L, targets: [Float], labels: [Int]?, width: Int) {
        lossFunction = loss
        self.targets = targets
        self.labels = labels
        self.width = width
    }

    func loss(_ z: UnsafePointer<Float>, samples: UnsafeBufferPointer<Int>,
              gradient: UnsafeMutablePointer<Float>?) -> Float {
        let count = lossFunction.reduction == .sum ? 1 : samples.count * width
        let scale = 1 / Float(count)
        var total = 0.0
        targets.withUnsafeBufferPointer { t in
            for (row, sample) in samples.enumerated() {
                for j in 0 ..< width {
                    let target: Float
                    if let labels { target = labels[sample] == j ? 1 : 0 } else { target = t[sample * width + j] }
                    let (value, slope) = lossFunction.penalty(z[row * width + j] - target)
                    total += value
                    gradient?[row * width + j] = slope * scale
                }
            }
        }
        return Float(total / Double(count))
    }
}
