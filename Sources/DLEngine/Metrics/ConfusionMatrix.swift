/// Counts of (true class, predicted class) pairs: row = true class, column = predicted class, as
/// scikit-learn's `confusion_matrix` lays them out. Precision, recall and F1 are read from it
/// (``ConfusionMatrix/precision(average:)`` and its neighbours).
///
/// For `C` classes it holds `C × C` counts; the size is checked against the engine's allocation limit,
/// so a data set with tens of thousands of classes is refused rather than exhausting memory.
public struct ConfusionMatrix: Sendable, Equatable {
    /// The number of classes: rows and columns.
    public let classes: Int
    /// `counts[truth · classes + predicted]`.
    public private(set) var counts: [Int]

    /// An empty matrix of `classes × classes` counts.
    /// - Throws: for fewer than one class, or a matrix beyond the engine's allocation limit.
    public init(classes: Int) throws {
        guard classes >= 1 else { throw EngineError.invalidArgument("a confusion matrix needs at least 1 class; got \(classes)") }
        _ = try Shape.elementCount([classes, classes])
        self.classes = classes
        counts = [Int](repeating: 0, count: classes * classes)
    }

    /// The matrix of `labels` against `predicted`, pair by pair.
    /// - Throws: for lists of different lengths or a class outside `0 ..< classes`.
    public init(labels: [Int], predicted: [Int], classes: Int) throws {
        guard labels.count == predicted.count else {
            throw EngineError.shapeMismatch(operation: "confusion matrix (labels and predictions)", [labels.count], [predicted.count])
        }
        try self.init(classes: classes)
        for (truth, guess) in zip(labels, predicted) {
            guard truth >= 0 && truth < classes, guess >= 0 && guess < classes else {
                throw EngineError.invalidArgument("confusion matrix: class \(truth < 0 || truth >= classes ? truth : guess) is outside 0..<\(classes)")
            }
            counts[truth * classes + guess] += 1
        }
    }

    /// Counts one sample; both classes must be in `0 ..< classes` (the caller's invariant).
    public mutating func add(truth: Int, predicted: Int) {
        counts[truth * classes + predicted] += 1
    }

    /// Sets every count to zero (the fit's accumulator, at the start of each epoch).
    public mutating func reset() {
        for i in counts.indices { counts[i] = 0 }
    }

    /// The count of samples of class `truth` predicted as `predicted`.
    public subscript(truth: Int, predicted: Int) -> Int { counts[truth * classes + predicted] }

    /// All samples counted.
    public var total: Int { counts.reduce(0, +) }

    /// Samples of class `c` predicted as `c`.
    public func truePositives(_ c: Int) -> Int { self[c, c] }

    /// Samples whose true class is `c` (the row's sum): sklearn's support.
    public func support(_ c: Int) -> Int {
        var sum = 0
        for j in 0 ..< classes { sum += self[c, j] }
        return sum
    }

    /// Samples predicted as `c` (the column's sum).
    public func predictedCount(_ c: Int) -> Int {
        var sum = 0
        for i in 0 ..< classes { sum += self[i, c] }
        return sum
    }

    /// The fraction of samples on the diagonal (0 for an empty matrix).
    public var accuracy: Double {
        let n = total
        guard n > 0 else { return 0 }
        var right = 0
        for c in 0 ..< classes { right += truePositives(c) }
        return Double(right) / Double(n)
    }

    /// The counts as a `[classes, classes]` tensor.
    public var tensor: Tensor {
        Tensor(uncheckedShape: [classes, classes], data: counts.map(Float.init))
    }
}
