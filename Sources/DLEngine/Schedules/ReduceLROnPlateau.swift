/// Divides the rate when a monitored figure stops improving (PyTorch's `ReduceLROnPlateau`): after
/// more than `patience` epochs without improvement the rate becomes `max(lr · factor, min_lr)`, then
/// `cooldown` epochs pass before bad epochs count again.
///
/// After each epoch, with `current` the monitored figure (PyTorch's `step(metrics)`):
///
///     better:  mode "min", threshold_mode "rel": current < best · (1 − threshold)
///              mode "min", threshold_mode "abs": current < best − threshold
///              ("max" mirrors them: current > best · (1 + threshold), current > best + threshold)
///     better → best = current, bad_epochs = 0; else bad_epochs += 1
///     in cooldown → cooldown_counter −= 1, bad_epochs = 0
///     bad_epochs > patience → lr = max(lr · factor, min_lr) if that changes lr by more than eps;
///                             cooldown_counter = cooldown, bad_epochs = 0
///
/// `monitor` (not in PyTorch, whose `step` takes the figure) names the figure: `val_loss`, `loss`,
/// `val_accuracy`, `accuracy`, or `auto` (the default): `val_loss` when the fit has validation data,
/// else `loss`. It starts from the optimizer's rate when it first runs.
public final class ReduceLROnPlateau: LearningRateSchedule {
    /// The optimizer whose rate it sets (``ScheduleBinding``).
    public let binding = ScheduleBinding()
    public let monitor: String
    public let mode: String
    public let factor: Double
    public let patience: Int
    public let threshold: Double
    public let thresholdMode: String
    public let cooldown: Int
    public let minRate: Double
    public let eps: Double
    public var name: String { "reduce_lr_on_plateau" }
    public var interval: ScheduleInterval { .epoch }

    public private(set) var stepCount = 0
    /// The rate now (`nil` before the first fit: the optimizer's rate is taken then).
    public private(set) var rate: Double?
    /// The best figure seen (`nil` before any: PyTorch's `mode_worse`, ±∞).
    public private(set) var best: Double?
    public private(set) var badEpochs = 0
    public private(set) var cooldownCounter = 0

    /// - Throws: for an unknown monitor, mode or threshold mode, a factor outside (0, 1), a negative
    ///   patience or cooldown, or a threshold, `min_lr` or `eps` that is not a finite number ≥ 0.
    public init(monitor: String = "auto", mode: String = "min", factor: Double = 0.1, patience: Int = 10,
                threshold: Double = 1e-4, thresholdMode: String = "rel", cooldown: Int = 0, minRate: Double = 0,
                eps: Double = 1e-8) throws {
        let n = "reduce_lr_on_plateau"
        let a = Arguments(["monitor": .text(monitor), "mode": .text(mode), "factor": .number(factor),
                           "patience": .integer(patience), "threshold": .number(threshold),
                           "threshold_mode": .text(thresholdMode), "cooldown": .integer(cooldown),
                           "min_lr": .number(minRate), "eps": .number(eps)])
        // Any figure a fit can record, as early stopping watches (whether this fit records it is checked
        // when the fit starts).
        guard monitor == "auto" || TrainingMonitor.maximizes(monitor) != nil else {
            throw EngineError.invalidArgument("\(n): unknown monitor '\(monitor)'; it watches auto, \(TrainingMonitor.knownForms)")
        }
        self.monitor = monitor
        self.mode = try ScheduleState.text(a, "mode", n, oneOf: ["min", "max"])
        self.factor = try ScheduleState.number(a, "factor", n, .below1Positive)
        self.patience = try ScheduleState.whole(a, "patience", n, atLeast: 0)
        self.threshold = try ScheduleState.number(a, "threshold", n, .nonNegative)
        self.thresholdMode = try ScheduleState.text(a, "threshold_mode", n, oneOf: ["rel", "abs"])
        self.cooldown = try ScheduleState.whole(a, "cooldown", n, atLeast: 0)
        self.minRate = try ScheduleState.number(a, "min_lr", n, .nonNegative)
        self.eps = try ScheduleState.number(a, "eps", n, .nonNegative)
    }

    public var arguments: Arguments {
        Arguments(["monitor": .text(monitor), "mode": .text(mode), "factor": .number(factor),
                   "patience": .integer(patience), "threshold": .number(threshold),
                   "threshold_mode": .text(thresholdMode), "cooldown": .integer(cooldown),
                   "min_lr": .number(minRate), "eps": .number(eps)])
    }

    public var description: String { ScheduleState.describe(name, arguments, stepCount) }

    public var state: [String: Double] {
        var state: [String: Double] = ["step": Double(stepCount), "bad_epochs": Double(badEpochs),
                                       "cooldown_counter": Double(cooldownCounter)]
        if let rate { state["lr"] = rate }
        if let best { state["best"] = best }
        return state
    }

    public func restore(_ state: [String: Double]) throws {
        let known: Set = ["step", "bad_epochs", "cooldown_counter", "lr", "best"]
        for key in state.keys where !known.contains(key) {
            throw EngineError.invalidArgument("\(name): unknown state entry '\(key)'")
        }
        let step = try ScheduleState.count(state, "step", schedule: name)
        let bad = try ScheduleState.count(state, "bad_epochs", schedule: name)
        let cool = try ScheduleState.count(state, "cooldown_counter", schedule: name)
        if let lr = state["lr"], !(lr.isFinite && lr >= 0) {
            throw EngineError.invalidArgument("\(name): state 'lr' must be a finite number ≥ 0, got \(lr)")
        }
        if let b = state["best"], !b.isFinite { throw EngineError.invalidArgument("\(name): state 'best' must be finite, got \(b)") }
        (stepCount, badEpochs, cooldownCounter, rate, best) = (step, bad, cool, state["lr"], state["best"])
    }

    /// The figure to monitor in a fit with or without validation data.
    public func monitoredFigure(hasValidation: Bool) -> String {
        monitor == "auto" ? (hasValidation ? "val_loss" : "loss") : monitor
    }

    public func begin(optimizer: any Optimizer, steps: Int) throws {
        if rate == nil { rate = Double(optimizer.learningRate) }
        if let rate { optimizer.learningRate = Float(rate) }
    }

    /// PyTorch's `step(metrics)`. A NaN figure is never better (the comparisons are false), as there.
    /// - Throws: when `metric` is `nil` (the figure it monitors was not measured).
    public func advance(optimizer: any Optimizer, metric: Double?) throws {
        guard let current = metric else {
            throw EngineError.invalidArgument("\(name): the fit did not measure \(monitor) to monitor")
        }
        stepCount += 1
        if isBetter(current) {
            best = current
            badEpochs = 0
        } else {
            badEpochs += 1
        }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            badEpochs = 0
        }
        if badEpochs > patience {
            let old = rate ?? Double(optimizer.learningRate)
            let new = Swift.max(old * factor, minRate)
            if old - new > eps { rate = new }
            cooldownCounter = cooldown
            badEpochs = 0
        }
        if let rate { optimizer.learningRate = Float(rate) }
    }

    private func isBetter(_ current: Double) -> Bool {
        guard let best else { return mode == "min" ? current < .infinity : current > -.infinity }  // best = ±∞
        switch (mode, thresholdMode) {
        case ("min", "rel"): return current < best * (1 - threshold)
        case ("min", _): return current < best - threshold
        case (_, "rel"): return current > best * (threshold + 1)
        default: return current > best + threshold
        }
    }
}
