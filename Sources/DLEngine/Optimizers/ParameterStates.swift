/// Per-parameter optimizer state (velocity, moments), kept by the parameter tensor's identity.
///
/// Each entry holds a strong reference to its parameter, so the parameter cannot be freed while its state
/// lives and its `ObjectIdentifier` can never be reused by another tensor. (Like PyTorch's optimizers, which
/// hold their parameters: ``Optimizer/reset()`` releases them.)
struct ParameterStates<State: AnyObject> {
    private var entries: [ObjectIdentifier: (parameter: Tensor, state: State)] = [:]

    /// The state of `parameter`, made by `make` on its first step.
    mutating func state(for parameter: Tensor, makingWith make: () -> State) -> State {
        let key = ObjectIdentifier(parameter)
        if let entry = entries[key] { return entry.state }
        let state = make()
        entries[key] = (parameter, state)
        return state
    }

    /// The number of parameters that have state.
    var count: Int { entries.count }

    /// Forgets every parameter's state.
    mutating func removeAll() { entries.removeAll() }
}

/// The parameters of one ``Optimizer/step(_:)`` that have a gradient, each with a copy-on-write handle on
/// its gradient's values.
///
/// Everything is checked before any parameter is updated, so a step that throws changes nothing.
/// Taking the gradient's array (rather than reading it inside the parameter's buffer access) keeps the
/// update correct even if a parameter were its own gradient: the parameter's write then copies.
enum ParameterGradients {
    /// Pairs each parameter with its gradient's values, skipping parameters whose `grad` is `nil` and
    /// parameters listed more than once (updated once).
    /// - Throws: ``EngineError/shapeMismatch(operation:_:_:)`` when a gradient's shape differs from its
    ///   parameter's.
    static func collect(_ parameters: [Tensor], optimizer: String) throws -> [(parameter: Tensor, gradient: [Float])] {
        var result: [(parameter: Tensor, gradient: [Float])] = []
        result.reserveCapacity(parameters.count)
        // A model has a handful of parameters: a linear scan for repeats costs less than hashing them
        // into a set, which was a measurable part of a small network's training step.
        var seen = parameters.count > 32 ? Set<ObjectIdentifier>() : nil
        for parameter in parameters {
            guard let grad = parameter.grad else { continue }
            if seen != nil {
                guard seen!.insert(ObjectIdentifier(parameter)).inserted else { continue }
            } else if result.contains(where: { $0.parameter === parameter }) {
                continue
            }
            guard grad.shape == parameter.shape, grad.data.count == parameter.data.count else {
                throw EngineError.shapeMismatch(operation: "\(optimizer) step (parameter and gradient)",
                                                parameter.shape, grad.shape)
            }
            result.append((parameter, grad.data))
        }
        return result
    }
}
