/// The mean squared error over all elements: `loss = (1/M) Σ (out − target)²`, M the number of elements
/// (PyTorch's `MSELoss()`, Keras's `mse`). One autodiff node; backward `∂loss/∂out = 2 (out − target) / M`.
///
/// Targets:
/// - `.values` with the outputs' shape, or the same number of samples and elements (`[N]` targets fit
///   `[N, 1]` outputs). Shapes are never broadcast: `[N, 1]` against `[N]` broadcast would compare every
///   output with every target, a silent bug in other libraries.
/// - `.classes` with outputs `[N, C]`: the labels are compared as one-hot rows (what Keras users pass).
///
/// `reduction` as PyTorch's: `mean`, `sum` (`Σ (out − target)²`), or `none` (every squared difference, in
/// the outputs' shape, as PyTorch returns them; `fit` refuses it).
///
/// - Throws: for an empty batch, or targets that do not line up with the outputs (the message names
///   both shapes), or labels outside `0 ..< C`.
public struct MeanSquaredError: Loss {
    public let reduction: LossReduction

    public init(reduction: LossReduction = .mean) { self.reduction = reduction }

    public var name: String { "mse" }
    public var description: String { "MeanSquaredError(\(reduction == .mean ? "" : "reduction: \(reduction)"))" }
    public var reducesToOneValue: Bool { reduction != .none }

    public func callAsFunction(_ outputs: Tensor, _ targets: Targets) throws -> Tensor {
        let target: [Float]
        switch targets {
        case .values(let values):
            try checkNotEmpty(outputs)
            try checkValues(values, for: outputs)
            target = values.data
        case .classes(let labels, _):
            let (n, c) = try checkScores(outputs)
            try checkLabels(labels, for: outputs, classes: c)
            try MemoryBudget.check(n * c, of: Float.self, shape: outputs.shape)
            var oneHot = [Float](repeating: 0, count: n * c)
            for (i, label) in labels.enumerated() { oneHot[i * c + label] = 1 }
            target = oneHot
        }
        let difference = zip(outputs.data, target).map { $0 - $1 }
        if reduction == .none {
            let squares = difference.map { Float(Double($0) * Double($0)) }
            return Tensor.record(Tensor(uncheckedShape: outputs.shape, data: squares), "mean_squared_error", [outputs]) { g in
                [try Tensor(shape: outputs.shape, data: zip(difference, g.data).map { 2 * $1 * $0 })]
            }
        }
        let count = reduction == .mean ? outputs.count : 1
        let total = difference.reduce(0.0) { $0 + Double($1) * Double($1) }
        let out = Tensor(Float(total / Double(count)))
        return Tensor.record(out, "mean_squared_error", [outputs]) { g in
            let scale = 2 * (try g.item()) / Float(count)
            return [try Tensor(shape: outputs.shape, data: difference.map { $0 * scale })]
        }
    }
}
