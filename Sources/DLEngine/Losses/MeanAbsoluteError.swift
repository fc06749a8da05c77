/// The mean absolute error over all elements: `loss = (1/M) Σ |out − target|`, M the number of
/// elements (PyTorch's `L1Loss()`, Keras's `mae`). Backward `∂loss/∂out = sign(out − target) / M`, with
/// sign(0) = 0 as in PyTorch. Less swayed by outliers than ``MeanSquaredError``: each sample pulls with
/// the same force however far it is.
///
/// Targets and errors: see ``ElementwiseLoss``.
public struct MeanAbsoluteError: ElementwiseLoss {
    public let reduction: LossReduction

    public init(reduction: LossReduction = .mean) { self.reduction = reduction }

    public var name: String { "mae" }
    public var description: String { "MeanAbsoluteError(\(reduction == .mean ? "" : "reduction: \(reduction)"))" }

    public func penalty(_ d: Float) -> (value: Double, slope: Float) {
        (Double(Swift.abs(d)), d > 0 ? 1 : (d < 0 ? -1 : 0))
    }
}
