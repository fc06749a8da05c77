/// A model's loss and accuracy on a data set.
public struct Evaluation: Sendable, Equatable {
    /// The mean loss over all samples.
    public let loss: Float
    /// The fraction of samples whose predicted class is right, for class targets.
    public let accuracy: Float?
}

extension Sequential {
    /// The mean loss and the accuracy on `data`, in evaluation mode and without recording gradients.
    public func evaluate(_ data: Dataset, loss: any Loss, batchSize: Int = 1024) throws -> Evaluation {
        try evaluation(of: try predictions(on: data, loss: loss, batchSize: batchSize), data, loss: loss)
    }

    /// The outputs `evaluate` scores, after its checks of the data and the loss.
    func predictions(on data: Dataset, loss: any Loss, batchSize: Int = 1024) throws -> Tensor {
        guard data.count > 0 else { throw EngineError.invalidArgument("cannot evaluate on an empty data set") }
        try loss.checkReducesToOneValue(for: "evaluate")
        return try predict(data.inputs, batchSize: batchSize)
    }

    /// The mean loss and the accuracy of `outputs`, the model's predictions on `data`.
    func evaluation(of outputs: Tensor, _ data: Dataset, loss: any Loss) throws -> Evaluation {
        let value = try withoutGradient { try loss(outputs, data.targets).item() }
        let accuracy = Sequential.correctPredictions(outputs, data.targets).map { Float($0.0) / Float($0.1) }
        return Evaluation(loss: value, accuracy: accuracy)
    }

    /// The fraction of samples of `data` whose predicted class is the label.
    /// - Throws: when the targets are not classes.
    public func accuracy(_ data: Dataset) throws -> Float {
        guard !data.hasValueTargets else {
            throw EngineError.invalidArgument(
                "accuracy needs class labels; this data set has real-valued targets (regression): its figures are the loss, MAE, RMSE and R2")
        }
        let outputs = try predict(data.inputs)
        guard let (right, total) = Sequential.correctPredictions(outputs, data.targets), total > 0 else {
            throw EngineError.invalidArgument("accuracy needs class labels and outputs with one score per class")
        }
        return Float(right) / Float(total)
    }

    /// The predicted class of every sample: the index of the largest output, or for a single output
    /// column (a binary classifier on logits) 1 where the output is positive.
    public func predictClasses(_ inputs: Tensor) throws -> [Int] {
        try Sequential.classes(of: predict(inputs))
    }

    static func classes(of outputs: Tensor) throws -> [Int] {
        if outputs.rank == 1 || (outputs.rank == 2 && outputs.shape[1] == 1) {
            return outputs.data.map { $0 > 0 ? 1 : 0 }
        }
        return try outputs.argmaxRows()
    }

    /// How many predictions match class targets, and out of how many; `nil` for value targets or
    /// outputs that are not one row of scores per sample.
    static func correctPredictions(_ outputs: Tensor, _ targets: Targets) -> (Int, Int)? {
        guard case .classes(let labels, _) = targets, outputs.rank >= 1, outputs.shape[0] == labels.count,
              let predicted = try? classes(of: outputs) else { return nil }
        return (zip(predicted, labels).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }, labels.count)
    }
}
