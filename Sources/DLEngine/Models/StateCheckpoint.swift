/// The mutable state of some tensors, layers, models and optimizers, recorded so that ``restore()`` can put
/// it back: the language runs every statement on one, so that a statement that fails half-way (a `fit`
/// whose data does not fit, a layer `add`ed with the wrong shape) leaves the session as it was.
///
/// What is recorded: a tensor's values, whether it requires a gradient, and its gradient (with the
/// gradient's values); a layer's training mode, its state tensors (parameters and buffers such as running
/// statistics) and, for a ``RandomizedLayer`` (Dropout, DropConnect), the generator of its masks; a
/// model's list of layers and per-layer penalties, and each of its layers in turn; an optimizer's
/// learning rate and per-parameter state. Recording is cheap: values are copy-on-write arrays, so a checkpoint holds them without copying
/// until something writes to them (the copy-on-first-write journal comes with the arrays). Each object is
/// recorded once however often it is reached.
public final class StateCheckpoint {
    private var recorded = Set<ObjectIdentifier>()
    private var restorers: [() -> Void] = []

    public init() {}

    /// Records `tensor`'s values, gradient flag and gradient.
    public func record(_ tensor: Tensor) {
        guard recorded.insert(ObjectIdentifier(tensor)).inserted else { return }
        let (data, requiresGrad, grad) = (tensor.data, tensor.requiresGrad, tensor.grad)
        let gradData = grad?.data
        restorers.append {
            tensor.data = data
            tensor.requiresGrad = requiresGrad
            tensor.grad = grad
            if let grad, let gradData { grad.data = gradData }
        }
    }

    /// Records a layer (a model with all its layers).
    public func record(_ layer: any Layer) {
        guard recorded.insert(ObjectIdentifier(layer)).inserted else { return }
        let isTraining = layer.isTraining
        if let model = layer as? Sequential {
            let (layers, regularizers) = (model.layers, model.layerRegularizers)
            for inner in layers { record(inner) }
            // Restored before its layers (restorers run in reverse): setting the model's mode sets its
            // layers' modes, which their own records then put back as they were.
            restorers.append {
                model.layers = layers
                model.layerRegularizers = regularizers
                model.isTraining = isTraining
            }
            return
        }
        restorers.append { layer.isTraining = isTraining }
        if let randomized = layer as? any RandomizedLayer {
            let generator = randomized.generator
            restorers.append { randomized.generator = generator }
        }
        for (_, tensor) in layer.state { record(tensor) }
        for tensor in layer.parameters { record(tensor) }
    }

    /// Records an optimizer's learning rate and per-parameter state.
    public func record(_ optimizer: any Optimizer) {
        guard recorded.insert(ObjectIdentifier(optimizer)).inserted else { return }
        restorers.append(optimizer.stateRestorer())
        // Its schedule (attached or not, and its steps) and a momentum that one-cycle moves.
        let schedule = optimizer.schedule
        restorers.append { optimizer.schedule = schedule }
        if let schedule { record(schedule) }
        if let cycling = optimizer as? any MomentumCycling {
            let momentum = cycling.cycledMomentum
            restorers.append { cycling.cycledMomentum = momentum }
        }
    }

    /// Records a learning-rate schedule's state (step count, base rate, plateau counters).
    public func record(_ schedule: any LearningRateSchedule) {
        guard recorded.insert(ObjectIdentifier(schedule)).inserted else { return }
        let state = schedule.state
        // A schedule's own state is always one it accepts.
        restorers.append { try? schedule.restore(state) }
    }

    /// Puts back everything recorded, in the reverse order of recording.
    public func restore() {
        for restorer in restorers.reversed() { restorer() }
    }
}
