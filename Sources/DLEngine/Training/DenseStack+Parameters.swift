/// The parameters of ``DenseStack``: kept in its own buffers during a fit (with the optimizer's fused
/// update applied there), or loaded from the model before each step and the gradients stored after it
/// for an optimizer without one; and written back to the model's tensors.
extension DenseStack {
    /// Keeps the parameters in the stack's buffers from now on and applies `optimizer`'s fused update in
    /// ``backward(batch:)``: no per-step copies in and out, no separate pass over the parameters. Loads
    /// the parameters and the optimizer's state (``FusedOptimizer/state(of:)``) into the primary
    /// layouts; ``storeParameters(includingOptimizer:)`` hands them back.
    /// - Throws: ``EngineError/allocationTooLarge(shape:limit:)`` for the state vectors (not reached within
    ///   the limits).
    func makeResident(_ optimizer: any FusedOptimizer) throws {
        residentOptimizer = optimizer
        let slots = optimizer.slotCount
        for stage in stages {
            let (rows, stride, count) = stage.primaryShape
            (stage.weightSlots, stage.biasSlots, stage.weightSteps, stage.biasSteps) = ([], [], 0, 0)
            for _ in 0 ..< slots {
                let weights = try FloatBuffer(rows: rows, columns: stride)
                let bias = try FloatBuffer(rows: 1, columns: stage.outputWidth)
                buffers += [weights, bias]
                stage.weightSlots.append(weights.pointer)
                stage.biasSlots.append(bias.pointer)
            }
            if let state = optimizer.state(of: stage.linear.weight), state.slots.count == slots {
                stage.weightSteps = state.step
                for (slot, values) in zip(stage.weightSlots, state.slots) where values.count == stage.inputs * stage.outputs {
                    values.withUnsafeBufferPointer { v in
                        exchange(stage, v.baseAddress!, slot, rows: rows, stride: stride, count: count, toTensor: false)
                    }
                }
            }
            if let b = stage.linear.bias, let state = optimizer.state(of: b), state.slots.count == slots {
                stage.biasSteps = state.step
                for (slot, values) in zip(stage.biasSlots, state.slots) where values.count == stage.outputs {
                    values.withUnsafeBufferPointer { slot.update(from: $0.baseAddress!, count: stage.outputs) }
                }
            }
        }
        loadParameters()
    }

    /// Copies the model's parameters into the stack's layouts (before each step without a resident
    /// optimizer; after a caller may have changed them with one).
    func loadParameters() {
        for stage in stages {
            let (k, n) = (stage.inputs, stage.outputs)
            stage.linear.weight.withValues { w in
                if let rows = stage.weightRows {
                    for r in 0 ..< k { (rows + r * stage.outputWidth).update(from: w + r * n, count: n) }
                }
                if let columns = stage.weightColumns {
                    Self.transpose(w, rows: k, columns: n, sourceStride: n, into: columns, stride: stage.inputWidth)
                }
            }
            stage.linear.bias?.withValues { stage.bias.update(from: $0, count: n) }
        }
    }

    /// Writes the resident parameters and the last step's gradients into the model's tensors, and with
    /// `includingOptimizer` the state vectors into the optimizer (nothing before the first step).
    func storeParameters(includingOptimizer: Bool) {
        guard let optimizer = residentOptimizer, hasGradients else { return }
        for stage in stages {
            let (rows, stride, count) = stage.primaryShape
            let primary = stage.primaryIsColumns ? stage.weightColumns! : stage.weightRows!
            stage.linear.weight.withUnsafeMutableBufferPointer { w in
                exchange(stage, primary, w.baseAddress!, rows: rows, stride: stride, count: count, toTensor: true)
            }
            stage.linear.bias?.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: stage.bias, count: stage.outputs) }
            guard includingOptimizer else { continue }
            if stage.weightSteps > 0 {
                let slots = stage.weightSlots.map { slot in
                    var values = [Float](repeating: 0, count: stage.inputs * stage.outputs)
                    values.withUnsafeMutableBufferPointer { v in
                        exchange(stage, slot, v.baseAddress!, rows: rows, stride: stride, count: count, toTensor: true)
                    }
                    return values
                }
                optimizer.setState(ParameterState(step: stage.weightSteps, slots: slots), of: stage.linear.weight)
            }
            if let b = stage.linear.bias, stage.biasSteps > 0 {
                let slots = stage.biasSlots.map { Array(UnsafeBufferPointer(start: $0, count: stage.outputs)) }
                optimizer.setState(ParameterState(step: stage.biasSteps, slots: slots), of: b)
            }
        }
        storeGradients()
    }

    /// The last step's gradients into the model's tensors' ``Tensor/grad``.
    func storeGradients() {
        for stage in stages {
            let (rows, stride, count) = stage.primaryShape
            stage.linear.weight.withGradient { dw in
                exchange(stage, stage.weightGradient, dw, rows: rows, stride: stride, count: count, toTensor: true)
            }
            stage.linear.bias?.withGradient { db in db.update(from: stage.biasGradient, count: stage.outputs) }
        }
    }

    /// Moves a `inputs × outputs` matrix between the tensor layout (`W[k, j]` at `k · outputs + j`) and a
    /// primary-layout buffer of `rows` rows of `count` values with `stride`.
    private func exchange(_ stage: Stage, _ source: UnsafePointer<Float>, _ target: UnsafeMutablePointer<Float>,
                          rows: Int, stride: Int, count: Int, toTensor: Bool) {
        if stage.primaryIsColumns {
            // Wᵀ ↔ W: a transpose either way.
            if toTensor {
                Self.transpose(source, rows: rows, columns: count, sourceStride: stride, into: target, stride: rows)
            } else {
                Self.transpose(source, rows: count, columns: rows, sourceStride: rows, into: target, stride: stride)
            }
        } else {
            for r in 0 ..< rows {
                if toTensor { (target + r * count).update(from: source + r * stride, count: count) }
                else { (target + r * stride).update(from: source + r * count, count: count) }
            }
        }
    }

    /// The resident optimizer's fused update of one stage: the primary layout's rows and the bias, the
    /// real values only (the padding stays zero), then the other layout transposed from the primary one.
    @inline(__always)
    func update(_ stage: Stage, _ optimizer: ResidentUpdate) {
        let (rows, stride, count) = stage.primaryShape
        let weights = stage.primaryIsColumns ? stage.weightColumns! : stage.weightRows!
        if let term = stage.penalty {
            Penalties.addGradient(weights, stage.weightGradient, rows: rows, count: count, stride: stride, term)
        }
        stage.weightSteps += 1
        optimizer.update(UpdateBuffers(theta: weights, gradient: stage.weightGradient, slots: Self.slots(stage.weightSlots),
                                       slotCount: stage.weightSlots.count, rows: rows, count: count, stride: stride,
                                       isPadded: true),
                         step: stage.weightSteps)
        if stage.hasBias {
            stage.biasSteps += 1
            optimizer.update(UpdateBuffers(theta: stage.bias, gradient: stage.biasGradient, slots: Self.slots(stage.biasSlots),
                                           slotCount: stage.biasSlots.count, count: stage.outputs,
                                           stride: stage.outputWidth, isPadded: true),
                             step: stage.biasSteps)
        }
        if stage.primaryIsColumns, let rowsLayout = stage.weightRows {
            Self.transpose(weights, rows: stage.outputs, columns: stage.inputs, sourceStride: stride,
                           into: rowsLayout, stride: stage.outputWidth)
        } else if !stage.primaryIsColumns, let columnsLayout = stage.weightColumns {
            Self.transpose(weights, rows: stage.inputs, columns: stage.outputs, sourceStride: stride,
                           into: columnsLayout, stride: stage.inputWidth)
        }
    }

    /// Penalizes each stage's weights by its term in `penalties` (the resident update adds the gradient).
    func usePenalties(_ penalties: Penalties) {
        for stage in stages { stage.penalty = penalties.term(for: stage.linear.weight) }
    }

    /// The penalty of the resident weights (before this step's update).
    func penaltyValue() -> Float {
        var total: Float = 0
        for stage in stages {
            guard let term = stage.penalty else { continue }
            let (rows, stride, count) = stage.primaryShape
            let weights = stage.primaryIsColumns ? stage.weightColumns! : stage.weightRows!
            total += Penalties.value(weights, rows: rows, count: count, stride: stride, term)
        }
        return total
    }

    /// Up to three state vectors as ``UpdateBuffers`` takes them.
    @inline(__always)
    private static func slots(_ list: [UnsafeMutablePointer<Float>])
        -> (UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?) {
        (list.count > 0 ? list[0] : nil, list.count > 1 ? list[1] : nil, list.count > 2 ? list[2] : nil)
    }
}

/// The resident optimizer's fused update, called through a class rather than the optimizer's existential:
/// a call on an existential reference counts it up and down (two atomic operations, each waiting for the
/// stores before it), which the step paid on every stage; this object and the optimizer it holds are
/// called unretained. Made once per fit by ``of(_:)``.
class ResidentUpdate {
    /// The update of `optimizer` (whose concrete type the subclass is specialized for).
    static func of(_ optimizer: any FusedOptimizer) -> ResidentUpdate { make(optimizer) }

    /// The existential opened: the subclass for the optimizer's own type.
    private static func make<Optimizer: FusedOptimizer>(_ optimizer: Optimizer) -> ResidentUpdate {
        OptimizerUpdate(optimizer)
    }

    fileprivate init() {}

    /// ``FusedOptimizer/update(_:step:)`` of the optimizer.
    func update(_ buffers: UpdateBuffers, step: Int) {
        preconditionFailure("made only as OptimizerUpdate")  // internal invariant: `of(_:)` makes the subclass
    }
}

private final class OptimizerUpdate<Optimizer: FusedOptimizer>: ResidentUpdate {
    /// Held by the stack's ``DenseStack/residentOptimizer`` for as long as this object.
    unowned(unsafe) let optimizer: Optimizer

    init(_ optimizer: Optimizer) {
        self.optimizer = optimizer
        super.init()
    }

    override func update(_ buffers: UpdateBuffers, step: Int) {
        Unmanaged.passUnretained(optimizer)._withUnsafeGuaranteedRef { $0.update(buffers, step: step) }
    }
}
