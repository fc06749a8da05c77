import Foundation

/// The 1cycle policy (PyTorch's `OneCycleLR`, after Smith and Topin, "Super-Convergence", 2017): the rate
/// rises from `max_lr / div_factor` to `max_lr` over the first `pct_start` of `total_steps` steps, then
/// falls to `max_lr / div_factor / final_div_factor`; it steps after every batch.
///
/// Phases as PyTorch lays them out: the first ends at step `pct_start · total_steps − 1`, the last at
/// `total_steps − 1` (with `three_phase`, a middle phase back down to the initial rate ends at
/// `2 · pct_start · total_steps − 2`). Within a phase from rate `a` to rate `b`, at fraction `p` of it:
///
///     cos:    b + (a − b) / 2 · (1 + cos(π · p))
///     linear: a + (b − a) · p
///
/// It sets the rate itself: the optimizer's own `lr` is not used. PyTorch's `cycle_momentum` (on by
/// default there) is not done: the momentum stays as the optimizer has it.
///
/// Edge cases: a fit that needs more steps than remain of `total_steps` is refused before it trains
/// (PyTorch raises "Tried to step N times" part-way). After the last step the rate stays at its final
/// value (PyTorch would extrapolate the phase for the one step it still allows).
public final class OneCycleLR: ClosedFormSchedule {
    public let maxRate: Double
    public let totalSteps: Int
    public let pctStart: Double
    public let annealStrategy: String
    public let divFactor: Double
    public let finalDivFactor: Double
    public let threePhase: Bool
    public var stepCount = 0
    public var baseRate: Double?
    public var name: String { "one_cycle_lr" }
    public var interval: ScheduleInterval { .batch }

    private struct Phase { let end: Double, start: Double, stop: Double }
    private let phases: [Phase]

    /// - Throws: for a `max_lr`, `div_factor` or `final_div_factor` that is not a finite number > 0, a
    ///   `total_steps` below 1, a `pct_start` outside [0, 1], or an `anneal_strategy` other than "cos"
    ///   and "linear".
    public init(maxRate: Double, totalSteps: Int, pctStart: Double = 0.3, annealStrategy: String = "cos",
                divFactor: Double = 25, finalDivFactor: Double = 1e4, threePhase: Bool = false) throws {
        let n = "one_cycle_lr"
        let a = Arguments(["max_lr": .number(maxRate), "total_steps": .integer(totalSteps), "pct_start": .number(pctStart),
                           "anneal_strategy": .text(annealStrategy), "div_factor": .number(divFactor),
                           "final_div_factor": .number(finalDivFactor)])
        self.maxRate = try ScheduleState.number(a, "max_lr", n, .positive)
        self.totalSteps = try ScheduleState.whole(a, "total_steps", n, atLeast: 1)
        self.pctStart = try ScheduleState.number(a, "pct_start", n, .unitInterval)
        self.annealStrategy = try ScheduleState.text(a, "anneal_strategy", n, oneOf: ["cos", "linear"])
        self.divFactor = try ScheduleState.number(a, "div_factor", n, .positive)
        self.finalDivFactor = try ScheduleState.number(a, "final_div_factor", n, .positive)
        self.threePhase = threePhase
        let initial = maxRate / divFactor, minimum = initial / finalDivFactor
        let total = Double(totalSteps)
        if threePhase {
            phases = [Phase(end: pctStart * total - 1, start: initial, stop: maxRate),
                      Phase(end: 2 * pctStart * total - 2, start: maxRate, stop: initial),
                      Phase(end: total - 1, start: initial, stop: minimum)]
        } else {
            phases = [Phase(end: pctStart * total - 1, start: initial, stop: maxRate),
                      Phase(end: total - 1, start: maxRate, stop: minimum)]
        }
    }

    public var arguments: Arguments {
        Arguments(["max_lr": .number(maxRate), "total_steps": .integer(totalSteps), "pct_start": .number(pctStart),
                   "anneal_strategy": .text(annealStrategy), "div_factor": .number(divFactor),
                   "final_div_factor": .number(finalDivFactor), "three_phase": .flag(threePhase)])
    }

    /// PyTorch's `get_lr` for `step_num = step` (the base rate is not used).
    public func rate(at step: Int, base: Double) -> Double {
        let stepNumber = Double(Swift.min(step, totalSteps - 1))
        var startStep = 0.0
        for (i, phase) in phases.enumerated() {
            if stepNumber <= phase.end || i == phases.count - 1 {
                let pct = (stepNumber - startStep) / (phase.end - startStep)
                return anneal(phase.start, phase.stop, pct)
            }
            startStep = phase.end
        }
        return maxRate / divFactor / finalDivFactor
    }

    private func anneal(_ start: Double, _ end: Double, _ pct: Double) -> Double {
        if annealStrategy == "linear" { return (end - start) * pct + start }
        return end + (start - end) / 2 * (cos(Double.pi * pct) + 1)
    }

    public func begin(optimizer: any Optimizer, steps: Int) throws {
        let left = totalSteps - stepCount
        guard steps <= left else {
            throw EngineError.invalidArgument(
                "one_cycle_lr: the fit takes \(steps) steps (one per batch) but only \(Swift.max(0, left)) of total_steps=\(totalSteps) are left; give a larger total_steps (epochs × batches per epoch) or train fewer epochs")
        }
        try apply(to: optimizer)
    }
}
