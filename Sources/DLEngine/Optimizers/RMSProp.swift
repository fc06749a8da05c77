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
public final class RMSProp: Optimizer {
    /// The step size γ. It may be changed between steps; ``step(_:)`` throws if it is negative or not finite.
    public var learningRate: Float
    /// The smoothing constant α of the running averages.
    public let alpha: Float
    /// The term ε added to the denominator for numerical stability.
    public let eps: Float
    /// The momentum factor μ (0: no momentum buffer).
    public let momentum: Float
    /// Whether to normalize by the gradient's estimated variance instead of its mean square.
    public let centered: Bool
    /// The L2 weight decay λ, added to the gradient as λ·θ.
    public let weightDecay: Float

    /// The per-parameter state: the running averages and the momentum buffer (empty when unused).
    final class State {
        var squareAverage: [Float]
        var gradientAverage: [Float]
        var momentumBuffer: [Float]

        init(count: Int, centered: Bool, momentum: Bool) {
            squareAverage = [Float](repeating: 0, count: count)
            gradientAverage = centered ? [Float](repeating: 0, count: count) : []
            momentumBuffer = momentum ? [Float](repeating: 0, count: count) : []
        }

        /// A copy that shares the arrays until either side writes (copy-on-write).
        func copy() -> State {
            let copy = State(count: 0, centered: false, momentum: false)
            (copy.squareAverage, copy.gradientAverage, copy.momentumBuffer) = (squareAverage, gradientAverage, momentumBuffer)
            return copy
        }
    }

    private var states = ParameterStates<State>()

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

    /// Applies one update to every parameter that has a gradient.
    /// - Throws: ``EngineError/invalidArgument(_:)`` when ``learningRate`` was set to a negative or
    ///   non-finite value; ``EngineError/shapeMismatch(operation:_:_:)`` when a gradient's shape differs
    ///   from its parameter's. A step that throws changes no parameter and no state.
    public func step(_ parameters: [Tensor]) throws {
        try Hyperparameters.checkLearningRate(learningRate, optimizer: name)
        try ParameterGradients.forEach(parameters, optimizer: name) { parameter, gradient in
            let state = states.state(for: parameter) {
                State(count: parameter.count, centered: centered, momentum: momentum > 0)
            }
            update(parameter, gradient, state)
        }
    }

    public func reset() { states.removeAll() }

    public func stateRestorer() -> () -> Void {
        let (saved, rate) = (states.copied { $0.copy() }, learningRate)
        return { [self] in (states, learningRate) = (saved, rate) }
    }

    /// The number of parameters that have state (for tests).
    var stateCount: Int { states.count }

    /// The update of one parameter, a pure function of its values, gradient and state (vectorized
    /// through ``Lanes``).
    private func update(_ parameter: Tensor, _ gradient: [Float], _ state: State) {
        let lr = learningRate, a = alpha, oneMinusA = 1 - alpha, eps = eps, mu = momentum, decay = weightDecay
        let centered = self.centered, hasMomentum = momentum > 0
        gradient.withUnsafeBufferPointer { g in
        parameter.withUnsafeMutableBufferPointer { p in
        state.squareAverage.withUnsafeMutableBufferPointer { v in
        state.gradientAverage.withUnsafeMutableBufferPointer { gAvg in
        state.momentumBuffer.withUnsafeMutableBufferPointer { b in
            Lanes.forEachChunk(count: p.count) { chunk in
                let theta = chunk.load(p)
                let d = decay == 0 ? chunk.load(g) : chunk.load(g) + decay * theta
                let squareAverage = a * chunk.load(v) + oneMinusA * (d * d)
                chunk.store(squareAverage, into: v)
                var denominator = squareAverage
                if centered {
                    let gradientAverage = a * chunk.load(gAvg) + oneMinusA * d
                    chunk.store(gradientAverage, into: gAvg)
                    denominator = pointwiseMax(squareAverage - gradientAverage * gradientAverage, .zero)
                }
                denominator = denominator.squareRoot() + eps
                if hasMomentum {
                    let buffer = mu * chunk.load(b) + d / denominator
                    chunk.store(buffer, into: b)
                    chunk.store(theta - lr * buffer, into: p)
                } else {
                    chunk.store(theta - lr * (d / denominator), into: p)
                }
            }
        }
        }
        }
        }
        }
    }
}
