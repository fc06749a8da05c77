/// Which step `fit` would take, asked before training (for `summary`).
extension Sequential {
    /// The step ``fit(_:options:using:progress:onBatch:onEpoch:)`` would train this model on for data
    /// like `data` with `loss`, and on the autodiff step why: the same decision `fit` makes, on the
    /// first samples of `data`, with buffers for them alone. Nothing of the model or the data changes.
    ///
    /// - Parameters:
    ///   - data: data of the shape and kind of targets the fit will see (only its first samples are read).
    ///   - loss: the loss the fit will minimise.
    ///   - batchSize: the fit's batch size (the fused dense step has a size limit).
    /// - Throws: when the data does not fit the model, as `fit` would.
    public func plannedStep(for data: Dataset, loss: any Loss, batchSize: Int = 32) throws -> TrainingStep {
        guard !layers.isEmpty else { throw EngineError.invalidArgument("the model has no layers; add some first") }
        guard data.count > 0 else { throw EngineError.invalidArgument("cannot plan a fit on an empty data set") }
        let batch = Swift.max(1, Swift.min(batchSize, data.count))
        let sample = try data.subset(Array(0 ..< batch))
        _ = try outputShape(for: Array(sample.inputs.shape.dropFirst()))
        // A fresh optimizer: the plan must not read (or make resident) the user's optimizer state.
        let options = try TrainingOptions(epochs: 1, batchSize: batch, shuffle: false, loss: loss,
                                          optimizer: try SGD(learningRate: 0))
        let wasTraining = isTraining
        isTraining = true
        defer { isTraining = wasTraining }
        var reason = ""
        let buffered = try BufferedTraining(self, data: sample, options: options, batchCapacity: batch, reason: &reason)
        return buffered?.kind ?? .autodiff(reason: reason)
    }
}
