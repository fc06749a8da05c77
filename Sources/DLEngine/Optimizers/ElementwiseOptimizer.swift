/// The shared base of the optimizers: everything but the equations.
///
/// An optimizer without state vectors (plain SGD) keeps no per-parameter state, and its rule must not
/// depend on the step count.
///
/// A conforming type declares its hyperparameters, the names of its per-element state (``slotNames``,
/// named after the math: `velocity`, `m`, `v`) and its equations as an ``UpdateRule`` made for each step
/// (``rule(step:)``). The base walks the parameters (``Optimizer/step(_:)``), keeps each one's state
/// (``ParameterState``, by the tensor's identity), and offers the same update on a caller's buffers
/// (``update(_:step:)``): the fused variant, PyTorch's `fused=True`, that the dense training step calls
/// during its backward pass on parameters it keeps in its own padded layouts. Both run the same
/// ``UpdateLoop`` with the same rule, so they compute the same bits.
///
/// The state is handed out and taken back through ``state(of:)`` and ``setState(_:of:)``, the
/// optimizer's `state_dict`: nothing reads an optimizer's storage directly.
protocol ElementwiseOptimizer: FusedOptimizer {
    associatedtype Rule: UpdateRule
    /// The per-element state vectors, in the order the rule's ``UpdateSlots`` holds them; empty for
    /// plain SGD. Depends only on the hyperparameters.
    var slotNames: [String] { get }
    /// The equations of the `step`-th update (from 1) of one parameter.
    func rule(step: Int) -> Rule
    /// The per-parameter state, by identity (kept by the base; conforming types only declare it).
    var states: ParameterStates<ParameterStateBox> { get set }
}

/// One parameter's optimizer state: how many updates it has had and its state vectors (each the size of
/// the parameter, in its layout, named by the optimizer's ``ElementwiseOptimizer/slotNames``).
public struct ParameterState: Equatable, Sendable {
    /// t: the number of updates so far.
    public var step: Int
    /// The state vectors, in the order of the optimizer's `slotNames`.
    public var slots: [[Float]]

    public init(step: Int, slots: [[Float]]) {
        self.step = step
        self.slots = slots
    }
}

/// What the dense training step needs of an optimizer to update parameters it keeps in its own buffers.
protocol FusedOptimizer: Optimizer {
    /// The number of state vectors per parameter.
    var slotCount: Int { get }
    /// The state of `parameter` (`nil` before its first update).
    func state(of parameter: Tensor) -> ParameterState?
    /// Replaces the state of `parameter`.
    func setState(_ state: ParameterState, of parameter: Tensor)
    /// The `step`-th update (from 1) of the parameter in `buffers`, with the state vectors there.
    func update(_ buffers: UpdateBuffers, step: Int)
}

extension ElementwiseOptimizer {
    var slotCount: Int { slotNames.count }

    /// Applies one update to every parameter that has a gradient.
    /// - Throws: ``EngineError/invalidArgument(_:)`` when ``learningRate`` was set to a negative or
    ///   non-finite value; ``EngineError/shapeMismatch(operation:_:_:)`` when a gradient's shape differs
    ///   from its parameter's. A step that throws changes no parameter and no state.
    public func step(_ parameters: [Tensor]) throws {
        try Hyperparameters.checkLearningRate(learningRate, optimizer: name)
        try ParameterGradients.forEach(parameters, optimizer: name) { parameter, gradient in
            update(parameter, gradient)
        }
    }

    /// One parameter's update through ``UpdateLoop``, with its state.
    private func update(_ parameter: Tensor, _ gradient: [Float]) {
        guard parameter.count > 0 else { return }
        let slotCount = self.slotCount
        // No state vectors (plain SGD): no per-parameter state to keep, and a rule that does not depend
        // on the step count.
        let state = slotCount == 0 ? nil
            : states.state(for: parameter) { ParameterStateBox(slots: slotCount, count: parameter.count) }
        let step = (state?.step ?? 0) + 1
        state?.step = step
        let rule = rule(step: step)
        gradient.withUnsafeBufferPointer { g in
            parameter.withUnsafeMutableBufferPointer { p in
                func run(_ slots: (UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?)) {
                    UpdateLoop.run(rule, UpdateBuffers(theta: p.baseAddress!, gradient: g.baseAddress!, slots: slots,
                                                       slotCount: slotCount, count: p.count, stride: p.count))
                }
                if let state { state.withSlots(run) } else { run((nil, nil, nil)) }
            }
        }
    }

    /// Forgets all per-parameter state.
    public func reset() { states.removeAll() }

    public func stateRestorer() -> () -> Void {
        let (saved, rate) = (states.copied { $0.copy() }, learningRate)
        return { [self] in (states, learningRate) = (saved, rate) }
    }

    /// The number of parameters that have state (for tests).
    var stateCount: Int { states.count }

    func state(of parameter: Tensor) -> ParameterState? { states.existingState(for: parameter)?.value }

    func setState(_ state: ParameterState, of parameter: Tensor) {
        // Optimizers without state vectors keep no per-parameter state (see `step`).
        guard !state.slots.isEmpty else { return }
        states.state(for: parameter) { ParameterStateBox(slots: 0, count: 0) }.value = state
    }

    func update(_ buffers: UpdateBuffers, step: Int) { UpdateLoop.run(rule(step: step), buffers) }
}

/// A ``ParameterState`` held by reference in ``ParameterStates``, its vectors in separate stored
/// properties so that the update can hold all of them at once.
final class ParameterStateBox {
    var step = 0
    var slotCount: Int
    private var first: [Float], second: [Float], third: [Float]

    init(slots: Int, count: Int) {
        slotCount = Swift.min(slots, 3)
        let zeros = [Float](repeating: 0, count: count)
        (first, second, third) = (slots > 0 ? zeros : [], slots > 1 ? zeros : [], slots > 2 ? zeros : [])
    }

    var value: ParameterState {
        get { ParameterState(step: step, slots: Array([first, second, third].prefix(slotCount))) }
        set {
            step = newValue.step
            slotCount = Swift.min(newValue.slots.count, 3)
            let slots = newValue.slots + [[Float]](repeating: [], count: 3 - slotCount)
            (first, second, third) = (slots[0], slots[1], slots[2])
        }
    }

    /// A copy that shares the state vectors' arrays until either side writes (copy-on-write).
    func copy() -> ParameterStateBox {
        let copy = ParameterStateBox(slots: 0, count: 0)
        (copy.step, copy.slotCount, copy.first, copy.second, copy.third) = (step, slotCount, first, second, third)
        return copy
    }

    /// Runs `body` on pointers to the (up to three) state vectors.
    @inline(__always)
    func withSlots<R>(_ body: ((UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?,
                                UnsafeMutablePointer<Float>?)) -> R) -> R {
        first.withUnsafeMutableBufferPointer { a in
            second.withUnsafeMutableBufferPointer { b in
                third.withUnsafeMutableBufferPointer { c in body((a.baseAddress, b.baseAddress, c.baseAddress)) }
            }
        }
    }
}
