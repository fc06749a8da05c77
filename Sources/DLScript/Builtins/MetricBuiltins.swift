import DLEngine

/// Classification metrics: the confusion matrix and what is read from it (precision, recall, F1), top-k
/// accuracy, and sklearn's classification report. Their help and keywords come from the engine's
/// ``MetricRegistry``, the list `fit ... metrics=[...]` reads too.
let metricBuiltins: [Builtin] = [
    Builtin("confusion", "confusion [MODEL] [DATA]", "The confusion matrix: row = true class, column = predicted class, entries = counts.",
            example: "confusion model data", category: .metrics, callsWhenMentioned: true) { call in
        let (model, data) = try call.modelAndData()
        return .tensor(try call.confusionMatrix(model, data).tensor)
    },
    scoreBuiltin(.precision),
    scoreBuiltin(.recall),
    scoreBuiltin(.f1),
    registered("topk", example: "topk model data k=2") { call in
        let (model, data) = try call.modelAndData()
        let k = try call.integer(nil, "k", "k", default: 2)
        guard data.labels != nil else { throw call.needsLabels() }
        do { return .number(try model.topKAccuracy(data, k: k)) } catch let error as EngineError {
            throw ScriptError("topk: \(error.description)", at: call.keywords["k"]?.location ?? call.location)
        }
    },
    Builtin("classification_report", "classification_report [MODEL] [DATA]",
            "scikit-learn's classification report: precision, recall, F1 and support per class, then accuracy and the macro and weighted averages.",
            example: "classification_report model data", category: .metrics, callsWhenMentioned: true) { call in
        let (model, data) = try call.modelAndData()
        return .string(try call.confusionMatrix(model, data).report)
    },
]

/// A built-in of the registry's entry `name`, with its summary and keywords.
private func registered(_ name: String, example: String, body: @escaping @Sendable (inout Call) throws -> Value) -> Builtin {
    // The registry lists every metric here; a missing one is a programming error caught by the tests.
    let r = MetricRegistry.named(name)
    let keywords = r?.parameters.map(\.key) ?? []
    let signature = ([name, "[MODEL]", "[DATA]"] + (r?.parameters.map(\.signature) ?? [])).joined(separator: " ")
    return Builtin(name, signature, r?.summary ?? name, example: example, category: .metrics, keywords: keywords,
                   wordKeywords: ["average"], body: body)
}

/// `precision model data average="macro"`: one number, or with `average="none"` one per class.
private func scoreBuiltin(_ score: ConfusionMatrix.Score) -> Builtin {
    let name = score.rawValue
    return registered(name, example: "\(name) model data\n\(name) model data average=\"none\"") { call in
        let (model, data) = try call.modelAndData()
        let written = try call.string(nil, "average", "average", default: "macro")
        let average: MetricAverage
        do { average = try MetricAverage(named: written) } catch let error as EngineError {
            throw ScriptError("\(name): \(error.description)", at: call.keywords["average"]?.location ?? call.location)
        }
        let values = try call.confusionMatrix(model, data).scores(score, average: average)
        return average == .none ? .tensor(Tensor(values.map(Float.init))) : .number(values[0])
    }
}

extension Call {
    /// The confusion matrix of `model` on `data`, with the errors worded for this built-in.
    func confusionMatrix(_ model: Sequential, _ data: Dataset) throws -> ConfusionMatrix {
        guard data.labels != nil else { throw needsLabels() }
        do { return try model.confusionMatrix(data) } catch let error as EngineError {
            throw ScriptError("\(name): \(error.description)", at: location)
        }
    }

    /// The error for data without class labels.
    func needsLabels() -> ScriptError {
        ScriptError("\(name): the data set needs class labels (\(name) is a classification metric; these targets are values)", at: location)
    }

    /// The `metrics=[...]` keyword of fit: metric names as strings (`["precision", "top2"]`) or the
    /// metrics' built-ins (`[precision, f1]`).
    func metrics() throws -> [ClassificationMetric] {
        guard let entry = keywords["metrics"] else { return [] }
        let items: [Value]
        switch entry.value {
        case .list(let list): items = list
        case .string, .builtin: items = [entry.value]
        default: throw typeError(entry, expected: "a list of metric names (metrics=[\"precision\", \"f1\", \"top2\"])", what: "metrics")
        }
        return try items.map { item in
            let written: String
            switch item {
            case .string(let s): written = s
            case .builtin(let b): written = b.name
            default:
                throw ScriptError("\(name): metrics= takes metric names, like metrics=[\"precision\", \"f1\", \"top2\"], not \(item.kindWithArticle)", at: entry.location)
            }
            do { return try ClassificationMetric(name: written) } catch let error as EngineError {
                throw ScriptError("\(name): \(error.description)", at: entry.location)
            }
        }
    }
}
