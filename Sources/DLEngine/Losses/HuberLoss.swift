/// The Huber loss (PyTorch's `HuberLoss(delta=1.0)`, Keras's `Huber`): squared for small differences,
/// linear for large ones, so outliers pull less than under ``MeanSquaredError`` while the minimum stays
/// smooth. With `d = out − target`, averaged over all elements:
///
///     ρ(d) = 0.5 d²                  if |d| ≤ delta
///            delta (|d| − 0.5 delta)  otherwise
///     ρ'(d) = d if |d| ≤ delta, else delta · sign(d)
///
/// Targets and errors: see ``ElementwiseLoss``.
public struct HuberLoss: ElementwiseLoss {
    /// Where the penalty turns from squared to linear; greater than 0.
    public let delta: Float
    public let reduction: LossReduction

    /// - Throws: ``EngineError/invalidArgument(_:)`` for a delta that is not a finite number > 0 (PyTorch
    ///   refuses delta ≤ 0 too).
    public init(delta: Float = 1, reduction: LossReduction = .mean) throws {
        guard delta > 0, delta.isFinite else {
            throw EngineError.invalidArgument("huber needs a finite delta > 0, got \(delta)")
        }
        self.delta = delta
        self.reduction = reduction
    }

    public var name: String { "huber" }
    public var description: String { "HuberLoss(delta=\(delta)\(reduction == .mean ? "" : ", reduction=\(reduction)"))" }

    public func penalty(_ d: Float) -> (value: Double, slope: Float) {
        let magnitude = Swift.abs(d)
        if magnitude <= delta { return (0.5 * Double(d) * Double(d), d) }
        return (Double(delta) * (Double(magnitude) - 0.5 * Double(delta)), d > 0 ? delta : -delta)
    }
}
