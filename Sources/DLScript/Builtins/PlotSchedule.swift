import DLEngine
import DLPlot

/// `plot schedule SCHED FILE` and `show schedule SCHED`: the rates a schedule gives, epoch by epoch (batch
/// by batch for `one_cycle_lr`), from its first step, without stepping it.
extension Call {
    func scheduleChart(width: Int, height: Int, title: String?) throws -> any Chart {
        let usage = "\(name) schedule sched epochs=100" + (name == "plot" ? " \"schedule.png\"" : "")
        guard let entry = plotOperands.first, plotOperands.count == 1 else {
            throw ScriptError("\(name) schedule: give one schedule, like \(usage)", at: location)
        }
        guard case .schedule(let schedule) = entry.value else {
            throw typeError(entry, expected: "a schedule (sched = cosine_annealing_lr t_max=100)", what: "schedule's argument")
        }
        guard let closed = schedule as? any ClosedFormSchedule else {
            throw ScriptError("\(name) schedule: \(schedule.name) follows the monitored figure during a fit; it has no curve to draw in advance (plot the fit's h.lr instead)", at: entry.location)
        }
        let perBatch = schedule.interval == .batch
        let (countKey, otherKey) = perBatch ? ("steps", "epochs") : ("epochs", "steps")
        if let other = keywords[otherKey] {
            throw ScriptError("\(name) schedule: \(schedule.name) steps once per \(perBatch ? "batch" : "epoch"); give \(countKey)=, not \(otherKey)=", at: other.location)
        }
        let defaultCount = (closed as? OneCycleLR)?.totalSteps ?? 100
        let count = try integer(nil, countKey, countKey, default: defaultCount)
        guard (1 ... 100_000).contains(count) else {
            throw ScriptError("\(name) schedule: \(countKey) must be between 1 and 100000, not \(count)", at: keywords[countKey]?.location ?? location)
        }
        // The base rate: lr= if given, else the one the schedule took from its first fit, else 1 (a factor).
        var base = closed.baseRate ?? 1
        if has("lr") {
            base = try number(nil, "lr", "lr")
            guard base.isFinite, base >= 0 else { throw ScriptError("\(name) schedule: lr must be a finite number ≥ 0", at: keywords["lr"]?.location ?? location) }
        }
        let label = closed is OneCycleLR || has("lr") || closed.baseRate != nil ? "learning rate" : "factor of the optimizer's lr"
        let series = LineSeries(name: schedule.name, values: closed.rates(steps: count, baseRate: base), color: Palette.color(0))
        return LineChart(panels: [LinePanel(yLabel: label, series: [series])], title: title ?? schedule.name,
                         xLabel: perBatch ? "batch" : "epoch", width: width, height: height)
    }
}
