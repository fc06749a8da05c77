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
public final class SGD: Optimizer {
    /// The step size γ. It may be changed between steps; ``step(_:)`` throws if it is negative or not finite.
    public var learningRate: Float
    /// The momentum factor μ (0: plain gradient descent).
    public let momentum: Float
    /// The dampening τ of the gradient's contribution to the velocity (from the second step on).
    public let dampening: Float
    /// Whether to use Nesterov momentum (step along g + μ·b instead of b).
    public let nesterov: Bool
    /// The L2 weight decay λ, added to the gradient as λ·θ.
    public let weightDecay: Float

    /// The per-parameter state: the velocity b (empty before the first step).
    final class State {
        var velocity: [Float] = []

        /// A copy that shares the velocity's array until either side writes (copy-on-write).
        func copy() -> State {
            let copy = State()
            copy.velocity = velocity
            return copy
        }
    }

    private var states = ParameterStates<State>()

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

    /// Applies one update to every parameter that has a gradient.
    /// - Throws: ``EngineError/invalidArgument(_:)`` when ``learningRate`` was set to a negative or
    ///   non-finite value; ``EngineError/shapeMismatch(operation:_:_:)`` when a gradient's shape differs
    ///   from its parameter's. A step that throws changes no parameter and no state.
    public func step(_ parameters: [Tensor]) throws {
        try Hyperparameters.checkLearningRate(learningRate, optimizer: name)
        try ParameterGradients.forEach(parameters, optimizer: name) { parameter, gradient in
            let velocity: State? = momentum == 0 ? nil : states.state(for: parameter) { State() }
            update(parameter, gradient, velocity)
        }
    }

    public func reset() { states.removeAll() }

    public func stateRestorer() -> () -> Void {
        let (saved, rate) = (states.copied { $0.copy() }, learningRate)
        return { [self] in (states, learningRate) = (saved, rate) }
    }

    /// The number of parameters that have a velocity (for tests).
    var stateCount: Int { states.count }

    /// The hyperparameters of one step, read once (the learning rate may change between steps).
    struct Coefficients {
        let learningRate: Float, momentum: Float, dampening: Float, weightDecay: Float
        let nesterov: Bool
    }

    var coefficients: Coefficients {
        Coefficients(learningRate: learningRate, momentum: momentum, dampening: dampening,
                     weightDecay: weightDecay, nesterov: nesterov)
    }

    /// The velocity of `parameter` in its layout (`nil` before its first step), for a step that keeps the
    /// parameters in its own buffers (``DenseStack``) and continues this optimizer's momentum.
    func velocity(of parameter: Tensor) -> [Float]? {
        guard momentum != 0, let state = states.existingState(for: parameter), !state.velocity.isEmpty else { return nil }
        return state.velocity
    }

    /// Hands back the velocity such a step computed for `parameter`.
    func setVelocity(_ velocity: [Float], of parameter: Tensor) {
        guard momentum != 0 else { return }
        states.state(for: parameter) { State() }.velocity = velocity
    }

    /// The update of one parameter, a pure function of its values, gradient and velocity.
    private func update(_ parameter: Tensor, _ gradient: [Float], _ state: State?) {
        let c = coefficients
        gradient.withUnsafeBufferPointer { g in
        parameter.withUnsafeMutableBufferPointer { p in
            guard let state else { return Self.update(p, g, velocity: nil, isFirstStep: false, c) }
            // b_1 = g: on the first step the zero-filled velocity gets weight 0 and g weight 1.
            let isFirstStep = state.velocity.isEmpty
            if isFirstStep { state.velocity = [Float](repeating: 0, count: p.count) }
            state.velocity.withUnsafeMutableBufferPointer { b in Self.update(p, g, velocity: b, isFirstStep: isFirstStep, c) }
        }
        }
    }

    /// θ ← θ − γ·g′ over `p.count` elements (the equations above, vectorized through ``Lanes``): the
    /// arithmetic of every SGD step. `velocity` is `nil` without momentum; on the first step it must hold
    /// zeros.
    @inline(__always)
    static func update(_ p: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>,
                       velocity: UnsafeMutableBufferPointer<Float>?, isFirstStep: Bool, _ c: Coefficients) {
        guard let b = velocity else {
            Lanes.forEachChunk(count: p.count) { chunk in
                chunk.store(step(chunk.load(p), chunk.load(g), c), into: p)
            }
            return
        }
        Lanes.forEachChunk(count: p.count) { chunk in
            let (theta, velocity) = step(chunk.load(p), chunk.load(g), velocity: chunk.load(b), isFirstStep: isFirstStep, c)
            chunk.store(velocity, into: b)
            chunk.store(theta, into: p)
        }
    }

    /// One vector of θ without momentum: shared by ``update(_:_:velocity:isFirstStep:_:)`` and the fused
    /// dense step (which keeps its parameters in padded buffers), so that both compute the same bits.
    @inline(__always)
    static func step(_ theta: Lanes.Vector, _ g: Lanes.Vector, _ c: Coefficients) -> Lanes.Vector {
        // An `if` rather than a conditional expression: with `? :` on vectors the compiler rebuilt θ lane
        // by lane on every call.
        if c.weightDecay == 0 { return theta - c.learningRate * g }
        return theta - c.learningRate * (g + c.weightDecay * theta)
    }

    /// One vector of θ and its velocity b with momentum (b₁ = g: on the first step the zero-filled
    /// velocity gets weight 0 and g weight 1).
    @inline(__always)
    static func step(_ theta: Lanes.Vector, _ g: Lanes.Vector, velocity b: Lanes.Vector, isFirstStep: Bool,
                     _ c: Coefficients) -> (theta: Lanes.Vector, velocity: Lanes.Vector) {
        let keep = isFirstStep ? 0 : c.momentum, take = isFirstStep ? 1 : 1 - c.dampening
        var d = g
        if c.weightDecay != 0 { d = g + c.weightDecay * theta }
        let velocity = keep * b + take * d
        return (theta - c.learningRate * (c.nesterov ? d + c.momentum * velocity : velocity), velocity)
    }
}
