/// A schedule that belongs to an optimizer (`opt = sgd lr=0.1 schedule=(step_lr step_size=10)`), as a
/// PyTorch scheduler is bound to its optimizer: `fit ... optimizer=opt` runs it when the fit names no
/// schedule of its own, it keeps its step count from fit to fit, and it is saved with the optimizer
/// (``OptimizerSnapshot``, so in `.dlnbopt` files and checkpoints).
extension TrainingOptions {
    /// The schedule the fit runs: its own ``schedule``, or else the optimizer's.
    /// - Throws: when both are set and are not the same schedule, naming both.
    func resolvedSchedule() throws -> (any LearningRateSchedule)? {
        guard let attached = optimizer.schedule else { return schedule }
        guard let schedule else { return attached }
        guard schedule === attached else {
            throw EngineError.invalidArgument(
                "schedule=\(schedule.name) and the optimizer's own schedule (\(attached.name)) both set the learning rate; give one of them (drop schedule=, or detach the optimizer's with opt.schedule = none)")
        }
        return schedule
    }
}

/// An optimizer whose momentum ``OneCycleLR`` can cycle, as PyTorch's `cycle_momentum`: SGD's and
/// RMSProp's `momentum`, Adam's and AdamW's first beta (PyTorch's `betas[0]`).
protocol MomentumCycling: Optimizer {
    /// The momentum (or β₁) the next update uses.
    var cycledMomentum: Float { get set }
    /// Whether the optimizer uses a momentum at all: SGD and RMSProp made with momentum 0 keep no
    /// momentum buffer, so there is nothing to cycle.
    var hasMomentum: Bool { get }
    /// The keyword that sets it (`momentum`, `beta1`).
    var momentumName: String { get }
}

extension SGD: MomentumCycling {
    var cycledMomentum: Float { get { momentum } set { momentum = newValue } }
    var hasMomentum: Bool { momentum > 0 }
    var momentumName: String { "momentum" }
}

extension RMSProp: MomentumCycling {
    var cycledMomentum: Float { get { momentum } set { momentum = newValue } }
    var hasMomentum: Bool { momentum > 0 }
    var momentumName: String { "momentum" }
}

extension Adam: MomentumCycling {
    var cycledMomentum: Float { get { beta1 } set { beta1 = newValue } }
    var hasMomentum: Bool { true }
    var momentumName: String { "beta1" }
}

extension AdamW: MomentumCycling {
    var cycledMomentum: Float { get { beta1 } set { beta1 = newValue } }
    var hasMomentum: Bool { true }
    var momentumName: String { "beta1" }
}
