import Foundation

/// Multiplies the rate by `gamma` every `step_size` epochs (PyTorch's `StepLR`):
///
///     lr(t) = base_lr · gamma^⌊t / step_size⌋
public final class StepLR: ClosedFormSchedule {
    /// The optimizer whose rate it sets (``ScheduleBinding``).
    public let binding = ScheduleBinding()
    public let stepSize: Int
    public let gamma: Double
    public var stepCount = 0
    public var baseRate: Double?
    public var name: String { "step_lr" }

    /// - Throws: for a step size below 1 or a gamma that is not a finite number ≥ 0.
    public init(stepSize: Int, gamma: Double = 0.1) throws {
        let a = Arguments(["step_size": .integer(stepSize), "gamma": .number(gamma)])
        self.stepSize = try ScheduleState.whole(a, "step_size", "step_lr", atLeast: 1)
        self.gamma = try ScheduleState.number(a, "gamma", "step_lr", .nonNegative)
    }

    public var arguments: Arguments { Arguments(["step_size": .integer(stepSize), "gamma": .number(gamma)]) }

    public func rate(at step: Int, base: Double) -> Double {
        base * ScheduleMath.power(gamma, step / stepSize)
    }
}

/// Multiplies the rate by `gamma` at each of the epochs `milestones` (PyTorch's `MultiStepLR`):
///
///     lr(t) = base_lr · gamma^(number of milestones ≤ t)
public final class MultiStepLR: ClosedFormSchedule {
    /// The optimizer whose rate it sets (``ScheduleBinding``).
    public let binding = ScheduleBinding()
    /// Sorted, as PyTorch counts them (`bisect_right` on the sorted list; a repeated milestone counts twice).
    public let milestones: [Int]
    public let gamma: Double
    public var stepCount = 0
    public var baseRate: Double?
    public var name: String { "multi_step_lr" }

    /// - Throws: for no milestones, a negative milestone, or a gamma that is not a finite number ≥ 0.
    public init(milestones: [Int], gamma: Double = 0.1) throws {
        guard !milestones.isEmpty else { throw EngineError.invalidArgument("multi_step_lr: milestones must list at least one epoch") }
        if let bad = milestones.first(where: { $0 < 0 }) {
            throw EngineError.invalidArgument("multi_step_lr: milestones must be epochs ≥ 0, got \(bad)")
        }
        self.milestones = milestones.sorted()
        self.gamma = try ScheduleState.number(Arguments(["gamma": .number(gamma)]), "gamma", "multi_step_lr", .nonNegative)
    }

    public var arguments: Arguments { Arguments(["milestones": .integers(milestones), "gamma": .number(gamma)]) }

    public func rate(at step: Int, base: Double) -> Double {
        base * ScheduleMath.power(gamma, milestones.filter { $0 <= step }.count)
    }
}

/// Multiplies the rate by `gamma` every epoch (PyTorch's `ExponentialLR`):
///
///     lr(t) = base_lr · gamma^t
public final class ExponentialLR: ClosedFormSchedule {
    /// The optimizer whose rate it sets (``ScheduleBinding``).
    public let binding = ScheduleBinding()
    public let gamma: Double
    public var stepCount = 0
    public var baseRate: Double?
    public var name: String { "exponential_lr" }

    /// - Throws: for a gamma that is not a finite number > 0.
    public init(gamma: Double) throws {
        self.gamma = try ScheduleState.number(Arguments(["gamma": .number(gamma)]), "gamma", "exponential_lr", .positive)
    }

    public var arguments: Arguments { Arguments(["gamma": .number(gamma)]) }

    public func rate(at step: Int, base: Double) -> Double { base * ScheduleMath.power(gamma, step) }
}

/// Small numeric helpers of the schedules.
enum ScheduleMath {
    /// `x^n` for a whole `n ≥ 0`, as Python's `x ** n` on floats (`pow`).
    static func power(_ x: Double, _ n: Int) -> Double { Foundation.pow(x, Double(n)) }
}
