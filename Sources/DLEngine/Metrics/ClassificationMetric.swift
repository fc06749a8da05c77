/// A classification figure that `fit` can record every epoch (`fit ... metrics=["precision", "top2"]`),
/// named as scikit-learn's scorers are: `precision` (macro), `precision_micro`, `precision_weighted`,
/// the same for `recall` and `f1`, `top3` for top-3 accuracy, and `accuracy`.
public enum ClassificationMetric: Sendable, Equatable, CustomStringConvertible {
    case accuracy
    /// Precision, recall or F1 with an average (never ``MetricAverage/none``: a fit records one number).
    case score(ConfusionMatrix.Score, MetricAverage)
    /// Top-k accuracy.
    case topK(Int)

    /// The name a fit's history records it under: `precision`, `f1_weighted`, `top3`.
    public var name: String {
        switch self {
        case .accuracy: return "accuracy"
        case let .score(score, average): return average == .macro ? score.rawValue : "\(score.rawValue)_\(average)"
        case .topK(let k): return "top\(k)"
        }
    }

    public var description: String { name }

    /// The metric written `name`.
    /// - Throws: for an unknown name (listing the known forms), `average=none` or a top-k without a
    ///   positive k; the messages name `metrics`.
    public init(name: String) throws {
        if name == "accuracy" { self = .accuracy; return }
        if name.hasPrefix("top"), let k = Int(name.dropFirst(3)) {
            guard k >= 1 else { throw EngineError.invalidArgument("metrics: '\(name)' needs k >= 1 (top1, top2, ...)") }
            self = .topK(k)
            return
        }
        for score in ConfusionMatrix.Score.allCases where name == score.rawValue || name.hasPrefix(score.rawValue + "_") {
            guard name != score.rawValue else { self = .score(score, .macro); return }
            let suffix = String(name.dropFirst(score.rawValue.count + 1))
            guard let average = MetricAverage(rawValue: suffix), average != .none else {
                throw EngineError.invalidArgument("metrics: unknown average in '\(name)'; write \(score.rawValue), \(score.rawValue)_micro or \(score.rawValue)_weighted")
            }
            self = .score(score, average)
            return
        }
        throw EngineError.invalidArgument("metrics: unknown metric '\(name)'; known: \(MetricRegistry.fitNames)")
    }

    /// Whether it needs one score per class (top-k ranks them), not only the predicted class.
    var needsScores: Bool { if case .topK = self { return true } else { return false } }
}

/// A figure of one epoch, by name: `precision 0.93`, `val_top2 0.99`.
public struct MetricFigure: Sendable, Equatable {
    public let name: String
    public let value: Float

    public init(name: String, value: Float) {
        self.name = name
        self.value = value
    }
}

/// A classification metric as the language and the docs know it: its built-in's name, help and keywords,
/// and the names `fit ... metrics=[...]` takes for it. The language's built-ins and fit's `metrics=` read
/// this one list.
public struct MetricRegistration: Sendable {
    public let name: String
    public let summary: String
    /// Keyword parameters, each with its default.
    public let parameters: [Parameter]
    /// The names `metrics=` accepts for it, as shown in help (`precision, precision_micro, ...`).
    public let fitNames: [String]
}

/// Every classification metric, in the order the help and the docs list them.
public enum MetricRegistry {
    public static let all: [MetricRegistration] = [
        MetricRegistration(name: "precision",
                           summary: "Of the samples predicted as a class, the fraction that are of it: tp / (tp + fp); average=\"macro\" (the mean over the classes present), \"micro\" (counts pooled: the accuracy), \"weighted\" (by support) or \"none\" (one value per class), as scikit-learn; a class never predicted counts 0 (sklearn's zero_division=0). In fit: metrics=[\"precision\", \"precision_micro\", \"precision_weighted\"].",
                           parameters: averageParameter, fitNames: names(of: .precision)),
        MetricRegistration(name: "recall",
                           summary: "Of the samples of a class, the fraction predicted as it: tp / (tp + fn); averaged as precision's (a class that never occurs counts 0). In fit: metrics=[\"recall\", \"recall_micro\", \"recall_weighted\"].",
                           parameters: averageParameter, fitNames: names(of: .recall)),
        MetricRegistration(name: "f1",
                           summary: "The harmonic mean of precision and recall, 2·tp / (2·tp + fp + fn) (0 where that is 0/0); averaged as precision's. In fit: metrics=[\"f1\", \"f1_micro\", \"f1_weighted\"].",
                           parameters: averageParameter, fitNames: names(of: .f1)),
        MetricRegistration(name: "topk",
                           summary: "Top-k accuracy (Keras's top_k_categorical_accuracy): the fraction of samples whose class is among the k highest scores, ties counting for the label; k from 1 to the number of classes. In fit: metrics=[\"top2\"], [\"top3\"], ...",
                           parameters: [.keyword("k", .integer, default: .integer(2))], fitNames: ["top2", "top3", "..."]),
        MetricRegistration(name: "accuracy",
                           summary: "The fraction of samples whose predicted class is the label.",
                           parameters: [], fitNames: ["accuracy"]),
    ]

    private static let averageParameter: [Parameter] = [.keyword("average", .text, default: .text("macro"))]

    private static func names(of score: ConfusionMatrix.Score) -> [String] {
        [score.rawValue, "\(score.rawValue)_micro", "\(score.rawValue)_weighted"]
    }

    /// Every name `metrics=` takes, for help and errors.
    public static var fitNames: String { all.flatMap(\.fitNames).joined(separator: ", ") }

    public static func named(_ name: String) -> MetricRegistration? { all.first { $0.name == name } }
}
