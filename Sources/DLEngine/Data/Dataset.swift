/// A data set in memory: inputs (first axis: samples) and their targets.
public struct Dataset: CustomStringConvertible {
    /// The inputs, `N × features` (or `N × C × H × W` for images).
    public var inputs: Tensor
    /// One target per sample.
    public var targets: Targets
    /// A short name for printing (`"spiral"`).
    public var name: String

    /// - Throws: when inputs and targets count different samples.
    public init(inputs: Tensor, targets: Targets, name: String = "data") throws {
        guard inputs.rank >= 1, inputs.shape[0] == targets.count else {
            throw EngineError.invalidArgument(
                "a data set needs one target per sample: \(inputs.shape.first ?? 0) inputs and \(targets.count) targets")
        }
        if case let .classes(_, classCount) = targets, classCount > Dataset.maximumClassCount {
            throw EngineError.invalidArgument(
                "a data set may have at most \(Dataset.maximumClassCount) classes; its labels make \(classCount) (the largest label plus one)")
        }
        if case let .classes(labels, classCount) = targets, let bad = labels.first(where: { $0 < 0 || $0 >= classCount }) {
            throw EngineError.invalidArgument("class label \(bad) is outside 0..<\(classCount)")
        }
        self.inputs = inputs
        self.targets = targets
        self.name = name
    }

    /// The most classes a data set may have. Per-class tables (a confusion matrix is classes × classes)
    /// grow with the square, and one stray label such as 999999 in a file must be an error, not 4 TB.
    public static let maximumClassCount = 65_536

    /// The number of samples.
    public var count: Int { inputs.shape[0] }
    /// The class labels, when the targets are classes.
    public var labels: [Int]? { if case .classes(let l, _) = targets { return l } else { return nil } }
    /// Whether the targets are real values (regression, or probabilities) rather than class labels.
    public var hasValueTargets: Bool { if case .values = targets { return true } else { return false } }
    /// The number of classes, when the targets are classes.
    public var classCount: Int? { if case .classes(_, let c) = targets { return c } else { return nil } }

    /// The samples at `indices`, in that order.
    public func subset(_ indices: [Int]) throws -> Dataset {
        try Dataset(inputs: inputs.rows(indices), targets: targets.subset(indices), name: name)
    }

    public var description: String {
        let kind: String
        switch targets {
        case .classes(_, let classes): kind = ", \(classes) classes"
        case .values(let values): kind = ", real-valued targets \(EngineError.format(Array(values.shape.dropFirst())))"
        }
        return "\(name): \(count) samples, inputs \(EngineError.format(Array(inputs.shape.dropFirst())))\(kind)"
    }
}
