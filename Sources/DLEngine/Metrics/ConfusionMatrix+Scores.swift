/// How per-class scores become one number, with scikit-learn's names and definitions
/// (`precision_score(..., average=...)`).
public enum MetricAverage: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The unweighted mean over the classes that occur (as a label or as a prediction): every such
    /// class counts the same, however rare.
    case macro
    /// Counts pooled over all classes first: `Σ tp / Σ (tp + fp)`. For single-label classification
    /// micro precision, recall and F1 all equal the accuracy.
    case micro
    /// The mean over classes weighted by support (the number of true samples of each class).
    case weighted
    /// No average: one value per class (sklearn's `average=None`).
    case none

    public var description: String { rawValue }

    /// The average named `name`.
    /// - Throws: for another name, listing the known ones (the message names `average`).
    public init(named name: String) throws {
        guard let average = MetricAverage(rawValue: name) else {
            throw EngineError.invalidArgument(
                "unknown average '\(name)'; average= takes \(MetricAverage.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = average
    }
}

/// Precision, recall and F1 from the counts, as scikit-learn defines them with `zero_division=0`: a ratio
/// whose denominator is 0 (a class never predicted has no precision; a class that never occurs has no
/// recall) is 0, without a warning.
///
/// For class c, with tp = M[c, c], fp = column sum − tp, fn = row sum − tp:
///
///     precision_c = tp / (tp + fp)     recall_c = tp / (tp + fn)     F1_c = 2·tp / (2·tp + fp + fn)
///
/// (F1 is the harmonic mean of precision and recall, written so that it too is 0 rather than 0/0.)
/// Averages: ``MetricAverage``. Macro averages over the classes present in the labels or the
/// predictions (sklearn's `unique_labels(y_true, y_pred)`), so a class of the matrix that neither occurs
/// nor is predicted does not pull the mean down.
extension ConfusionMatrix {
    /// Which ratio.
    public enum Score: String, Sendable, CaseIterable {
        case precision, recall, f1
    }

    /// Per-class values (``MetricAverage/none``) or their average, as a list (one value when averaged).
    public func scores(_ score: Score, average: MetricAverage) -> [Double] {
        let perClass = (0 ..< classes).map { self.score(score, of: $0) }
        switch average {
        case .none: return perClass
        case .macro:
            let present = (0 ..< classes).filter { support($0) > 0 || predictedCount($0) > 0 }
            guard !present.isEmpty else { return [0] }
            return [present.reduce(0.0) { $0 + perClass[$1] } / Double(present.count)]
        case .weighted:
            let total = total
            guard total > 0 else { return [0] }
            return [(0 ..< classes).reduce(0.0) { $0 + perClass[$1] * Double(support($1)) } / Double(total)]
        case .micro:
            // Σ fp = Σ fn = total − Σ tp, so micro precision, recall and F1 are all Σ tp / total.
            return [accuracy]
        }
    }

    /// One class's precision, recall or F1 (0 where the denominator is 0).
    public func score(_ score: Score, of c: Int) -> Double {
        let tp = Double(truePositives(c))
        let fp = Double(predictedCount(c)) - tp
        let fn = Double(support(c)) - tp
        let denominator: Double
        let numerator: Double
        switch score {
        case .precision: (numerator, denominator) = (tp, tp + fp)
        case .recall: (numerator, denominator) = (tp, tp + fn)
        case .f1: (numerator, denominator) = (2 * tp, 2 * tp + fp + fn)
        }
        return denominator > 0 ? numerator / denominator : 0
    }

    /// The averaged value (for ``MetricAverage/none``, the macro average).
    public func score(_ score: Score, average: MetricAverage) -> Double {
        scores(score, average: average == .none ? .macro : average)[0]
    }
}
