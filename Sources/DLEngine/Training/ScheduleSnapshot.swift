/// A learning-rate schedule as a checkpoint holds it: its registered name, the arguments it was made with
/// (``LearningRateSchedule/arguments``) and its running state (``LearningRateSchedule/state``: the step
/// count, the base rate, a plateau's counters). ``make()`` builds it again through the
/// ``ScheduleRegistry`` and restores the state, so it goes on with the same rates.
///
/// In the checkpoint's header: `{"name": "cosine_annealing_lr", "arguments": {"t_max": {"integer": 200},
/// "eta_min": {"number": HEX}}, "state": {"step": HEX, "base_lr": HEX}}`, every `Double` as 16 hexadecimal
/// digits of its bits, so it comes back exactly.
public struct ScheduleSnapshot: Equatable, Sendable {
    public var name: String
    public var arguments: [String: Argument]
    public var state: [String: Double]

    public init(name: String, arguments: [String: Argument], state: [String: Double]) {
        (self.name, self.arguments, self.state) = (name, arguments, state)
    }

    /// The snapshot of `schedule` as it is now.
    public init(of schedule: any LearningRateSchedule) {
        self.init(name: schedule.name, arguments: schedule.arguments.values, state: schedule.state)
    }

    /// A new schedule with these arguments and this state.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for an unknown schedule, a bad argument or state.
    public func make() throws -> any LearningRateSchedule {
        let schedule = try ScheduleRegistry.make(name, arguments: Arguments(arguments))
        try schedule.restore(state)
        return schedule
    }

    func checkpointEntry() -> [String: Any] {
        ["name": name, "arguments": arguments.mapValues(Self.entry), "state": state.mapValues(ExactNumber.encode)]
    }

    init(checkpointEntry any: Any, path: String) throws {
        guard let entry = any as? [String: Any], let name = entry["name"] as? String,
              let written = entry["arguments"] as? [String: Any], let numbers = entry["state"] as? [String: Any] else {
            throw EngineError.file(path: path, "the schedule's entry is malformed")
        }
        let arguments = written.compactMapValues(Self.argument), state = numbers.compactMapValues(ExactNumber.double)
        guard arguments.count == written.count, state.count == numbers.count else {
            throw EngineError.file(path: path, "the schedule's arguments or state are malformed")
        }
        self.init(name: name, arguments: arguments, state: state)
    }

    private static func entry(_ argument: Argument) -> [String: Any] {
        switch argument {
        case .integer(let v): return ["integer": v]
        case .number(let v): return ["number": ExactNumber.encode(v)]
        case .flag(let v): return ["flag": v]
        case .text(let v): return ["text": v]
        case .integers(let v): return ["integers": v]
        }
    }

    private static func argument(_ any: Any) -> Argument? {
        guard let entry = any as? [String: Any], entry.count == 1, let (kind, value) = entry.first else { return nil }
        switch kind {
        case "integer": return (value as? Int).map(Argument.integer)
        case "number": return ExactNumber.double(value).map(Argument.number)
        case "flag": return (value as? Bool).map(Argument.flag)
        case "text": return (value as? String).map(Argument.text)
        case "integers": return (value as? [Int]).map(Argument.integers)
        default: return nil
        }
    }
}
