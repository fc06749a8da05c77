/// Stops a fit when a monitored figure has stopped improving, and can give back the best epoch's
/// weights (Keras's `EarlyStopping` callback: its names, defaults and rule).
///
/// After every complete epoch (from `start_from_epoch + 1` on), with `current` the monitored figure:
///
///     wait += 1
///     improved: mode min: current + min_delta < best;  mode max: current − min_delta > best
///     improved → best = current, best epoch = this one, wait = 0 (with a baseline: only when current
///                also improves on the baseline, else on to the patience check)
///     otherwise, wait ≥ patience → stop after this epoch
///
/// so a fit stops `patience` epochs after its best one, or, with a `baseline`, after `patience` epochs
/// if none of them improves on the baseline (as Keras documents it; Keras 3's code goes on while each
/// epoch improves on the last even if none reaches the baseline). With `restoreBest`, the weights (and buffers such
/// as BatchNorm's running statistics) of the best epoch are put back when the fit ends, however it ends:
/// stopped early, run to its last epoch, or stopped by the user. Keras restores them only when it stopped
/// early, a long-standing complaint. Without a `patience` (`nil`), the fit never stops early and
/// `restoreBest` alone keeps the best epoch's weights.
public struct EarlyStopping: Sendable, Equatable {
    /// The figure watched: `loss`, `accuracy` or a metric the fit records (`f1`, `top2`, ...), with `val_`
    /// for its validation figure, or `auto` (`val_loss` when the fit has validation data, else `loss`).
    public var monitor: String
    /// Epochs without improvement before stopping; `nil`: never stop (only track the best epoch).
    public var patience: Int?
    /// The least change that counts as an improvement (its absolute value, as Keras).
    public var minDelta: Double
    /// `min`, `max`, or `auto` (``TrainingMonitor/maximizes(_:)``: `max` for accuracies, precision,
    /// recall, F1, top-k and R², `min` for losses and errors).
    public var mode: String
    /// A value the monitored figure must improve on (by `min_delta`) within `patience` epochs, or the fit
    /// stops (Keras's `baseline`); `nil`: none.
    public var baseline: Double?
    /// Whether to put back the best epoch's weights when the fit ends.
    public var restoreBest: Bool
    /// Epochs to wait before watching at all (a warm-up).
    public var startFromEpoch: Int

    /// - Throws: for an unknown monitor or mode, a negative patience or start epoch, a `min_delta` or
    ///   `baseline` that is not finite, or a baseline without a patience; the message names the keyword.
    ///   Whether the fit records the monitored figure is checked when it starts.
    public init(monitor: String = "auto", patience: Int? = nil, minDelta: Double = 0, mode: String = "auto",
                baseline: Double? = nil, restoreBest: Bool = false, startFromEpoch: Int = 0) throws {
        guard monitor == "auto" || TrainingMonitor.maximizes(monitor) != nil else {
            throw EngineError.invalidArgument("early stopping: unknown monitor '\(monitor)'; it watches \(TrainingMonitor.knownForms)")
        }
        if let baseline {
            guard baseline.isFinite else { throw EngineError.invalidArgument("early stopping: baseline must be finite, got \(baseline)") }
            guard patience != nil else {
                throw EngineError.invalidArgument("early stopping: baseline needs patience=N (the epochs in which to beat it)")
            }
        }
        guard ["auto", "min", "max"].contains(mode) else {
            throw EngineError.invalidArgument("early stopping: mode must be min, max or auto, not '\(mode)'")
        }
        if let patience, patience < 0 { throw EngineError.invalidArgument("early stopping: patience must be ≥ 0, got \(patience)") }
        guard startFromEpoch >= 0 else { throw EngineError.invalidArgument("early stopping: start_from_epoch must be ≥ 0, got \(startFromEpoch)") }
        guard minDelta.isFinite else { throw EngineError.invalidArgument("early stopping: min_delta must be finite, got \(minDelta)") }
        (self.monitor, self.patience, self.minDelta, self.mode) = (monitor, patience, Swift.abs(minDelta), mode)
        (self.baseline, self.restoreBest, self.startFromEpoch) = (baseline, restoreBest, startFromEpoch)
    }
}

/// The figures of an epoch that a schedule or early stopping can watch, by the names users write.
public enum TrainingMonitor {
    /// `auto` resolved: `val_loss` with validation data, else `loss`.
    public static func resolve(_ monitor: String, hasValidation: Bool) -> String {
        monitor == "auto" ? (hasValidation ? "val_loss" : "loss") : monitor
    }

    /// The figure `name` of `record` (a metric's by its name); `nil` when the epoch has none (no
    /// validation, no accuracy, a metric not asked for).
    public static func figure(_ name: String, of record: EpochRecord) -> Float? {
        switch name {
        case "loss": return record.loss
        case "accuracy": return record.accuracy
        case "val_loss": return record.validationLoss
        case "val_accuracy": return record.validationAccuracy
        default: return record.metrics.first { $0.name == name }?.value
        }
    }

    /// Whether a fit can measure `name` at all.
    /// - Throws: when it names a validation figure and the fit has no validation data; `what` names the asker.
    static func check(_ name: String, hasValidation: Bool, what: String) throws {
        if name.hasPrefix("val_") && !hasValidation {
            throw EngineError.invalidArgument("\(what) monitors \(name), but the fit has no validation data (give validation= or validation_split=)")
        }
    }
}

/// One fit's early-stopping bookkeeping: the best figure and epoch, the wait, the best weights.
struct EarlyStoppingTracker {
    let rule: EarlyStopping
    let monitor: String
    let maximize: Bool
    private(set) var best: Double
    private(set) var bestEpoch: Int?
    private(set) var wait = 0
    /// The best epoch's state tensors' values (parameters and buffers), in ``Sequential/state`` order.
    private(set) var bestWeights: [[Float]]?

    /// - Parameter recorded: the figures the fit records (``TrainingMonitor/recordedFigures(metrics:hasValidation:hasAccuracy:)``);
    ///   by default loss and accuracy, with their `val_` versions when `hasValidation`.
    /// - Throws: when the monitored figure needs validation data the fit lacks, or the fit does not record it.
    init(_ rule: EarlyStopping, hasValidation: Bool, recorded: [String]? = nil) throws {
        self.rule = rule
        monitor = TrainingMonitor.resolve(rule.monitor, hasValidation: hasValidation)
        try TrainingMonitor.check(monitor, hasValidation: hasValidation, what: "early stopping")
        try TrainingMonitor.checkRecorded(monitor, recorded ?? TrainingMonitor.recordedFigures(hasValidation: hasValidation),
                                          what: "early stopping")
        maximize = rule.mode == "max" || (rule.mode == "auto" && TrainingMonitor.maximizes(monitor) == true)
        best = maximize ? -.infinity : .infinity
    }

    /// The baseline, while no epoch has beaten it.
    var unbeatenBaseline: Double? {
        guard let baseline = rule.baseline, !improves(best, on: baseline) else { return nil }
        return baseline
    }

    /// Whether `current` is better than `reference` by more than `min_delta` (Keras's `_is_improvement`).
    private func improves(_ current: Double, on reference: Double) -> Bool {
        maximize ? current - rule.minDelta > reference : current + rule.minDelta < reference
    }

    /// What to do after an epoch.
    enum Verdict { case improved, waiting, stop }

    /// Keras's `on_epoch_end` for epoch `epoch` (from 1) of the fit, with `weights` read only when needed.
    mutating func observe(_ record: EpochRecord, epoch: Int, weights: () -> [[Float]]) -> Verdict {
        guard epoch > rule.startFromEpoch, let figure = TrainingMonitor.figure(monitor, of: record) else { return .waiting }
        let current = Double(figure)
        if rule.restoreBest && bestWeights == nil {
            // Until an epoch improves, the first watched epoch's weights are the best there are (Keras 3).
            bestWeights = weights()
            bestEpoch = epoch
        }
        wait += 1
        if improves(current, on: best) {
            best = current
            bestEpoch = epoch
            if rule.restoreBest { bestWeights = weights() }
            // The wait starts again only when the baseline is beaten too.
            if rule.baseline.map({ improves(current, on: $0) }) ?? true {
                wait = 0
                return .improved
            }
        }
        if let patience = rule.patience, wait >= patience, epoch > 1 { return .stop }
        return .waiting
    }
}
