/// The training step of ``Sequential/fit(_:options:using:onBatch:onEpoch:)``: forward, loss, backward and
/// the optimizer's step on the model's kernels (``BufferedModel``), on buffers allocated once per fit,
/// without an autodiff graph.
///
/// Taken when every layer is a ``BufferedLayer``, the loss a ``BufferedLoss`` that accepts the targets,
/// and every parameter requires a gradient and belongs to one place in the model; else `fit` runs the
/// autodiff step, which computes the same numbers. L1/L2 penalties (model-wide and per layer) are
/// applied here too (``Penalties``).
/// The optimizer is the caller's own: the kernels write each parameter's ``Tensor/grad`` and `step(_:)`
/// reads it as usual — except in a fused dense run (``DenseStack``), which keeps its parameters in its own
/// buffers and runs the optimizer's fused update during the backward pass (``DenseStack/makeResident(_:)``);
/// the model's tensors are then brought up to date by ``synchronize(includingOptimizer:)``.
final class BufferedTraining {
    /// The model's kernels, fused where the planner found dense runs.
    let model: BufferedModel
    let loss: any LossKernel
    /// The data set's input values (the tensor's own array: no copy; a `let`, so reading it needs no
    /// reference count per step).
    let inputs: [Float]
    /// The class labels of the samples, for the accuracy (`nil` for value targets).
    let labels: [Int]?
    let optimizer: any Optimizer
    let parameters: [Tensor]
    /// Whether any weight is penalized (the step then checks the penalized loss is finite).
    private let hasPenalties: Bool

    /// - Parameter reason: set, when the fast step does not apply, to why (for ``History/step``).
    /// - Returns: `nil` when the fast step does not apply (see the type's summary).
    /// - Throws: ``EngineError/allocationTooLarge(shape:limit:)`` for buffers beyond the engine's limit.
    init?(_ sequential: Sequential, data: Dataset, options: TrainingOptions, batchCapacity: Int,
          reason: UnsafeMutablePointer<String>? = nil) throws {
        func declined(_ why: String) -> Bool {
            reason?.pointee = why
            return false
        }
        // Inside `withoutGradient` the autodiff step reports that nothing records gradients; keep that.
        guard GradientMode.isEnabled || declined("gradients are not recorded"),
              options.allowsBufferedSteps || declined("asked for") else { return nil }
        guard let bufferedLoss = options.loss as? any BufferedLoss else {
            _ = declined("the loss \(options.loss.name) has no training kernel")
            return nil
        }
        let parameters = sequential.parameters
        // A layer used twice (the same Linear at two places) sums two gradients into its parameters;
        // the kernels write theirs, so such a model takes the autodiff step.
        guard parameters.allSatisfy(\.requiresGrad) || declined("some parameters are frozen"),
              Set(parameters.map(ObjectIdentifier.init)).count == parameters.count
                || declined("a layer is used more than once") else { return nil }
        let sampleShape = Array(data.inputs.shape.dropFirst())
        // The losses take one row of scores per sample.
        guard try sequential.outputShape(for: sampleShape).count == 1
                || declined("the model's outputs are not one row per sample") else { return nil }
        guard let model = try BufferedModel(sequential, sampleShape: sampleShape, capacity: batchCapacity,
                                            withGradients: true, fusesDense: options.allowsDenseSteps) else {
            let without = sequential.layers.first { !($0 is any BufferedLayer) }
            _ = declined(without.map { "\($0.name) has no training kernel" } ?? "a layer declines this input shape")
            return nil
        }
        guard model.inputCount > 0 || declined("the samples are empty"),
              model.outputCount > 0 || declined("the model has no outputs") else { return nil }
        // Labels the outputs cannot score: `fit` refuses them whichever step runs, so say that first.
        if case .classes(let labels, _) = data.targets, model.outputCount > 1, let largest = labels.max(),
           largest >= model.outputCount {
            _ = declined("the data has labels up to \(largest) but the model \(model.outputCount) outputs; fit refuses it")
            return nil
        }
        guard let loss = try bufferedLoss.makeKernel(outputCount: model.outputCount, targets: data.targets) else {
            _ = declined("the loss \(options.loss.name) takes these targets on autodiff only")
            return nil
        }
        self.model = model
        self.loss = loss
        inputs = data.inputs.data
        if case .classes(let labels, _) = data.targets { self.labels = labels } else { labels = nil }
        optimizer = options.optimizer
        self.parameters = parameters
        let penalties = Penalties(sequential, options.regularizer)
        hasPenalties = !penalties.isEmpty
        // A fused optimizer's update runs inside the dense runs, on their resident parameters; the other
        // parameters get the optimizer's `step` on their tensors.
        var resident: [DenseStack] = []
        if let fused = optimizer as? any FusedOptimizer {
            for stack in model.denseStacks {
                try stack.makeResident(fused)
                stack.usePenalties(penalties)
                resident.append(stack)
            }
        }
        self.resident = resident
        let inResident = Set(resident.flatMap { $0.stages.flatMap { stage in
            [stage.linear.weight] + (stage.linear.bias.map { [$0] } ?? [])
        } }.map(ObjectIdentifier.init))
        tensorParameters = parameters.filter { !inResident.contains(ObjectIdentifier($0)) }
        tensorPenalties = penalties.keeping { !inResident.contains(ObjectIdentifier($0)) }
        if let dense = model.kernels.last as? DenseStack, let kernel = loss as? any ClassMajorLossKernel,
           batchCapacity <= kernel.classMajorLimits.rows, dense.outputCount <= kernel.classMajorLimits.classes,
           try dense.useClassMajorScores() {
            (classMajorStack, classMajorLoss) = (dense, kernel)
        } else {
            (classMajorStack, classMajorLoss) = (nil, nil)
        }
    }

    /// The stack and loss that pass the scores and their gradient class-major, if they can.
    /// (Two properties rather than a tuple: taking the tuple apart cost two retains and releases a step.)
    private let classMajorStack: DenseStack?
    private let classMajorLoss: (any ClassMajorLossKernel)?
    var usesClassMajorScores: Bool { classMajorStack != nil }

    /// The fit's metrics, counted from every step's scores (`nil`: none asked for).
    var metrics: MetricAccumulator?

    /// Which step this is, for ``History/step``: the fused dense step when one fused run is the whole model.
    var kind: TrainingStep {
        if model.kernels.count == 1 && model.kernels[0] is DenseStack { return .fusedDense }
        return .layerKernels(fused: zip(model.kernels, model.spans).compactMap { kernel, span in
            kernel is DenseStack ? span.lowerBound + 1 ... span.upperBound : nil
        })
    }

    /// The dense runs that hold their parameters during the fit.
    private let resident: [DenseStack]
    /// The parameters the optimizer's `step` updates on their tensors (those outside resident runs).
    private let tensorParameters: [Tensor]
    /// The fit's L1/L2 penalties on those parameters; the resident runs apply their own.
    private let tensorPenalties: Penalties

    /// Writes parameters kept in the step's own buffers, and their last gradients, into the model's
    /// tensors (and with `includingOptimizer` the optimizer's state into the optimizer). Nothing to do
    /// when the step works on the tensors themselves.
    func synchronize(includingOptimizer: Bool) {
        for stack in resident { stack.storeParameters(includingOptimizer: includingOptimizer) }
    }

    /// Reads the model's parameters again, after a caller may have changed them.
    func reload() {
        for stack in resident { stack.loadParameters() }
    }

    /// One step on the samples `order[range]` (indices into the data set: an epoch's order and one
    /// batch's range of it, rather than a slice to retain per step): the batch's mean loss and, for
    /// class targets, how many it got right; `nil` when the loss is NaN or infinite, in which case no
    /// parameter changed.
    func step(_ order: [Int], _ range: Range<Int>) throws -> BatchOutcome? {
        let batch = range.count
        // The resident step updates during the backward pass: check what `step(_:)` would check first.
        if !resident.isEmpty, !(optimizer.learningRate.isFinite && optimizer.learningRate >= 0) {
            try Hyperparameters.checkLearningRate(optimizer.learningRate, optimizer: optimizer.name)
        }
        let outcome: BatchOutcome? = try order.withUnsafeBufferPointer { order in
            let samples = UnsafeBufferPointer(rebasing: order[range])
            inputs.withUnsafeBufferPointer { model.load($0.baseAddress!, samples: samples) }
            try model.forward(batch: batch)
            let scores: UnsafePointer<Float>, classMajorScores: Bool, value: Float
            if let columns = classMajorStack?.scoreColumns, let gradient = classMajorStack?.scoreGradientColumns,
               let classMajorValue = classMajorLoss?.loss(classMajor: columns, stride: DenseStack.scoreStride,
                                                          samples: samples, gradient: gradient) {
                (scores, classMajorScores, value) = (UnsafePointer(columns), true, classMajorValue)
            } else {
                (scores, classMajorScores) = (UnsafePointer(model.output), false)
                value = loss.loss(model.output, samples: samples, gradient: model.outputGradient)
            }
            // As the autodiff step: the data loss, and with the penalty added, must both be finite.
            if hasPenalties {
                let penalty = resident.reduce(0) { $0 + $1.penaltyValue() } + tensorPenalties.value()
                guard value.isFinite, (value + penalty).isFinite else { return nil }
            }
            guard value.isFinite else { return nil }
            let correct = labels.map { labels in
                labels.withUnsafeBufferPointer {
                    classMajorScores
                        ? Sequential.correctPredictions(classMajor: scores, stride: DenseStack.scoreStride,
                                                        classes: model.outputCount, labels: $0, samples: samples)
                        : Sequential.correctPredictions(scores, classes: model.outputCount, labels: $0, samples: samples)
                }
            }
            if let metrics, let labels {
                labels.withUnsafeBufferPointer { labels in
                    metrics.add(scores, rowStride: classMajorScores ? 1 : model.outputCount,
                                classStride: classMajorScores ? DenseStack.scoreStride : 1, labels: labels, samples: samples)
                }
            }
            model.backward(batch: batch)
            return BatchOutcome(loss: value, correct: correct.map { ($0, batch) })
        }
        guard let outcome else { return nil }
        if !tensorParameters.isEmpty {
            tensorPenalties.addGradients()
            try optimizer.step(tensorParameters)
        }
        return outcome
    }
}

/// What one training step reports: the batch's mean data loss and, for class targets, the number of
/// right predictions out of the batch.
struct BatchOutcome {
    let loss: Float
    let correct: (right: Int, total: Int)?
}
