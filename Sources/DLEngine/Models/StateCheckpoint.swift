/// The mutable state of some tensors, layers, models and optimizers, recorded so that ``restore()`` can put
/// it back: the language runs every statement on one, so that a statement that fails half-way (a `fit`
/// whose data does not fit, a layer `add`ed with the wrong shape) leaves the session as it was.
///
/// What is recorded: a tensor's values, whether it requires a gradient, and its gradient (with the
/// gradient's values); a layer's training mode, its state tensors (parameters and buffers such as running
/// statistics) and, for a ``RandomizedLayer`` (Dropout, DropConnect), the generator of its masks; a
/// model's list of layers and per-layer penalties, and each of its layers in turn; an optimizer's
/// learning rate and per-parameter state. Recording is cheap: values are copy-on-write arrays, so a checkpoint holds them without copying
/// until something writes to them (the copy-on-first-write journal comes with the arrays). Each model,
/// optimizer and schedule is walked once however often it is reached; a tensor or layer reached twice is
/// recorded twice.
public final class StateCheckpoint {
    /// What one record puts back. Typed values rather than a closure each: a session records every
    /// tensor and layer it can reach before each statement, and a closure per record (its context
    /// allocated, then released) was most of that cost.
    private enum Record {
        case tensor(Tensor, data: [Float], requiresGrad: Bool, grad: Tensor?, gradData: [Float]?)
        case mode(any Layer, isTraining: Bool)
        case model(Sequential, layers: [any Layer], regularizers: [Int: Regularizer], isTraining: Bool)
        case other(() -> Void)
    }

    private var recorded = Set<ObjectIdentifier>()
    private var records: [Record] = []

    /// - Parameter expectedObjects: about how many records it will hold (the last checkpoint's
    ///   ``count``), so that they are allocated once.
    public init(expectedObjects: Int = 0) {
        if expectedObjects > 0 { records.reserveCapacity(expectedObjects) }
    }

    /// How many records it holds (a tensor reached twice counts twice).
    public var count: Int { records.count }

    /// Records `tensor`'s values, gradient flag and gradient.
    public func record(_ tensor: Tensor) {
        // Not looked up in `recorded`: a tensor reached twice is recorded twice (the same values, restored
        // twice), which costs less than hashing every tensor; what keeps the walk linear is that each
        // model, list and optimizer is walked once.
        let grad = tensor.grad
        records.append(.tensor(tensor, data: tensor.data, requiresGrad: tensor.requiresGrad, grad: grad, gradData: grad?.data))
    }

    /// Records a layer (a model with all its layers).
    public func record(_ layer: any Layer) {
        if let model = layer as? Sequential {
            // A model can hold another many times (and that one another...): each is walked once.
            guard recorded.insert(ObjectIdentifier(model)).inserted else { return }
            let layers = model.layers
            for inner in layers { record(inner) }
            // Restored before its layers (records are restored in reverse): setting the model's mode
            // sets its layers' modes, which their own records then put back as they were.
            records.append(.model(model, layers: layers, regularizers: model.layerRegularizers, isTraining: model.isTraining))
            return
        }
        records.append(.mode(layer, isTraining: layer.isTraining))
        if isRandomized(layer), let randomized = layer as? any RandomizedLayer {
            let generator = randomized.generator
            records.append(.other { randomized.generator = generator })
        }
        for (_, tensor) in layer.state { record(tensor) }
        for tensor in layer.parameters { record(tensor) }
    }

    /// The layer types seen, and whether each is a ``RandomizedLayer``: a scan of a few metatypes is
    /// cheaper than the runtime's conformance lookup for every layer.
    private var layerTypes: [(type: ObjectIdentifier, isRandomized: Bool)] = []

    private func isRandomized(_ layer: any Layer) -> Bool {
        let type = ObjectIdentifier(Swift.type(of: layer))
        for entry in layerTypes where entry.type == type { return entry.isRandomized }
        let isRandomized = layer is any RandomizedLayer
        layerTypes.append((type, isRandomized))
        return isRandomized
    }

    /// Records an optimizer's learning rate and per-parameter state.
    public func record(_ optimizer: any Optimizer) {
        guard recorded.insert(ObjectIdentifier(optimizer)).inserted else { return }
        records.append(.other(optimizer.stateRestorer()))
        // Its schedule (attached or not, and its steps) and a momentum that one-cycle moves.
        let schedule = optimizer.schedule
        records.append(.other { optimizer.schedule = schedule })
        if let schedule { record(schedule) }
        if let cycling = optimizer as? any MomentumCycling {
            let momentum = cycling.cycledMomentum
            records.append(.other { cycling.cycledMomentum = momentum })
        }
    }

    /// Records a learning-rate schedule's state (step count, base rate, plateau counters) and the optimizer
    /// it is bound to.
    public func record(_ schedule: any LearningRateSchedule) {
        guard recorded.insert(ObjectIdentifier(schedule)).inserted else { return }
        let (state, binding) = (schedule.state, schedule.binding.snapshot)
        // A schedule's own state is always one it accepts.
        records.append(.other {
            try? schedule.restore(state)
            schedule.binding.restore(binding)
        })
    }

    /// Puts back everything recorded, in the reverse order of recording.
    public func restore() {
        for record in records.reversed() {
            switch record {
            case let .tensor(tensor, data, requiresGrad, grad, gradData):
                tensor.data = data
                tensor.requiresGrad = requiresGrad
                tensor.grad = grad
                if let grad, let gradData { grad.data = gradData }
            case let .mode(layer, isTraining):
                layer.isTraining = isTraining
            case let .model(model, layers, regularizers, isTraining):
                model.layers = layers
                model.layerRegularizers = regularizers
                model.isTraining = isTraining
            case .other(let restore):
                restore()
            }
        }
    }
}
