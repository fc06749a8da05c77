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
/// It sets the rate itself: the optimizer's own `lr` is not used.
///
/// Momentum (`cycle_momentum`, on by default as in PyTorch): the optimizer's momentum moves against the
/// rate, with the same phases and annealing, from `max_momentum` down to `base_momentum` while the rate
/// rises and back up while it falls (three-phase: up, then held at `max_momentum`). It is SGD's and
/// RMSProp's `momentum` and Adam's and AdamW's first beta (PyTorch's `betas[0]`). PyTorch refuses an
/// optimizer that has neither; dlnb also refuses SGD and RMSProp made with momentum 0 (they keep no
/// momentum buffer; PyTorch would switch their momentum on), suggesting `cycle_momentum=false`.
///
/// Edge cases: a fit that needs more steps than remain of `total_steps` is refused before it trains
/// (PyTorch raises "Tried to step N times" part-way). After the last step the rate stays at its final
/// value (PyTorch would extrapolate the phase for the one step it still allows).
public final class OneCycleLR: ClosedFormSchedule {
    /// The optimizer whose rate it sets (``ScheduleBinding``).
    public let binding = ScheduleBinding()
    public let maxRate: Double
    public let totalSteps: Int
    public let pctStart: Double
    public let annealStrategy: String
    public let divFactor: Double
    public let finalDivFactor: Double
    public let threePhase: Bool
    public let cycleMomentum: Bool
    public let baseMomentum: Double
    public let maxMomentum: Double
    public var stepCount = 0
    public var baseRate: Double?
    public var name: String { "one_cycle_lr" }
    public var interval: ScheduleInterval { .batch }

    private struct Phase { let end: Double, start: Double, stop: Double, startMomentum: Double, stopMomentum: Double }
    private let phases: [Phase]

    /// - Throws: for a `max_lr`, `div_factor` or `final_div_factor` that is not a finite number > 0, a
    ///   `total_steps` below 1, a `pct_start` outside [0, 1], or an `anneal_strategy` other than "cos"
    ///   and "linear"; momenta outside [0, 1).
    public init(maxRate: Double, totalSteps: Int, pctStart: Double = 0.3, annealStrategy: String = "cos",
                divFactor: Double = 25, finalDivFactor: Double = 1e4, threePhase: Bool = false,
                cycleMomentum: Bool = true, baseMomentum: Double = 0.85, maxMomentum: Double = 0.95) throws {
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
        for (key, value) in [("base_momentum", baseMomentum), ("max_momentum", maxMomentum)] where !(value >= 0 && value < 1) {
            throw EngineError.invalidArgument("\(n): \(key) must be in [0, 1), got \(Argument.number(value))")
        }
        self.cycleMomentum = cycleMomentum
        self.baseMomentum = baseMomentum
        self.maxMomentum = maxMomentum
        let initial = maxRate / divFactor, minimum = initial / finalDivFactor
        let total = Double(totalSteps)
        let (low, high) = (baseMomentum, maxMomentum)
        if threePhase {
            phases = [Phase(end: pctStart * total - 1, start: initial, stop: maxRate, startMomentum: high, stopMomentum: low),
                      Phase(end: 2 * pctStart * total - 2, start: maxRate, stop: initial, startMomentum: low, stopMomentum: high),
                      Phase(end: total - 1, start: initial, stop: minimum, startMomentum: high, stopMomentum: high)]
        } else {
            phases = [Phase(end: pctStart * total - 1, start: initial, stop: maxRate, startMomentum: high, stopMomentum: low),
                      Phase(end: total - 1, start: maxRate, stop: minimum, startMomentum: low, stopMomentum: high)]
        }
    }

    public var arguments: Arguments {
        Arguments(["max_lr": .number(maxRate), "total_steps": .integer(totalSteps), "pct_start": .number(pctStart),
                   "anneal_strategy": .text(annealStrategy), "div_factor": .number(divFactor),
                   "final_div_factor": .number(finalDivFactor), "three_phase": .flag(threePhase),
                   "cycle_momentum": .flag(cycleMomentum), "base_momentum": .number(baseMomentum),
                   "max_momentum": .number(maxMomentum)])
    }

    /// PyTorch's `get_lr` for `step_num = step` (the base rate is not used).
    public func rate(at step: Int, base: Double) -> Double {
        let (phase, pct) = position(at: step)
        return anneal(phase.start, phase.stop, pct)
    }

    /// PyTorch's `computed_momentum` at `step`: the momentum (or β₁) the update after that step uses.
    public func momentum(at step: Int) -> Double {
        let (phase, pct) = position(at: step)
        return anneal(phase.startMomentum, phase.stopMomentum, pct)
    }

    /// The phase of `step` (after the last step, the last phase's end) and the fraction of it done.
    private func position(at step: Int) -> (Phase, Double) {
        let stepNumber = Double(Swift.min(step, totalSteps - 1))
        var startStep = 0.0
        for (i, phase) in phases.enumerated() {
            if stepNumber <= phase.end || i == phases.count - 1 {
                return (phase, (stepNumber - startStep) / (phase.end - startStep))
            }
            startStep = phase.end
        }
        return (phases[phases.count - 1], 1)
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
        if cycleMomentum {
            guard let cycling = optimizer as? any MomentumCycling else {
                throw EngineError.invalidArgument("one_cycle_lr: cycle_momentum=true needs an optimizer with a momentum or beta1; \(optimizer.name) has neither (give cycle_momentum=false)")
            }
            guard cycling.hasMomentum else {
                throw EngineError.invalidArgument("one_cycle_lr: cycle_momentum=true cycles the optimizer's momentum, but this \(optimizer.name) has momentum 0 (no momentum buffer); give \(optimizer.name) momentum=0.9, or one_cycle_lr cycle_momentum=false")
            }
        }
        try apply(to: optimizer)
        applyMomentum(to: optimizer)
    }

    public func advance(optimizer: any Optimizer, metric: Double?) throws {
        stepCount += 1
        try apply(to: optimizer)
        applyMomentum(to: optimizer)
    }

    /// Sets the optimizer's momentum (or β₁) for the next update, with `cycle_momentum`.
    private func applyMomentum(to optimizer: any Optimizer) {
        guard cycleMomentum, let cycling = optimizer as? any MomentumCycling, cycling.hasMomentum else { return }
        cycling.cycledMomentum = Float(momentum(at: stepCount))
    }
}
