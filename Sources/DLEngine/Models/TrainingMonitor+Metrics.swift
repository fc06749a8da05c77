/// The figures a fit records besides its loss and accuracy (``TrainingOptions/metrics``), as early
/// stopping watches them: which a fit records, and which way each improves.
extension TrainingMonitor {
    /// Whether the figure `name` improves upwards (`true`: accuracy, precision, recall, F1, top-k, R²) or
    /// downwards (`false`: losses, MAE, MSE, RMSE), as Keras's `mode="auto"` reads each metric's direction;
    /// `val_` names the same figure on the validation data. `nil` for a name that is no figure.
    public static func maximizes(_ name: String) -> Bool? {
        let base = name.hasPrefix("val_") ? String(name.dropFirst(4)) : name
        switch base {
        case "loss", "mae", "mse", "rmse": return false
        case "accuracy", "r2": return true
        default:
            // precision, recall and f1 with their averages, topK: every classification metric grows.
            return (try? ClassificationMetric(name: base)) != nil ? true : nil
        }
    }

    /// The forms a monitor may take, for messages.
    static var knownForms: String {
        "loss, accuracy or a metric of metrics=[...] (precision, recall or f1, with _micro or _weighted; top2, top3, ...), with val_ in front for its validation figure"
    }

    /// The figures a fit records every epoch, in the order of a `verbose=2` line: `loss`, `accuracy`
    /// (class targets), each asked-for metric, then the same with `val_` when it has validation data.
    public static func recordedFigures(metrics: [ClassificationMetric] = [], hasValidation: Bool,
                                       hasAccuracy: Bool = true) -> [String] {
        var names = ["loss"] + (hasAccuracy ? ["accuracy"] : [])
        for metric in metrics where metric != .accuracy && !names.contains(metric.name) { names.append(metric.name) }
        return names + (hasValidation ? names.map { "val_" + $0 } : [])
    }

    /// - Throws: when the fit does not record `name`, listing what it records; `what` names the asker.
    static func checkRecorded(_ name: String, _ recorded: [String], what: String) throws {
        guard !recorded.contains(name) else { return }
        let base = name.hasPrefix("val_") ? String(name.dropFirst(4)) : name
        // accuracy is missing only for targets that are values, where no metric helps.
        let hint = base != "accuracy" && (try? ClassificationMetric(name: base)) != nil ? " (add \"\(base)\" to metrics=[...] to record it)" : ""
        throw EngineError.invalidArgument(
            "\(what) monitors \(name), but the fit does not record it\(hint); it can monitor \(recorded.joined(separator: ", "))")
    }
}
