/// Stochastic gradient descent with optional momentum, Nesterov momentum, dampening and weight decay:
/// PyTorch's `torch.optim.SGD`, with the same equations and defaults.
///
/// For each parameter θ with gradient g, at its t-th step (learning rate γ, momentum μ, dampening τ,
/// weight decay λ):
///
///     g ← g + λ·θ                                   when λ ≠ 0 (L2 penalty ½λ‖θ‖² folded into the gradient)
///     b_t ← μ·b_{t−1} + (1 − τ)·g,   b_1 = g         when μ ≠ 0 (the velocity, stored per parameter)
///     g ← g + μ·b_t   (Nesterov)     or   g ← b_t   when μ ≠ 0
///     θ ← θ − γ·g
///
/// Momentum after Sutskever, Martens, Dahl & Hinton, "On the importance of initialization and momentum in
/// deep learning" (ICML 2013), in PyTorch's form, where γ multiplies the velocity rather than being inside
/// it. Unlike the seed article's SGD, the velocity is stored and accumulates: with a constant gradient and
/// μ = 0.9 the steps are γg, 1.9γg, 2.71γg, … → 10γg.
///
/// The velocity belongs to the parameter tensor (by identity), so a second `fit` with the same optimizer
/// and model continues the first one's momentum; ``reset()`` forgets it.
public final class SGD: ElementwiseOptimizer {
    /// The step size γ. It may be changed between steps; ``step(_:)`` throws if it is negative or not finite.
    public var learningRate: Float
    /// The momentum factor μ (0: plain gradient descent).
    /// Settable for ``OneCycleLR``'s momentum cycling (within the range the initializer checks).
    public internal(set) var momentum: Float
    /// The dampening τ of the gradient's contribution to the velocity (from the second step on).
    public let dampening: Float
    /// Whether to use Nesterov momentum (step along g + μ·b instead of b).
    public let nesterov: Bool
    /// The L2 weight decay λ, added to the gradient as λ·θ.
    public let weightDecay: Float

    /// The learning-rate schedule that belongs to this optimizer (PyTorch's `lr_scheduler` bound to it):
    /// `fit` runs it when it is given no `schedule=`; it keeps its step count from fit to fit.
    public var schedule: (any LearningRateSchedule)?

    var states = ParameterStates<ParameterStateBox>()

    /// Makes an SGD optimizer from its hyperparameters (PyTorch's defaults, except that PyTorch has no
    /// default learning rate).
    /// - Parameters:
    ///   - learningRate: γ, finite and ≥ 0.
    ///   - momentum: μ, finite and ≥ 0.
    ///   - dampening: τ, in [0, 1].
    ///   - nesterov: Nesterov momentum; needs μ > 0 and τ = 0 (PyTorch's rule).
    ///   - weightDecay: λ, finite and ≥ 0.
    /// - Throws: ``EngineError/invalidArgument(_:)`` naming the hyperparameter that is out of range.
    public init(learningRate: Float = 0.01, momentum: Float = 0, dampening: Float = 0, nesterov: Bool = false,
                weightDecay: Float = 0) throws {
        try Hyperparameters.checkLearningRate(learningRate, optimizer: "sgd")
        try Hyperparameters.checkNonNegative(momentum, "momentum", optimizer: "sgd")
        try Hyperparameters.checkFraction(dampening, "dampening", optimizer: "sgd")
        try Hyperparameters.checkNonNegative(weightDecay, "weight_decay", optimizer: "sgd")
        if nesterov, momentum <= 0 || dampening != 0 {
            throw EngineError.invalidArgument("sgd: nesterov needs a momentum > 0 and zero dampening")
        }
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
    }

    public var name: String { "sgd" }

    public var description: String {
        Hyperparameters.describe("SGD", learningRate: learningRate, [
            ("momentum", Hyperparameters.unlessDefault(momentum, 0)),
            ("dampening", Hyperparameters.unlessDefault(dampening, 0)),
            ("nesterov", nesterov ? "true" : nil),
            ("weight_decay", Hyperparameters.unlessDefault(weightDecay, 0)),
        ])
    }

    /// The velocity b, with momentum only.
    var slotNames: [String] { momentum == 0 ? [] : ["velocity"] }

    func rule(step: Int) -> Rule {
        // b₁ = g: on the first step the zero-filled velocity gets weight 0 and g weight 1.
        let isFirstStep = step == 1
        return Rule(learningRate: learningRate, momentum: momentum, weightDecay: weightDecay, nesterov: nesterov,
                    hasMomentum: momentum != 0, keep: isFirstStep ? 0 : momentum,
                    take: isFirstStep ? 1 : 1 - dampening)
    }

    /// The fused update (``FusedOptimizer/update(_:step:)``): without momentum, with the rule of the case
    /// at hand (``Plain``, ``Decayed``), chosen once per update, so that the loop over the vectors tests
    /// neither the momentum nor the decay per vector (the same arithmetic as ``Rule``, which calls them).
    func update(_ buffers: UpdateBuffers, step: Int) {
        let rule = rule(step: step)
        if rule.hasMomentum {
            UpdateLoop.run(rule, buffers)
        } else if rule.weightDecay == 0 {
            UpdateLoop.run(Plain(learningRate: rule.learningRate), buffers)
        } else {
            UpdateLoop.run(Decayed(learningRate: rule.learningRate, weightDecay: rule.weightDecay), buffers)
        }
    }

    /// θ − lr·g: SGD without momentum or weight decay.
    struct Plain: UpdateRule {
        let learningRate: Float

        @inline(__always)
        func apply(_ theta: Lanes.Vector, _ g: Lanes.Vector, _ slots: inout UpdateSlots) -> Lanes.Vector {
            theta - learningRate * g
        }
    }

    /// θ − lr·(g + λθ): SGD with weight decay, without momentum.
    struct Decayed: UpdateRule {
        let learningRate: Float, weightDecay: Float

        @inline(__always)
        func apply(_ theta: Lanes.Vector, _ g: Lanes.Vector, _ slots: inout UpdateSlots) -> Lanes.Vector {
            theta - learningRate * (g + weightDecay * theta)
        }
    }

    /// The equations above for one step; the velocity is the first slot.
    struct Rule: UpdateRule {
        let learningRate: Float, momentum: Float, weightDecay: Float, nesterov: Bool, hasMomentum: Bool
        /// The weights of b_{t−1} and of g in b_t: μ and 1 − τ, or 0 and 1 on the first step.
        let keep: Float, take: Float

        @inline(__always)
        func apply(_ theta: Lanes.Vector, _ g: Lanes.Vector, _ slots: inout UpdateSlots) -> Lanes.Vector {
            // `if`s rather than conditional expressions: with `? :` on vectors the compiler rebuilt θ lane
            // by lane on every call.
            guard hasMomentum else {
                if weightDecay == 0 { return Plain(learningRate: learningRate).apply(theta, g, &slots) }
                return Decayed(learningRate: learningRate, weightDecay: weightDecay).apply(theta, g, &slots)
            }
            var d = g
            if weightDecay != 0 { d = g + weightDecay * theta }
            let velocity = keep * slots.first + take * d
            slots.first = velocity
            if nesterov { return theta - learningRate * (d + momentum * velocity) }
            return theta - learningRate * velocity
        }
    }
}
