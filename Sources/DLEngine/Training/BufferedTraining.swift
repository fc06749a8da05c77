/// The fast training step of ``Sequential/fit(_:options:using:onBatch:onEpoch:)``: forward, loss,
/// backward and the optimizer's step on buffers allocated once per fit (``BufferedModel``), without an
/// autodiff graph.
///
/// Taken when every layer is a ``BufferedLayer``, the loss a ``BufferedLoss`` that accepts the targets,
/// and every parameter requires a gradient and belongs to one place in the model; else `fit` runs the
/// autodiff step, which computes the same numbers. L1/L2 penalties (model-wide and per layer) are
/// applied here too (``Penalties``).
/// The optimizer is the caller's own: the kernels write each parameter's ``Tensor/grad`` and `step(_:)`
/// reads it as usual — except on a ``DenseStack``, which keeps the parameters in its own buffers and
/// runs the optimizer's fused update during the backward pass (``DenseStack/makeResident(_:)``); the
/// model's tensors are then brought up to date by ``synchronize(includingOptimizer:)``.
final class BufferedTraining {
    /// The fused ``DenseStack`` when the model is a small chain of Linear layers and activations, else the
    /// layer-by-layer ``BufferedModel``.
    let model: any TrainingNetwork
    let loss: any LossKernel
    /// The data set's input values (the tensor's own array: no copy; a `let`, so reading it needs no
    /// reference count per step).
    let inputs: [Float]
    /// The class labels of the samples, for the accuracy (`nil` for value targets).
    let labels: [Int]?
    let optimizer: any Optimizer
    let parameters: [Tensor]

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
        let model: any TrainingNetwork
        if options.allowsDenseSteps, sampleShape.count == 1,
           let dense = try DenseStack(sequential, sampleCount: sampleShape[0], capacity: batchCapacity) {
            model = dense
        } else if let layered = try BufferedModel(sequential, sampleShape: sampleShape, capacity: batchCapacity,
                                                  withGradients: true) {
            model = layered
        } else {
            let without = sequential.layers.first { !($0 is any BufferedLayer) }
            _ = declined(without.map { "\($0.name) has no training kernel" } ?? "a layer declines this input shape")
            return nil
        }
        guard model.inputCount > 0 || declined("the samples are empty"),
              model.outputCount > 0 || declined("the model has no outputs") else { return nil }
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
        penalties = Penalties(sequential, options.regularizer)
        if let dense = model as? DenseStack, let fused = optimizer as? any FusedOptimizer {
            try dense.makeResident(fused)
            dense.usePenalties(penalties)
            resident = dense
        } else {
            resident = nil
        }
        if let dense = model as? DenseStack, let kernel = loss as? any ClassMajorLossKernel,
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

    /// Which step this is, for ``History/step``.
    var kind: TrainingStep { model is DenseStack ? .fusedDense : .layerKernels }

    /// The dense stack that holds the parameters during the fit, if any.
    private let resident: DenseStack?
    /// The fit's L1/L2 penalties (model-wide and per layer); the resident stack applies its own.
    private let penalties: Penalties

    /// Writes parameters kept in the step's own buffers, and their last gradients, into the model's
    /// tensors (and with `includingOptimizer` the optimizer's state into the optimizer). Nothing to do
    /// when the step works on the tensors themselves.
    func synchronize(includingOptimizer: Bool) {
        resident?.storeParameters(includingOptimizer: includingOptimizer)
    }

    /// Reads the model's parameters again, after a caller may have changed them.
    func reload() {
        resident?.loadParameters()
    }

    /// One step on the samples `order[range]` (indices into the data set: an epoch's order and one
    /// batch's range of it, rather than a slice to retain per step): the batch's mean loss and, for
    /// class targets, how many it got right; `nil` when the loss is NaN or infinite, in which case no
    /// parameter changed.
    func step(_ order: [Int], _ range: Range<Int>) throws -> BatchOutcome? {
        let batch = range.count
        // The resident step updates during the backward pass: check what `step(_:)` would check first.
        if let optimizer = resident?.residentOptimizer, !(optimizer.learningRate.isFinite && optimizer.learningRate >= 0) {
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
            if !penalties.isEmpty {
                let penalty = resident?.penaltyValue() ?? penalties.value()
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
        if resident == nil {
            penalties.addGradients()
            try optimizer.step(parameters)
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
