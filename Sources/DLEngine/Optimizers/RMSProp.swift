/// RMSProp: divides the gradient by a running root mean square of recent gradients. PyTorch's
/// `torch.optim.RMSprop`, with the same equations and defaults.
///
/// For each parameter θ with gradient g (learning rate γ, smoothing α, momentum μ, weight decay λ, ε):
///
///     g ← g + λ·θ                                   when λ ≠ 0
///     v_t ← α·v_{t−1} + (1 − α)·g²,   v_0 = 0         (the square average)
///     ṽ_t ← v_t
///     ḡ_t ← α·ḡ_{t−1} + (1 − α)·g,    ḡ_0 = 0         when centered (the gradient average)
///     ṽ_t ← v_t − ḡ_t²                               when centered (a variance estimate)
///     b_t ← μ·b_{t−1} + g / (√ṽ_t + ε),  b_0 = 0      when μ > 0
///     θ ← θ − γ·b_t   (μ > 0)   or   θ ← θ − γ·g / (√ṽ_t + ε)
///
/// From Hinton, Srivastava & Swersky, "Neural Networks for Machine Learning", lecture 6e (2012); the
/// centered variant from Graves, "Generating Sequences With Recurrent Neural Networks" (2013).
///
/// Edge case: in exact arithmetic v_t ≥ ḡ_t², but rounding can make v_t − ḡ_t² a tiny negative number;
/// it is clamped at 0 so that a parameter with a steady gradient does not become NaN (PyTorch's would).
public final class RMSProp: ElementwiseOptimizer {
    /// The step size γ. It may be changed between steps; ``step(_:)`` throws if it is negative or not finite.
    public var learningRate: Float
    /// The smoothing constant α of the running averages.
    public let alpha: Float
    /// The term ε added to the denominator for numerical stability.
    public let eps: Float
    /// The momentum factor μ (0: no momentum buffer).
    /// Settable for ``OneCycleLR``'s momentum cycling (within the range the initializer checks).
    public internal(set) var momentum: Float
    /// Whether to normalize by the gradient's estimated variance instead of its mean square.
    public let centered: Bool
    /// The L2 weight decay λ, added to the gradient as λ·θ.
    public let weightDecay: Float

    /// The learning-rate schedule that belongs to this optimizer (PyTorch's `lr_scheduler` bound to it):
    /// `fit` runs it when it is given no `schedule=`; it keeps its step count from fit to fit.
    public var schedule: (any LearningRateSchedule)?

    var states = ParameterStates<ParameterStateBox>()

    /// Makes an RMSProp optimizer from its hyperparameters (PyTorch's defaults).
    /// - Parameters:
    ///   - learningRate: γ, finite and ≥ 0.
    ///   - alpha: α, in [0, 1).
    ///   - eps: ε, finite and > 0.
    ///   - momentum: μ, finite and ≥ 0.
    ///   - centered: divide by the estimated standard deviation of the gradient.
    ///   - weightDecay: λ, finite and ≥ 0.
    /// - Throws: ``EngineError/invalidArgument(_:)`` naming the hyperparameter that is out of range.
    public init(learningRate: Float = 0.01, alpha: Float = 0.99, eps: Float = 1e-8, momentum: Float = 0,
                centered: Bool = false, weightDecay: Float = 0) throws {
        try Hyperparameters.checkLearningRate(learningRate, optimizer: "rmsprop")
        try Hyperparameters.checkDecayRate(alpha, "alpha", optimizer: "rmsprop")
        try Hyperparameters.checkPositive(eps, "eps", optimizer: "rmsprop")
        try Hyperparameters.checkNonNegative(momentum, "momentum", optimizer: "rmsprop")
        try Hyperparameters.checkNonNegative(weightDecay, "weight_decay", optimizer: "rmsprop")
        self.learningRate = learningRate
        self.alpha = alpha
        self.eps = eps
        self.momentum = momentum
        self.centered = centered
        self.weightDecay = weightDecay
    }

    public var name: String { "rmsprop" }

    public var description: String {
        Hyperparameters.describe("RMSProp", learningRate: learningRate, [
            ("alpha", Hyperparameters.unlessDefault(alpha, 0.99)),
            ("eps", Hyperparameters.unlessDefault(eps, 1e-8)),
            ("momentum", Hyperparameters.unlessDefault(momentum, 0)),
            ("centered", centered ? "true" : nil),
            ("weight_decay", Hyperparameters.unlessDefault(weightDecay, 0)),
        ])
    }

    /// The square average, and the gradient average when centered, and the momentum buffer with μ > 0.
    var slotNames: [String] {
        ["squareAverage"] + (centered ? ["gradientAverage"] : []) + (momentum > 0 ? ["momentumBuffer"] : [])
    }

    func rule(step: Int) -> Rule {
        Rule(learningRate: learningRate, alpha: alpha, oneMinusAlpha: 1 - alpha, eps: eps, momentum: momentum,
             weightDecay: weightDecay, centered: centered, hasMomentum: momentum > 0)
    }

    /// The equations above for one step (the same for every step: RMSProp has no bias correction).
    struct Rule: UpdateRule {
        let learningRate: Float, alpha: Float, oneMinusAlpha: Float, eps: Float, momentum: Float, weightDecay: Float
        let centered: Bool, hasMomentum: Bool

        @inline(__always)
        func apply(_ theta: Lanes.Vector, _ g: Lanes.Vector, _ slots: inout UpdateSlots) -> Lanes.Vector {
            var d = g
            if weightDecay != 0 { d = g + weightDecay * theta }
            let squareAverage = alpha * slots.first + oneMinusAlpha * (d * d)
            slots.first = squareAverage
            var denominator = squareAverage
            if centered {
                let gradientAverage = alpha * slots.second + oneMinusAlpha * d
                slots.second = gradientAverage
                denominator = pointwiseMax(squareAverage - gradientAverage * gradientAverage, .zero)
            }
            denominator = denominator.squareRoot() + eps
            guard hasMomentum else { return theta - learningRate * (d / denominator) }
            // The momentum buffer is the second slot, or the third when centered.
            var buffer = centered ? slots.third : slots.second
            buffer = momentum * buffer + d / denominator
            if centered { slots.third = buffer } else { slots.second = buffer }
            return theta - learningRate * buffer
        }
    }
}
