/// The model's classification metrics on a data set.
extension Sequential {
    /// The fraction of samples of `data` whose label is among the model's k highest scores.
    /// - Throws: for data without class labels, and for k outside `1 ... classes` (the message names `k`).
    public func topKAccuracy(_ data: Dataset, k: Int) throws -> Double {
        guard let labels = data.labels, data.count > 0 else {
            throw EngineError.invalidArgument("top-k accuracy needs a data set with class labels")
        }
        let hits = try TopKAccuracy.hits(try predict(data.inputs), labels: labels, k: k)
        return Double(hits) / Double(labels.count)
    }

    /// The confusion matrix of the model's predictions on `data` (``predictClasses(_:)``): as many
    /// classes as the data has, or as the model predicts if that is more.
    /// - Throws: for data without class labels, or a matrix beyond the allocation limit.
    public func confusionMatrix(_ data: Dataset) throws -> ConfusionMatrix {
        guard let labels = data.labels, let classes = data.classCount else {
            throw EngineError.invalidArgument("the data set needs class labels (these are classification metrics; its targets are values)")
        }
        let predicted = try predictClasses(data.inputs)
        let size = Swift.max(classes, (predicted.max() ?? 0) + 1)
        guard size <= Dataset.maximumClassCount else {
            throw EngineError.invalidArgument("the model predicts \(size) classes, more than the \(Dataset.maximumClassCount) a confusion matrix may have")
        }
        return try ConfusionMatrix(labels: labels, predicted: predicted, classes: size)
    }

    /// The loss and accuracy on `data` (``evaluate(_:loss:batchSize:)``) and the figures of `metrics`,
    /// named with `prefix` (a fit's validation figures: `val_precision`), from one prediction pass.
    func evaluate(_ data: Dataset, loss: any Loss, metrics: [ClassificationMetric],
                  prefix: String) throws -> (Evaluation, [MetricFigure]) {
        let outputs = try predictions(on: data, loss: loss)
        let evaluation = try evaluation(of: outputs, data, loss: loss)
        guard !metrics.isEmpty,
              let accumulator = try MetricAccumulator(metrics, targets: data.targets, outputCount: outputs.shape.last ?? 1)
        else { return (evaluation, []) }
        accumulator.add(outputs.rank == 1 ? try outputs.reshaped([outputs.count, 1]) : outputs, data.targets)
        return (evaluation, accumulator.figures(prefix: prefix))
    }
}
