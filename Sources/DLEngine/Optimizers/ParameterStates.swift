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

    /// The state of `parameter` if it has one.
    func existingState(for parameter: Tensor) -> State? { entries[ObjectIdentifier(parameter)]?.state }

    /// The number of parameters that have state.
    var count: Int { entries.count }

    /// Forgets every parameter's state.
    mutating func removeAll() { entries.removeAll() }

    /// The same entries with each state replaced by `copy(state)`, for ``Optimizer/stateRestorer()``.
    func copied(_ copy: (State) -> State) -> ParameterStates {
        var result = ParameterStates()
        for (key, entry) in entries { result.entries[key] = (entry.parameter, copy(entry.state)) }
        return result
    }
}

/// The parameters of one ``Optimizer/step(_:)`` that have a gradient, each with a copy-on-write handle on
/// its gradient's values.
///
/// Everything is checked before any parameter is updated, so a step that throws changes nothing.
/// Taking the gradient's array (rather than reading it inside the parameter's buffer access) keeps the
/// update correct even if a parameter were its own gradient: the parameter's write then copies.
enum ParameterGradients {
    /// Calls `body` with each parameter that has a gradient and a copy-on-write handle on the gradient's
    /// values, skipping parameters listed more than once (updated once). Every gradient is checked
    /// before the first call, so a step that throws changes nothing. (No list is built: a small
    /// network's step is short enough that a list's allocation and reference counts showed in its
    /// profile.)
    /// - Throws: ``EngineError/shapeMismatch(operation:_:_:)`` when a gradient's shape differs from its
    ///   parameter's.
    @inline(__always)
    static func forEach(_ parameters: [Tensor], optimizer: String, _ body: (Tensor, [Float]) -> Void) throws {
        try check(parameters, optimizer: optimizer)
        var seen = parameters.count > 32 ? Set<ObjectIdentifier>() : nil
        for (index, parameter) in parameters.enumerated() {
            guard let grad = parameter.grad else { continue }
            if seen != nil {
                guard seen!.insert(ObjectIdentifier(parameter)).inserted else { continue }
            } else if !isFirst(index, in: parameters) {
                continue
            }
            body(parameter, grad.data)
        }
    }

    /// Whether `parameters[index]` does not occur earlier in the list (a repeated parameter is updated
    /// once): a linear scan, cheaper than hashing for the handful of parameters of a model.
    private static func isFirst(_ index: Int, in parameters: [Tensor]) -> Bool {
        let parameter = parameters[index]
        for earlier in parameters[..<index] where earlier === parameter { return false }
        return true
    }

    /// Throws for the first gradient whose shape differs from its parameter's.
    private static func check(_ parameters: [Tensor], optimizer: String) throws {
        for parameter in parameters {
            guard let grad = parameter.grad else { continue }
            guard grad.shape == parameter.shape, grad.data.count == parameter.data.count else {
                throw EngineError.shapeMismatch(operation: "\(optimizer) step (parameter and gradient)",
                                                parameter.shape, grad.shape)
            }
        }
    }
}
