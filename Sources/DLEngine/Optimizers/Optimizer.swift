/// An optimizer: walks a list of parameters and applies a pure per-parameter update from each one's
/// gradient, keeping per-parameter state (velocity, moments) named after the math.
///
/// Optimizers are made from hyperparameters alone and bound to parameters at each ``step(_:)`` (the
/// language makes `opt = sgd lr=0.1` before a model exists, and reuses it across `fit`s). State is kept
/// per parameter tensor (by identity), so a second `fit` continues the momentum of the first.
public protocol Optimizer: AnyObject, CustomStringConvertible {
    /// The name users write: `"sgd"`, `"rmsprop"`, `"adam"`, `"adamw"`.
    var name: String { get }
    /// The step size (may be changed between steps, e.g. by a schedule).
    var learningRate: Float { get set }
    /// The learning-rate schedule attached to it (`sgd lr=0.1 schedule=(step_lr step_size=10)`), which
    /// `fit` runs when it names none; `nil` when none is.
    var schedule: (any LearningRateSchedule)? { get set }
    /// Updates each parameter in place from its ``Tensor/grad``; parameters without a gradient are skipped.
    func step(_ parameters: [Tensor]) throws
    /// Forgets all per-parameter state.
    func reset()
    /// Records the learning rate and every parameter's state; the closure it returns puts them back (a
    /// statement that fails in the language is undone this way). Cheap: the state's arrays are
    /// copy-on-write, so nothing is copied until a later step writes to them.
    func stateRestorer() -> () -> Void
}

extension Optimizer {
    /// Clears the gradients of `parameters` (PyTorch's `zero_grad(set_to_none=True)`).
    public func zeroGrad(_ parameters: [Tensor]) {
        for p in parameters { p.zeroGrad() }
    }
}
