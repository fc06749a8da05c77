/// AdamW: Adam with decoupled weight decay. PyTorch's `torch.optim.AdamW`, with the same equations and
/// defaults.
///
/// For each parameter θ with gradient g, at its t-th step (learning rate γ, β₁, β₂, ε, weight decay λ):
///
///     θ ← θ − γ·λ·θ                                   (decay applied to the weights, not the gradient)
///     m_t ← β₁·m_{t−1} + (1 − β₁)·g,    m_0 = 0
///     v_t ← β₂·v_{t−1} + (1 − β₂)·g²,   v_0 = 0
///     m̂_t ← m_t / (1 − β₁ᵗ)
///     v̂_t ← v_t / (1 − β₂ᵗ)                          or, with amsgrad:
///     v_t^max ← max(v_{t−1}^max, v_t),  v̂_t ← v_t^max / (1 − β₂ᵗ)
///     θ ← θ − γ·m̂_t / (√v̂_t + ε)
///
/// In ``Adam`` with weight decay, λ·θ joins the gradient and is divided by √v̂ like the rest of it, so
/// weights with large gradients are barely decayed; here every weight shrinks by the factor 1 − γλ.
/// From Loshchilov & Hutter, "Decoupled Weight Decay Regularization" (ICLR 2019).
public final class AdamW: ElementwiseOptimizer {
    /// The step size γ. It may be changed between steps; ``step(_:)`` throws if it is negative or not finite.
    public var learningRate: Float
    /// The decay rate β₁ of the first moment.
    /// Settable for ``OneCycleLR``'s momentum cycling (within the range the initializer checks).
    public internal(set) var beta1: Float
    /// The decay rate β₂ of the second moment.
    public let beta2: Float
    /// The term ε added to the denominator for numerical stability.
    public let eps: Float
    /// The decoupled weight decay λ: each step multiplies the weights by 1 − γλ.
    public let weightDecay: Float
    /// Whether to divide by the largest second moment seen so far (AMSGrad).
    public let amsgrad: Bool

    /// The learning-rate schedule that belongs to this optimizer (PyTorch's `lr_scheduler` bound to it):
    /// `fit` runs it when it is given no `schedule=`; it keeps its step count from fit to fit.
    public var schedule: (any LearningRateSchedule)?

    var states = ParameterStates<ParameterStateBox>()

    /// Makes an AdamW optimizer from its hyperparameters (PyTorch's defaults).
    /// - Parameters:
    ///   - learningRate: γ, finite and ≥ 0.
    ///   - beta1: β₁, in [0, 1).
    ///   - beta2: β₂, in [0, 1).
    ///   - eps: ε, finite and > 0.
    ///   - weightDecay: λ, finite and ≥ 0.
    ///   - amsgrad: use the AMSGrad variant.
    /// - Throws: ``EngineError/invalidArgument(_:)`` naming the hyperparameter that is out of range.
    public init(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8,
                weightDecay: Float = 0.01, amsgrad: Bool = false) throws {
        try MomentRule.check(learningRate: learningRate, beta1: beta1, beta2: beta2, eps: eps,
                              weightDecay: weightDecay, optimizer: "adamw")
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.weightDecay = weightDecay
        self.amsgrad = amsgrad
    }

    public var name: String { "adamw" }

    /// Always shows the weight decay, the point of AdamW.
    public var description: String {
        Hyperparameters.describe("AdamW", learningRate: learningRate, [
            ("beta1", Hyperparameters.unlessDefault(beta1, 0.9)),
            ("beta2", Hyperparameters.unlessDefault(beta2, 0.999)),
            ("eps", Hyperparameters.unlessDefault(eps, 1e-8)),
            ("weight_decay", "\(weightDecay)"),
            ("amsgrad", amsgrad ? "true" : nil),
        ])
    }

    /// m and v, and with amsgrad v^max.
    var slotNames: [String] { amsgrad ? ["m", "v", "vMax"] : ["m", "v"] }

    func rule(step: Int) -> MomentRule {
        MomentRule(step: step, learningRate: learningRate, beta1: beta1, beta2: beta2, eps: eps,
                   coupledDecay: 0, decoupledDecay: weightDecay, amsgrad: amsgrad)
    }
}
