import Foundation

/// Anneals the rate from the base rate to `eta_min` along half a cosine over `t_max` epochs (PyTorch's
/// `CosineAnnealingLR`, SGDR without restarts):
///
///     lr(t) = eta_min + (base_lr − eta_min) · (1 + cos(π · t / t_max)) / 2
///
/// Past `t_max` the cosine goes on (the rate climbs back towards the base rate over the next `t_max`
/// epochs), as PyTorch's does; give `t_max` the run's epoch count to end at `eta_min`.
public final class CosineAnnealingLR: ClosedFormSchedule {
    /// The optimizer whose rate it sets (``ScheduleBinding``).
    public let binding = ScheduleBinding()
    public let tMax: Int
    public let etaMin: Double
    public var stepCount = 0
    public var baseRate: Double?
    public var name: String { "cosine_annealing_lr" }

    /// - Throws: for a `t_max` below 1 or an `eta_min` that is not a finite number ≥ 0.
    public init(tMax: Int, etaMin: Double = 0) throws {
        let a = Arguments(["t_max": .integer(tMax), "eta_min": .number(etaMin)])
        self.tMax = try ScheduleState.whole(a, "t_max", "cosine_annealing_lr", atLeast: 1)
        self.etaMin = try ScheduleState.number(a, "eta_min", "cosine_annealing_lr", .nonNegative)
    }

    public var arguments: Arguments { Arguments(["t_max": .integer(tMax), "eta_min": .number(etaMin)]) }

    public func rate(at step: Int, base: Double) -> Double {
        etaMin + (base - etaMin) * (1 + cos(Double.pi * Double(step) / Double(tMax))) / 2
    }
}

/// Cosine annealing with warm restarts (PyTorch's `CosineAnnealingWarmRestarts`, SGDR): the rate falls
/// along half a cosine from the base rate towards `eta_min` over a period of `t_0` epochs, then jumps back
/// to the base rate; each period is `t_mult` times the one before.
///
///     lr(t) = eta_min + (base_lr − eta_min) · (1 + cos(π · T_cur / T_i)) / 2
///
/// where `T_i` is the current period and `T_cur` the epochs since the last restart.
public final class CosineAnnealingWarmRestarts: ClosedFormSchedule {
    /// The optimizer whose rate it sets (``ScheduleBinding``).
    public let binding = ScheduleBinding()
    public let t0: Int
    public let tMult: Int
    public let etaMin: Double
    public var stepCount = 0
    public var baseRate: Double?
    public var name: String { "cosine_annealing_warm_restarts" }

    /// - Throws: for a `t_0` or `t_mult` that is not a whole number ≥ 1 (as PyTorch), or a bad `eta_min`.
    public init(t0: Int, tMult: Int = 1, etaMin: Double = 0) throws {
        let schedule = "cosine_annealing_warm_restarts"
        let a = Arguments(["t_0": .integer(t0), "t_mult": .integer(tMult), "eta_min": .number(etaMin)])
        self.t0 = try ScheduleState.whole(a, "t_0", schedule, atLeast: 1)
        self.tMult = try ScheduleState.whole(a, "t_mult", schedule, atLeast: 1)
        self.etaMin = try ScheduleState.number(a, "eta_min", schedule, .nonNegative)
    }

    public var arguments: Arguments {
        Arguments(["t_0": .integer(t0), "t_mult": .integer(tMult), "eta_min": .number(etaMin)])
    }

    /// `T_cur` and `T_i` at step `step`: PyTorch's `step()` counts them up one step at a time; this walks
    /// the periods (at most about 50 of them before a period passes any step count, when `t_mult ≥ 2`).
    func position(at step: Int) -> (current: Int, period: Int) {
        if tMult == 1 { return (step % t0, t0) }
        var (current, period) = (step, t0)
        while current >= period {
            current -= period
            let (next, overflow) = period.multipliedReportingOverflow(by: tMult)
            if overflow { break }
            period = next
        }
        return (current, period)
    }

    public func rate(at step: Int, base: Double) -> Double {
        let (current, period) = position(at: step)
        return etaMin + (base - etaMin) * (1 + cos(Double.pi * Double(current) / Double(period))) / 2
    }
}

/// Linear warm-up (PyTorch's `LinearLR`): the rate's factor goes from `start_factor` to `end_factor` in
/// `total_iters` epochs, then stays:
///
///     lr(t) = base_lr · (start_factor + (end_factor − start_factor) · min(t, total_iters) / total_iters)
public final class LinearLR: ClosedFormSchedule {
    /// The optimizer whose rate it sets (``ScheduleBinding``).
    public let binding = ScheduleBinding()
    public let startFactor: Double
    public let endFactor: Double
    public let totalIters: Int
    public var stepCount = 0
    public var baseRate: Double?
    public var name: String { "linear_lr" }

    /// - Throws: for a `start_factor` outside (0, 1], an `end_factor` outside [0, 1] (PyTorch's ranges),
    ///   or `total_iters` below 1.
    public init(startFactor: Double = 1.0 / 3, endFactor: Double = 1, totalIters: Int = 5) throws {
        let a = Arguments(["start_factor": .number(startFactor), "end_factor": .number(endFactor), "total_iters": .integer(totalIters)])
        self.startFactor = try ScheduleState.number(a, "start_factor", "linear_lr", .startFactor)
        self.endFactor = try ScheduleState.number(a, "end_factor", "linear_lr", .unitInterval)
        self.totalIters = try ScheduleState.whole(a, "total_iters", "linear_lr", atLeast: 1)
    }

    public var arguments: Arguments {
        Arguments(["start_factor": .number(startFactor), "end_factor": .number(endFactor), "total_iters": .integer(totalIters)])
    }

    public func rate(at step: Int, base: Double) -> Double {
        base * (startFactor + (endFactor - startFactor) * Double(Swift.min(totalIters, step)) / Double(totalIters))
    }
}
