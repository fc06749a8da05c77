/// A learning-rate schedule as a checkpoint holds it: its registered name, the arguments it was made with
/// and its running state (the step and epoch counts, a plateau's best value, ...), each a `Double` kept
/// exactly (16 hexadecimal digits of its bits).
public struct ScheduleSnapshot: Equatable, Sendable {
    public var name: String
    public var arguments: [String: Double]
    public var state: [String: Double]

    public init(name: String, arguments: [String: Double], state: [String: Double]) {
        (self.name, self.arguments, self.state) = (name, arguments, state)
    }

    func checkpointEntry() -> [String: Any] {
        ["name": name, "arguments": arguments.mapValues(ExactNumber.encode), "state": state.mapValues(ExactNumber.encode)]
    }

    init(checkpointEntry any: Any, path: String) throws {
        func numbers(_ any: Any?) -> [String: Double]? {
            guard let entry = any as? [String: Any] else { return nil }
            let values = entry.compactMapValues(ExactNumber.double)
            return values.count == entry.count ? values : nil
        }
        guard let entry = any as? [String: Any], let name = entry["name"] as? String,
              let arguments = numbers(entry["arguments"]), let state = numbers(entry["state"]) else {
            throw EngineError.file(path: path, "the schedule's entry is malformed")
        }
        self.init(name: name, arguments: arguments, state: state)
    }
}
