/// An optimizer's kind, hyperparameters and per-parameter state, with each parameter's state under the
/// model's name for it (`0.weight`): PyTorch's `optimizer.state_dict()`, which a checkpoint holds and
/// a `.dlnbopt` file holds alone.
///
/// Restoring it (``make(for:)``) builds a new optimizer of the same kind and hyperparameters through the
/// ``OptimizerRegistry`` and hands each parameter its state back, so the next step computes the same bits
/// as the optimizer that was saved would have.
public struct OptimizerSnapshot: Equatable {
    /// The optimizer's name (`"sgd"`, `"adam"`, ...).
    public var name: String
    /// Its options by their keyword names, `lr` the current learning rate; Boolean ones are 0 or 1.
    public var options: [String: Float]
    /// The names of the state vectors (`velocity`, `m`, `v`).
    public var slotNames: [String]
    /// Each parameter's state, by the model's name for the parameter.
    public var states: [String: ParameterState]
    /// The schedule attached to the optimizer (``Optimizer/schedule``), with its state.
    public var schedule: ScheduleSnapshot?

    /// The snapshot of `optimizer`, whose state is looked up for the tensors `parameters` names.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for an optimizer that cannot be saved, or one that
    ///   holds state for tensors not among `parameters` (it was used on another model).
    public init(of optimizer: any Optimizer, parameters: [(name: String, tensor: Tensor)]) throws {
        guard let saved = optimizer as? any SavedOptimizer else {
            throw EngineError.invalidArgument("cannot save an optimizer of type \(optimizer.name)")
        }
        name = optimizer.name
        options = saved.savedOptions
        slotNames = saved.slotNameList
        states = [:]
        schedule = optimizer.schedule.map(ScheduleSnapshot.init(of:))
        for (name, tensor) in parameters {
            if let state = saved.state(of: tensor) { states[name] = state }
        }
        let held = saved.parameterStateCount
        guard held <= states.count else {
            throw EngineError.invalidArgument(
                "the \(optimizer.name) optimizer holds state for \(held - states.count) tensors that are not the model's (it trained another model)")
        }
    }

    /// A new optimizer with these hyperparameters and this state, for the tensors `parameters` names.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for an unknown optimizer or option, a value out of
    ///   range, or state that does not fit the parameters (another model's).
    public func make(for parameters: [(name: String, tensor: Tensor)]) throws -> any Optimizer {
        let optimizer = try makeOptimizer(named: name, options: options)
        guard let saved = optimizer as? any SavedOptimizer else {
            throw EngineError.invalidArgument("cannot restore an optimizer of type \(name)")
        }
        guard saved.slotNameList == slotNames else {
            throw EngineError.invalidArgument("the \(name) state vectors are [\(slotNames.joined(separator: ", "))], "
                + "but its options make [\(saved.slotNameList.joined(separator: ", "))]")
        }
        let tensors = Dictionary(parameters.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
        // Every check before the first state is set.
        for (parameter, state) in states.sorted(by: { $0.key < $1.key }) {
            guard let tensor = tensors[parameter] else {
                throw EngineError.invalidArgument("it holds \(name) state for '\(parameter)', which the model does not have (the state of another model)")
            }
            guard state.step >= 1 else {
                throw EngineError.invalidArgument("the \(name) state of '\(parameter)' counts \(state.step) steps; it must be at least 1")
            }
            guard state.slots.count == slotNames.count, state.slots.allSatisfy({ $0.count == tensor.count }) else {
                throw EngineError.invalidArgument("the \(name) state of '\(parameter)' does not fit its \(EngineError.format(tensor.shape)) "
                    + "tensor (the state of another model)")
            }
        }
        let attached = try schedule?.make()
        for (parameter, state) in states { if let tensor = tensors[parameter] { saved.setState(state, of: tensor) } }
        optimizer.schedule = attached
        return optimizer
    }
}

/// An optimizer whose hyperparameters and state can be saved: the elementwise ones (SGD, RMSProp, Adam,
/// AdamW) through the state they already hand out (``FusedOptimizer``).
protocol SavedOptimizer: FusedOptimizer {
    /// The options as ``makeOptimizer(named:options:)`` takes them, `lr` included.
    var savedOptions: [String: Float] { get }
    var slotNameList: [String] { get }
    /// The number of parameters that have state.
    var parameterStateCount: Int { get }
}

extension ElementwiseOptimizer {
    var slotNameList: [String] { slotNames }
    var parameterStateCount: Int { stateCount }
}

extension SGD: SavedOptimizer {
    var savedOptions: [String: Float] {
        ["lr": learningRate, "momentum": momentum, "dampening": dampening, "nesterov": nesterov ? 1 : 0,
         "weight_decay": weightDecay]
    }
}

extension RMSProp: SavedOptimizer {
    var savedOptions: [String: Float] {
        ["lr": learningRate, "alpha": alpha, "eps": eps, "momentum": momentum, "centered": centered ? 1 : 0,
         "weight_decay": weightDecay]
    }
}

extension Adam: SavedOptimizer {
    var savedOptions: [String: Float] {
        ["lr": learningRate, "beta1": beta1, "beta2": beta2, "eps": eps, "weight_decay": weightDecay, "amsgrad": amsgrad ? 1 : 0]
    }
}

extension AdamW: SavedOptimizer {
    var savedOptions: [String: Float] {
        ["lr": learningRate, "beta1": beta1, "beta2": beta2, "eps": eps, "weight_decay": weightDecay, "amsgrad": amsgrad ? 1 : 0]
    }
}
