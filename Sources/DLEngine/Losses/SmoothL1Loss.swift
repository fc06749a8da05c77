/// PyTorch's `SmoothL1Loss(beta=1.0)`: the Huber loss divided by `beta`, so that it joins the absolute
/// error `|d| − 0.5 beta` for large differences (Huber joins `delta · |d|`). With `d = out − target`,
/// averaged over all elements:
///
///     ρ(d) = 0.5 d² / beta   if |d| < beta
///            |d| − 0.5 beta  otherwise
///     ρ'(d) = d / beta if |d| < beta, else sign(d)
///
/// `beta = 0` is the mean absolute error (as in PyTorch). With beta 1 it equals ``HuberLoss`` with delta 1.
///
/// Targets and errors: see ``ElementwiseLoss``.
public struct SmoothL1Loss: ElementwiseLoss {
    /// Where the penalty turns from squared to linear; 0 or more.
    public let beta: Float
    public let reduction: LossReduction

    /// - Throws: ``EngineError/invalidArgument(_:)`` for a beta that is negative, infinite or NaN
    ///   (PyTorch refuses a negative beta too).
    public init(beta: Float = 1, reduction: LossReduction = .mean) throws {
        guard beta >= 0, beta.isFinite else {
            throw EngineError.invalidArgument("smooth_l1 needs a finite beta ≥ 0, got \(beta)")
        }
        self.beta = beta
        self.reduction = reduction
    }

    public var name: String { "smooth_l1" }
    public var description: String { "SmoothL1Loss(beta=\(beta)\(reduction == .mean ? "" : ", reduction=\(reduction)"))" }

    public func penalty(_ d: Float) -> (value: Double, slope: Float) {
        let magnitude = Swift.abs(d)
        let sign: Float = d > 0 ? 1 : (d < 0 ? -1 : 0)
        if magnitude < beta { return (0.5 * Double(d) * Double(d) / Double(beta), d / beta) }
        return (Double(magnitude) - 0.5 * Double(beta), sign)
    }
}
