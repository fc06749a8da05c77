/// What a model is trained to predict for each sample: a class index, or a vector of values.
public enum Targets {
    /// Class indices in `0 ..< classCount`, one per sample.
    case classes([Int], classCount: Int)
    /// Target values, first axis: samples (regression, or probabilities for binary cross-entropy).
    case values(Tensor)

    /// The number of samples.
    public var count: Int {
        switch self {
        case .classes(let labels, _): return labels.count
        case .values(let t): return t.shape.first ?? 0
        }
    }

    /// The targets of the samples at `indices`, in that order.
    /// - Throws: for an index out of range.
    public func subset(_ indices: [Int]) throws -> Targets {
        for i in indices where i < 0 || i >= count { throw EngineError.indexOutOfRange(index: i, axis: 0, size: count) }
        return gathering(indices)
    }
}

/// A loss function: the batch mean of a per-sample penalty comparing a model's outputs with targets.
public protocol Loss: CustomStringConvertible {
    /// The name users write: `"softmax_ce"`, `"hinge"`, `"mse"`, `"bce"`.
    var name: String { get }
    /// The mean loss over the batch, a scalar tensor that records its gradient.
    /// - Throws: when outputs and targets do not fit together (the message names both shapes).
    func callAsFunction(_ outputs: Tensor, _ targets: Targets) throws -> Tensor
}

extension Tensor {
    /// The rows (samples along the first axis) at `indices`, in that order: a mini-batch. No gradient.
    /// - Throws: for an index out of range.
    public func rows(_ indices: [Int]) throws -> Tensor {
        guard rank >= 1 else { throw EngineError.invalidArgument("cannot take rows of a scalar") }
        let n = shape[0]
        for i in indices where i < 0 || i >= n { throw EngineError.indexOutOfRange(index: i, axis: 0, size: n) }
        return gatheringRows(indices)
    }
}

extension Targets {
    /// The target values, when the targets are values.
    public var valuesTensor: Tensor? { if case .values(let t) = self { return t } else { return nil } }
}
