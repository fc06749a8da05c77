/// A learning-rate schedule: sets an optimizer's ``Optimizer/learningRate`` before every update, from a
/// step count it keeps (PyTorch's `lr_scheduler`, whose names, equations and defaults these follow).
///
/// A schedule is a stateful object, as in PyTorch: it counts the steps it has taken (`last_epoch`), so a
/// second `fit` with the same schedule continues where the first stopped. Rates are computed in `Double`
/// from PyTorch's closed forms and only rounded to `Float` when given to the optimizer.
///
/// The rate a schedule scales is the optimizer's rate when the schedule first runs (PyTorch's
/// `initial_lr`), kept in its state as `base_lr`; ``OneCycleLR`` sets its own rates from `max_lr`.
///
/// Per-epoch schedules step at the end of every epoch, ``OneCycleLR`` after every batch
/// (``interval``), as PyTorch's documentation has users call `scheduler.step()`.
public protocol LearningRateSchedule: AnyObject, CustomStringConvertible {
    /// The name users write (`cosine_annealing_lr`), the key of its ``ScheduleRegistry`` entry.
    var name: String { get }
    /// Whether it steps after every epoch or after every batch.
    var interval: ScheduleInterval { get }
    /// Its hyperparameters, complete (defaults filled in): ``ScheduleRegistry/make(_:arguments:)`` with
    /// ``name`` and these builds the same schedule.
    var arguments: Arguments { get }
    /// The steps taken so far (PyTorch's `last_epoch`).
    var stepCount: Int { get }
    /// What changes as it runs (step count, base rate, plateau counters, best value), by name: with
    /// ``restore(_:)`` this carries a schedule through a checkpoint.
    var state: [String: Double] { get }
    /// Puts back a ``state``. - Throws: for a state that is missing an entry or holds a bad value.
    func restore(_ state: [String: Double]) throws
    /// Prepares a fit of `steps` more steps (epochs, or batches for a per-batch schedule) with
    /// `optimizer`: binds the base rate on first use and sets the optimizer's rate for the next update.
    /// - Throws: before anything is trained, when the schedule cannot take that many steps (``OneCycleLR``)
    ///   or needs what the fit lacks.
    func begin(optimizer: any Optimizer, steps: Int) throws
    /// Takes one step after an update (per batch) or an epoch and sets the optimizer's rate for the next
    /// one. `metric` is the monitored figure of the epoch that ended (only ``ReduceLROnPlateau`` reads it).
    func advance(optimizer: any Optimizer, metric: Double?) throws
    /// The optimizer whose rate it sets: the first it runs with or is attached to.
    var binding: ScheduleBinding { get }
}

/// The one optimizer a schedule sets the rate of, as a PyTorch scheduler is made for one optimizer: the
/// first it runs with (``bind(_:for:)``, which `fit` calls before training) or is attached to. Its step
/// count and base rate belong to that optimizer; run with another one, it would set that optimizer's rate
/// from the first one's base rate (a sweep over `optimizer=(sgd lr=LR) schedule=S` would train every run
/// at the first run's rate), so that is refused and a new schedule asked for.
///
/// The optimizer is held weakly: a schedule bound to one that no longer exists stays bound (refused with
/// any other). A schedule read from a file (a checkpoint, an optimizer file) starts unbound.
public final class ScheduleBinding {
    /// The optimizer, while it exists.
    public private(set) weak var optimizer: (any Optimizer)?
    /// Whether it has been bound (its optimizer may since have gone).
    public private(set) var isBound = false

    public init() {}

    /// Binds the schedule to `optimizer`, or checks that it already is.
    /// - Throws: ``EngineError/invalidArgument(_:)`` when it is bound to another optimizer, naming it.
    public func bind(_ optimizer: any Optimizer, for schedule: any LearningRateSchedule) throws {
        guard isBound else {
            (self.optimizer, isBound) = (optimizer, true)
            return
        }
        guard let bound = self.optimizer, bound === optimizer else {
            let other = self.optimizer.map { "another optimizer, \($0.description)" } ?? "another optimizer, one no longer in use"
            throw EngineError.invalidArgument(
                "this \(schedule.name) belongs to \(other) (the first it ran with or was attached to, as a PyTorch scheduler belongs to its optimizer); make a new \(schedule.name) for this one")
        }
    }

    /// What a session's checkpoint records, and puts back with ``restore(_:)``.
    public var snapshot: (optimizer: (any Optimizer)?, isBound: Bool) { (optimizer, isBound) }

    public func restore(_ snapshot: (optimizer: (any Optimizer)?, isBound: Bool)) {
        (optimizer, isBound) = snapshot
    }
}

/// When a schedule steps.
public enum ScheduleInterval: Sendable, Equatable {
    case epoch
    case batch
}

/// A schedule whose rate is a function of the step count and the base rate alone: every schedule but
/// ``ReduceLROnPlateau``. Such a schedule can be drawn in advance (``rates(steps:baseRate:)``).
public protocol ClosedFormSchedule: LearningRateSchedule {
    /// The rate at step `step` (from 0) for a base rate `base`: PyTorch's `_get_closed_form_lr`.
    func rate(at step: Int, base: Double) -> Double
    var stepCount: Int { get set }
    /// The optimizer's rate when the schedule first ran; `nil` before.
    var baseRate: Double? { get set }
}

extension ClosedFormSchedule {
    public var interval: ScheduleInterval { .epoch }

    public var state: [String: Double] {
        var state = ["step": Double(stepCount)]
        if let baseRate { state["base_lr"] = baseRate }
        return state
    }

    public func restore(_ state: [String: Double]) throws {
        for key in state.keys where key != "step" && key != "base_lr" {
            throw EngineError.invalidArgument("\(name): unknown state entry '\(key)'")
        }
        stepCount = try ScheduleState.count(state, "step", schedule: name)
        if let base = state["base_lr"] {
            guard base.isFinite, base >= 0 else { throw EngineError.invalidArgument("\(name): base_lr must be a finite number ≥ 0, got \(base)") }
            baseRate = base
        } else {
            baseRate = nil
        }
    }

    /// The rates of steps 0 ..< `steps` for a base rate `base` (what `plot schedule` draws).
    public func rates(steps: Int, baseRate base: Double) -> [Double] {
        (0 ..< Swift.max(0, steps)).map { rate(at: $0, base: base) }
    }

    public func begin(optimizer: any Optimizer, steps: Int) throws {
        if baseRate == nil { baseRate = Double(optimizer.learningRate) }
        try apply(to: optimizer)
    }

    public func advance(optimizer: any Optimizer, metric: Double?) throws {
        stepCount += 1
        try apply(to: optimizer)
    }

    func apply(to optimizer: any Optimizer) throws {
        let rate = Float(self.rate(at: stepCount, base: baseRate ?? Double(optimizer.learningRate)))
        guard rate.isFinite, rate >= 0 else {
            throw EngineError.invalidArgument("\(name): the rate at step \(stepCount) is \(rate), not a finite number ≥ 0")
        }
        optimizer.learningRate = rate
    }

    /// `CosineAnnealingLR(t_max=200, eta_min=0)`-like text from the arguments.
    public var description: String { ScheduleState.describe(name, arguments, stepCount) }
}

/// Helpers shared by the schedules: reading a state, describing a schedule, checking hyperparameters
/// (the wording of their messages in one place: `step_lr: gamma must be a finite number > 0, got -1`).
enum ScheduleState {
    static func count(_ state: [String: Double], _ key: String, schedule: String) throws -> Int {
        guard let v = state[key] else { throw EngineError.invalidArgument("\(schedule): the state lacks '\(key)'") }
        guard v == v.rounded(), v >= 0, v < 1e15 else {
            throw EngineError.invalidArgument("\(schedule): state '\(key)' must be a whole number ≥ 0, got \(v)")
        }
        return Int(v)
    }

    static func describe(_ name: String, _ arguments: Arguments, _ step: Int) -> String {
        // In the order the registry lists the parameters (as the signature shows them).
        let order = ScheduleRegistry.named(name)?.parameters.map(\.key) ?? []
        let keys = arguments.values.keys.sorted { (order.firstIndex(of: $0) ?? .max, $0) < (order.firstIndex(of: $1) ?? .max, $1) }
        let parts = keys.compactMap { key in arguments.values[key].map { "\(key)=\($0)" } }
        return "\(name) " + parts.joined(separator: " ") + " (step \(step))"
    }

    static func number(_ arguments: Arguments, _ key: String, _ schedule: String, _ requirement: Requirement) throws -> Double {
        let value: Double
        switch arguments.values[key] {
        case .number(let v)?: value = v
        case .integer(let v)?: value = Double(v)
        case nil: throw EngineError.invalidArgument("\(schedule): missing \(key)=")
        default: throw EngineError.invalidArgument("\(schedule): \(key) must be a number")
        }
        guard value.isFinite, requirement.accepts(value) else {
            throw EngineError.invalidArgument("\(schedule): \(key) must be \(requirement.text), got \(Argument.number(value))")
        }
        return value
    }

    static func whole(_ arguments: Arguments, _ key: String, _ schedule: String, atLeast minimum: Int) throws -> Int {
        let value: Double
        switch arguments.values[key] {
        case .number(let v)?: value = v
        case .integer(let v)?: value = Double(v)
        case nil: throw EngineError.invalidArgument("\(schedule): missing \(key)=")
        default: throw EngineError.invalidArgument("\(schedule): \(key) must be a whole number")
        }
        guard value == value.rounded(), value >= Double(minimum), value < 1e15 else {
            throw EngineError.invalidArgument("\(schedule): \(key) must be a whole number ≥ \(minimum), got \(Argument.number(value))")
        }
        return Int(value)
    }

    static func text(_ arguments: Arguments, _ key: String, _ schedule: String, oneOf choices: [String]) throws -> String {
        guard case .text(let v)? = arguments.values[key] else {
            throw EngineError.invalidArgument("\(schedule): \(key) must be one of \(choices.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        guard choices.contains(v) else {
            throw EngineError.invalidArgument("\(schedule): \(key) must be one of \(choices.map { "\"\($0)\"" }.joined(separator: ", ")), got \"\(v)\"")
        }
        return v
    }

    /// What a number must be.
    enum Requirement {
        case positive, nonNegative, below1Positive, unitInterval, startFactor

        func accepts(_ v: Double) -> Bool {
            switch self {
            case .positive: return v > 0
            case .nonNegative: return v >= 0
            case .below1Positive: return v > 0 && v < 1
            case .unitInterval: return v >= 0 && v <= 1
            case .startFactor: return v > 0 && v <= 1
            }
        }

        var text: String {
            switch self {
            case .positive: return "a finite number > 0"
            case .nonNegative: return "a finite number ≥ 0"
            case .below1Positive: return "in (0, 1)"
            case .unitInterval: return "in [0, 1]"
            case .startFactor: return "in (0, 1]"
            }
        }
    }
}
