import DLEngine
import Foundation

/// Regression in the language: the `wave` data set, the `rmse` and `r2` figures (the mean absolute error
/// is the `mae` loss applied to a model and data: `mae model data`), and the checks and wording shared
/// by `load`, `evaluate` and `fit` for data sets with real-valued targets.
let regressionBuiltins: [Builtin] = [
    Builtin("wave", "wave SAMPLES [noise=0.1] [frequency=1]",
            "A noisy sine for regression: x uniform in [-pi, pi), target sin(frequency * x) plus Gaussian noise; inputs [N, 1], real-valued targets [N, 1].",
            example: "data = wave 200 noise=0.1", category: .data, keywords: ["noise", "frequency"]) { call in
        try call.expectPositional(0...1, usage: "wave 200")
        return .dataset(try Dataset.wave(samples: try call.integer(0, nil, "samples", default: 200),
                                         noise: try call.number(nil, "noise", "noise", default: 0.1),
                                         frequency: try call.number(nil, "frequency", "frequency", default: 1),
                                         using: &call.session.generator))
    },
    Builtin("rmse", "rmse [MODEL] [DATA]",
            "The root mean squared error of the model's predictions on a data set with real-valued targets (scikit-learn's root_mean_squared_error).",
            example: "data = wave 50\nnet = sequential\nnet.add(linear 1 1)\nrmse net data", category: .models, callsWhenMentioned: true) { call in
        let (model, data) = try call.modelAndData()
        return .number(try call.regressionMetrics(model, data).rootMeanSquaredError)
    },
    Builtin("r2", "r2 [MODEL] [DATA]",
            "The coefficient of determination R2 of the model's predictions on a data set with real-valued targets: 1 for a perfect fit, 0 for predicting the mean (scikit-learn's r2_score).",
            example: "data = wave 50\nnet = sequential\nnet.add(linear 1 1)\nr2 net data", category: .models, callsWhenMentioned: true) { call in
        let (model, data) = try call.modelAndData()
        return .number(try call.regressionMetrics(model, data).r2)
    },
]

extension Call {
    /// The model's MAE, RMSE and R² on `data`, or an error saying that the data has class labels.
    func regressionMetrics(_ model: Sequential, _ data: Dataset) throws -> RegressionMetrics {
        guard data.hasValueTargets else {
            throw ScriptError("\(name): the data set has class labels; \(name) is for real-valued (regression) targets (use accuracy)", at: location)
        }
        return try model.regressionMetrics(data)
    }

    /// `evaluate`'s figures on real-valued targets, labelled: `loss 0.0123, mae 0.0891, rmse 0.1111, r2 0.9760`.
    func regressionEvaluation(_ model: Sequential, _ data: Dataset, loss: any Loss) throws -> Value {
        let value = try model.evaluate(data, loss: loss).loss
        let m = try model.regressionMetrics(data)
        return .figures(Figures([("loss", Double(value)), ("mae", m.meanAbsoluteError), ("rmse", m.rootMeanSquaredError),
                                 ("r2", m.r2)]))
    }

    /// `dataset X Y target="values"`: real-valued targets, one row per sample (a list or `[N]` tensor
    /// becomes `[N, 1]`), each finite.
    func valueDataset(_ x: Tensor, _ y: Tensor) throws -> Dataset {
        let place = positional[1].location
        guard y.rank >= 1, x.rank >= 1, y.shape[0] == x.shape[0] else {
            throw ScriptError("dataset: X has \(x.shape.first ?? 0) samples (shape \(EngineError.format(x.shape))) and the targets \(y.shape.first ?? 0) (shape \(EngineError.format(y.shape)))", at: place)
        }
        if let bad = y.data.first(where: { !$0.isFinite }) {
            throw ScriptError("dataset: the targets must be finite numbers; one is \(Session.format(Double(bad)))", at: place)
        }
        let targets = y.rank == 1 ? try y.reshaped([y.shape[0], 1]) : y
        return try Dataset(inputs: x, targets: .values(targets))
    }

    /// The `target=` keyword of `load` and `dataset`: `"values"`, `"classes"` or `"automatic"` (the default).
    func targetKind() throws -> TargetKind {
        guard let entry = keywords["target"] else { return .automatic }
        guard case .string(let s) = entry.value, let kind = TargetKind(rawValue: s) else {
            throw ScriptError("\(name): target must be \(TargetKind.names.map { "\"\($0)\"" }.joined(separator: ", ")) (how the labels are read)",
                              at: entry.location)
        }
        return kind
    }

    /// Refuses a classification loss on real-valued targets that are not probabilities: softmax
    /// cross-entropy, the hinge and binary cross-entropy compare scores with labels, and on regression
    /// targets they would train nothing useful (softmax over one output is constant) or fail deep inside
    /// with a message about probabilities.
    func checkLoss(_ loss: any Loss, fits data: Dataset, model: Sequential, given: Bool) throws {
        guard case .values(let values) = data.targets,
              loss is SoftmaxCrossEntropy || loss is MulticlassHinge || loss is BinaryCrossEntropy else { return }
        let outputs = try? model.outputShape(for: Array(data.inputs.shape.dropFirst()))
        let inUnitRange = values.data.allSatisfy { $0 >= 0 && $0 <= 1 }
        // Probabilities are targets softmax_ce (over more than one output) and bce take.
        if loss is BinaryCrossEntropy, inUnitRange { return }
        if loss is SoftmaxCrossEntropy, inUnitRange, outputs != nil, outputs != [1] { return }
        let whose = given ? "loss=\(loss.name)" : "the session's loss \(loss.name)"
        throw ScriptError("\(name): \(whose) is for class labels, and this data set has real-valued targets (regression): use loss=mse, loss=mae or loss=huber",
                          at: keywords["loss"]?.location ?? location)
    }
}
