/// The parameters of ``DenseStack``: kept in its own buffers during a fit with SGD (and SGD's step
/// applied there), or loaded from the model before each step and the gradients stored after it for any
/// other optimizer; and written back to the model's tensors.
extension DenseStack {
    /// Keeps the parameters in the stack's buffers from now on and applies `optimizer`'s step in
    /// ``backward(batch:)``: no per-step copies in and out, no separate pass over the parameters. Loads
    /// the parameters and the optimizer's velocities; ``storeParameters(includingOptimizer:)`` hands them
    /// back.
    /// - Throws: ``EngineError/allocationTooLarge(shape:limit:)`` for the velocities (not reached within
    ///   the limits).
    func makeResident(_ optimizer: SGD) throws {
        residentOptimizer = optimizer
        for stage in stages {
            (stage.weightFirstStep, stage.biasFirstStep) = (true, true)
            guard optimizer.momentum != 0 else { continue }
            let (rows, stride, count) = stage.primaryShape
            if stage.weightVelocity == nil {
                let weights = try FloatBuffer(rows: rows, columns: stride)
                let bias = try FloatBuffer(rows: 1, columns: stage.outputWidth)
                buffers += [weights, bias]
                stage.weightVelocity = weights.pointer
                stage.biasVelocity = bias.pointer
            }
            if let velocity = optimizer.velocity(of: stage.linear.weight) {
                stage.weightFirstStep = false
                velocity.withUnsafeBufferPointer { v in
                    exchange(stage, v.baseAddress!, stage.weightVelocity!, rows: rows, stride: stride, count: count,
                             toTensor: false)
                }
            }
            if let b = stage.linear.bias, let velocity = optimizer.velocity(of: b) {
                stage.biasFirstStep = false
                velocity.withUnsafeBufferPointer { stage.biasVelocity!.update(from: $0.baseAddress!, count: stage.outputs) }
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
    /// `includingOptimizer` the velocities into the optimizer (nothing before the first step).
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
            if let velocity = stage.weightVelocity, !stage.weightFirstStep {
                var values = [Float](repeating: 0, count: stage.inputs * stage.outputs)
                values.withUnsafeMutableBufferPointer { v in
                    exchange(stage, velocity, v.baseAddress!, rows: rows, stride: stride, count: count, toTensor: true)
                }
                optimizer.setVelocity(values, of: stage.linear.weight)
            }
            if let b = stage.linear.bias, let velocity = stage.biasVelocity, !stage.biasFirstStep {
                optimizer.setVelocity(Array(UnsafeBufferPointer(start: velocity, count: stage.outputs)), of: b)
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

    /// The resident optimizer's step on one stage: each row of the primary layout and the bias through
    /// ``SGD/update(_:_:velocity:isFirstStep:_:)`` (the arithmetic of ``SGD/step(_:)``), the real values
    /// only (the padding stays zero), then the other layout transposed from the primary one.
    @inline(__always)
    func update(_ stage: Stage, _ c: SGD.Coefficients) {
        let (rows, stride, count) = stage.primaryShape
        let weights = stage.primaryIsColumns ? stage.weightColumns! : stage.weightRows!
        for r in 0 ..< rows {
            let offset = r * stride
            Self.step(weights + offset, stage.weightGradient + offset, stage.weightVelocity.map { $0 + offset },
                      count: count, isFirstStep: stage.weightFirstStep, c)
        }
        stage.weightFirstStep = false
        if stage.hasBias {
            Self.step(stage.bias, stage.biasGradient, stage.biasVelocity, count: stage.outputs,
                      isFirstStep: stage.biasFirstStep, c)
            stage.biasFirstStep = false
        }
        if stage.primaryIsColumns, let rowsLayout = stage.weightRows {
            Self.transpose(weights, rows: stage.outputs, columns: stage.inputs, sourceStride: stride,
                           into: rowsLayout, stride: stage.outputWidth)
        } else if !stage.primaryIsColumns, let columnsLayout = stage.weightColumns {
            Self.transpose(weights, rows: stage.inputs, columns: stage.outputs, sourceStride: stride,
                           into: columnsLayout, stride: stage.inputWidth)
        }
    }

    /// SGD's step on `count` values, whole vectors at a time: the buffers are padded past `count` to
    /// a whole vector, and in the last vector the lanes past `count` keep their values (zero) through a
    /// lane mask.
    @inline(__always)
    private static func step(_ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>,
                             _ velocity: UnsafeMutablePointer<Float>?, count: Int, isFirstStep: Bool,
                             _ c: SGD.Coefficients) {
        typealias Vector = Lanes.Vector
        @inline(__always)
        func vector(_ offset: Int, keeping keep: SIMDMask<SIMD16<Int32>>?) {
            let pv = UnsafeMutableRawPointer(p + offset), gv = UnsafeRawPointer(g + offset)
            let theta = pv.loadUnaligned(as: Vector.self), gradient = gv.loadUnaligned(as: Vector.self)
            if let velocity {
                let bv = UnsafeMutableRawPointer(velocity + offset), b = bv.loadUnaligned(as: Vector.self)
                var (newTheta, newVelocity) = SGD.step(theta, gradient, velocity: b, isFirstStep: isFirstStep, c)
                if let keep {
                    newTheta.replace(with: theta, where: keep)
                    newVelocity.replace(with: b, where: keep)
                }
                bv.storeBytes(of: newVelocity, as: Vector.self)
                pv.storeBytes(of: newTheta, as: Vector.self)
            } else {
                var newTheta = SGD.step(theta, gradient, c)
                if let keep { newTheta.replace(with: theta, where: keep) }
                pv.storeBytes(of: newTheta, as: Vector.self)
            }
        }
        var offset = 0
        while offset &+ 16 <= count {
            vector(offset, keeping: nil)
            offset &+= 16
        }
        if offset < count {
            let lanes = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
            vector(offset, keeping: lanes .>= SIMD16<Int32>(repeating: Int32(truncatingIfNeeded: count &- offset)))
        }
    }
}
