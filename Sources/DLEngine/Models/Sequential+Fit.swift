import Dispatch

/// Training: the mini-batch loop of the article's `Model.fit`.
extension Sequential {
    /// Trains the model on `data` and returns the per-epoch history.
    ///
    /// Each epoch shuffles the samples (when asked), and for every mini-batch computes the outputs, the
    /// loss plus any L1/L2 penalty, the gradients by backpropagation, and one optimizer step. After every
    /// batch `progress` (or `onBatch`) may stop training: the weights and history learnt so far are kept.
    /// A loss that becomes NaN or infinite stops training before that batch's update, with the reason in
    /// the history.
    ///
    /// Two per-batch callbacks, for two needs (as Keras's progress bar reads metrics, never weights):
    /// `progress` only sees the figures and answers whether to stop, so the fast step keeps its
    /// parameters where they are; `onBatch` sees (and may change) the parameters, which costs a
    /// write-back and a reload of them around every call. The parameters reach the model's tensors when
    /// something reads them: `onBatch`, validation, `onEpoch`, and when fit returns or throws.
    ///
    /// - Parameters:
    ///   - data: the training data.
    ///   - options: epochs, batch size, loss, optimizer, regularization, validation.
    ///   - generator: the source of the shuffling order (and of nothing else).
    ///   - progress: called after every batch with the progress so far; it answers whether to stop. The
    ///     model's parameters are not brought up to date for it (it must not read them).
    ///   - onBatch: called after every batch with the progress so far; the model's parameters are current
    ///     when it runs, and changes it makes to them are trained on.
    ///   - onEpoch: called after every epoch with its record (the parameters and the optimizer's state
    ///     current).
    /// - Throws: when the data does not fit the model (a shape mismatch naming both shapes), or the loss
    ///   does not fit the targets.
    ///
    /// Subnormal floats are flushed to zero for the whole fit, callbacks included (``Subnormals``).
    @discardableResult
    public func fit(_ data: Dataset, options: TrainingOptions, using generator: inout RandomGenerator,
                    progress report: ((TrainingProgress) -> TrainingControl)? = nil,
                    onBatch: ((TrainingProgress) -> TrainingControl)? = nil,
                    onEpoch: ((EpochRecord) -> Void)? = nil) throws -> History {
        try Subnormals.flushing {
            try train(data, options: options, using: &generator, progress: report, onBatch: onBatch, onEpoch: onEpoch)
        }
    }

    /// ``fit(_:options:using:progress:onBatch:onEpoch:)`` in the flushing mode.
    private func train(_ data: Dataset, options: TrainingOptions, using generator: inout RandomGenerator,
                       progress report: ((TrainingProgress) -> TrainingControl)?,
                       onBatch: ((TrainingProgress) -> TrainingControl)?,
                       onEpoch: ((EpochRecord) -> Void)?) throws -> History {
        guard !layers.isEmpty else { throw EngineError.invalidArgument("the model has no layers; add some first") }
        let sampleShape = Array(data.inputs.shape.dropFirst())
        do { _ = try outputShape(for: sampleShape) } catch let error as EngineError {
            throw EngineError.invalidArgument("the data (samples of shape \(EngineError.format(sampleShape))) does not fit the model: \(error.description)")
        }
        var (training, validation) = (data, nil as Dataset?)
        switch options.validation {
        case .data(let held)?: validation = held
        case .split(let fraction)?:
            // A random part, drawn from the generator; Keras holds out the last part instead, which for
            // data sets ordered class by class (spiral, moons, ...) would hold out one class alone.
            let heldCount = Int((Float(data.count) * fraction).rounded())
            guard heldCount >= 1 && heldCount < data.count else {
                throw EngineError.invalidArgument("validation split \(fraction) leaves no data on one side of \(data.count) samples")
            }
            try MemoryBudget.check(2 * data.count, of: Int.self, shape: [data.count])  // the order, then the two halves
            let order = generator.permutation(data.count)
            training = try data.subset(Array(order[heldCount...]).sorted())
            validation = try data.subset(Array(order[..<heldCount]).sorted())
        case nil: break
        }
        guard training.count > 0 else { throw EngineError.invalidArgument("cannot fit on an empty data set") }

        var history = History()
        let started = DispatchTime.now().uptimeNanoseconds
        let wasTraining = isTraining
        isTraining = true
        defer { isTraining = wasTraining }
        let batchSize = Swift.min(options.batchSize, training.count)
        let parameters = self.parameters

        guard options.epochs > 0 else { return history }
        // Schedule and early stopping: checked (and the schedule's first rate set) before training.
        var supervisor = try FitSupervisor(options, hasValidation: validation != nil, hasAccuracy: training.labels != nil,
                                           batchesPerEpoch: (training.count + batchSize - 1) / batchSize)
        var lastValidation: Evaluation?
        // Buffers for the fast step are made once, here; nil when the model or loss needs autodiff.
        var reason = ""
        let buffered = try BufferedTraining(self, data: training, options: options, batchCapacity: batchSize,
                                            reason: &reason)
        history.step = buffered?.kind ?? .autodiff(reason: reason)
        if buffered == nil { try Self.checkBatchCopy(of: training, batchSize: batchSize) }
        try options.loss.checkReducesToOneValue(for: "fit")
        let metrics = try MetricAccumulator(options.metrics, targets: training.targets, outputCount: outputShape(for: sampleShape).reduce(1, *))
        buffered?.metrics = metrics
        // A fast step may keep the parameters in its own buffers: the model's tensors are brought up to
        // date for every callback, for validation, and when fit returns or throws.
        defer { buffered?.synchronize(includingOptimizer: true) }
        // The step called unretained (this function holds it): no reference counting per batch.
        let bufferedStep = buffered.map { Unmanaged.passUnretained($0) }
        for epoch in 1 ... options.epochs {
            let batches = try training.batches(size: batchSize, shuffle: options.shuffle, using: &generator)
            let order = batches.order
            var lossSum: Double = 0, seen = 0, correct = 0, counted = 0
            var stop: StopReason?
            let epochRate = options.optimizer.learningRate
            metrics?.reset()
            for b in 0 ..< batches.count {
                let rate = options.optimizer.learningRate
                // A range of the order, not a slice of it (which would count the order's storage up and down).
                let samples = b * batchSize ..< Swift.min((b + 1) * batchSize, order.count)
                let outcome: BatchOutcome?
                if let bufferedStep { outcome = try bufferedStep._withUnsafeGuaranteedRef { try $0.step(order, samples) } }
                else { outcome = try autodiffStep(training, order[samples], options: options, parameters: parameters, metrics: metrics) }
                guard let step = outcome else {
                    stop = .nonFiniteLoss(epoch: epoch, batch: b + 1)
                    break
                }
                try supervisor.afterBatch(options.optimizer)
                lossSum += Double(step.loss) * Double(samples.count)
                seen += samples.count
                if let (right, total) = step.correct {
                    correct += right
                    counted += total
                }
                let progress = TrainingProgress(
                    epoch: epoch, epochs: options.epochs, batch: b + 1, batches: batches.count,
                    loss: Float(lossSum / Double(seen)), accuracy: counted > 0 ? Float(correct) / Float(counted) : nil,
                    learningRate: rate, validationLoss: lastValidation?.loss, validationAccuracy: lastValidation?.accuracy)
                var control = report?(progress) ?? .proceed
                if let onBatch {
                    // The callback sees (and may change) the current parameters.
                    buffered?.synchronize(includingOptimizer: false)
                    if onBatch(progress) == .stop { control = .stop }
                    buffered?.reload()
                }
                // A stop after the last batch still says so: the language replays a stopped fit as one
                // that stops at the same batch, and both must read alike.
                if control == .stop {
                    stop = .requested(epoch: epoch, batch: b + 1)
                    break
                }
            }
            // Validation and onEpoch see the current parameters (otherwise the tensors are brought up to
            // date when fit returns).
            if validation != nil || onEpoch != nil || supervisor.needsWeights { buffered?.synchronize(includingOptimizer: true) }
            if seen > 0 {
                var validationResult: Evaluation?, validationFigures: [MetricFigure] = []
                if let validation {
                    // Ctrl-C during a fit stops it at the next batch keeping what it learnt (the progress
                    // callback): the validation pass must not fail the whole statement instead.
                    (validationResult, validationFigures) = try Interruption.asking({ false }) {
                        try evaluate(validation, loss: options.validationLoss ?? options.loss, metrics: options.metrics, prefix: "val_")
                    }
                }
                let record = EpochRecord(
                    epoch: epoch, loss: Float(lossSum / Double(seen)),
                    accuracy: counted > 0 ? Float(correct) / Float(counted) : nil,
                    validationLoss: validationResult?.loss, validationAccuracy: validationResult?.accuracy,
                    learningRate: epochRate,
                    isComplete: seen == training.count,  // every batch ran (a stop after the last one too)
                    metrics: (metrics?.figures() ?? []) + validationFigures)
                history.epochs.append(record)
                lastValidation = validationResult
                onEpoch?(record)
                // A schedule steps and early stopping watches only after whole epochs.
                if record.isComplete, stop == nil,
                   let early = try supervisor.afterEpoch(record, epoch: epoch, optimizer: options.optimizer,
                                                         weights: { self.state.map(\.tensor.data) }) {
                    stop = early
                }
            }
            if let stop {
                history.stopReason = stop
                break
            }
        }
        if let (epoch, weights) = supervisor.bestWeights(lastEpoch: history.last?.epoch ?? 0) {
            // The step's buffers first, so that the final synchronization writes the best weights too.
            buffered?.synchronize(includingOptimizer: true)
            for (entry, values) in zip(state, weights) { entry.tensor.data = values }
            buffered?.reload()
            history.restoredEpoch = epoch
        }
        history.duration = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return history
    }

    /// Checks, once per fit, that the autodiff step's copy of a batch's inputs and targets fits (a batch
    /// as large as a data set that fills half the memory would not fit beside it).
    private static func checkBatchCopy(of data: Dataset, batchSize: Int) throws {
        let n = Swift.max(data.count, 1)
        let targetFloats: Int
        switch data.targets {
        case .classes: targetFloats = MemoryLayout<Int>.stride / MemoryLayout<Float>.stride
        case .values(let values): targetFloats = values.count / n
        }
        let perSample = data.inputs.count / n + targetFloats
        try MemoryBudget.check(batchSize * perSample, of: Float.self, shape: [batchSize, perSample])
    }

    /// One step through the autodiff graph on the samples `samples` of `data`: outputs, loss plus any
    /// L1/L2 penalty, backpropagation, the optimizer's step. `nil` (and no update) when the loss is NaN
    /// or infinite.
    private func autodiffStep(_ data: Dataset, _ samples: ArraySlice<Int>, options: TrainingOptions,
                              parameters: [Tensor], metrics: MetricAccumulator?) throws -> BatchOutcome? {
        let indices = Array(samples)
        let (inputs, targets) = (data.inputs.gatheringRows(indices), data.targets.gathering(indices))
        let outputs = try self(inputs)
        var loss = try options.loss(outputs, targets)
        let dataLoss = try loss.item()
        if let penalty = try penalty(options.regularizer) { loss = try loss + penalty }
        guard dataLoss.isFinite, try loss.item().isFinite else { return nil }
        metrics?.add(outputs, targets)
        options.optimizer.zeroGrad(parameters)
        try loss.backward()
        try options.optimizer.step(parameters)
        return BatchOutcome(loss: dataLoss, correct: Sequential.correctPredictions(outputs, targets))
    }
}
