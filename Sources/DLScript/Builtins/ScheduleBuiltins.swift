import DLEngine

/// The learning-rate schedules' built-ins, generated from the engine's ``ScheduleRegistry``:
/// `sched = cosine_annealing_lr t_max=200`, then `fit ... schedule=sched`.
let scheduleBuiltins: [Builtin] = ScheduleRegistry.all.map(Builtin.init(schedule:))

extension Builtin {
    /// A schedule's built-in: keywords only, each checked by the registry with an error naming it.
    init(schedule registration: ScheduleRegistration) {
        let r = registration
        let summary = r.summary + " Give it to fit with schedule=, or attach it to an optimizer (sgd lr=0.1 schedule=sched, opt.schedule = sched) whose fits then run it; it keeps its step count, so the next fit continues it. It belongs to the first optimizer it runs with or is attached to (a fit with another refuses it: make a new one)."
        self.init(r.name, r.signature, summary, example: r.example + "\nfit model data epochs=100 optimizer=(sgd lr=0.1 momentum=0.9) schedule=sched",
                  category: .schedules, keywords: r.parameters.map(\.key), callsWhenMentioned: true,
                  wordKeywords: Set(r.parameters.filter { $0.kind == .text }.map(\.key))) { call in
            try call.expectPositional(0...0, usage: r.signature)
            var arguments = Arguments()
            for parameter in r.parameters where call.has(parameter.key) {
                arguments.values[parameter.key] = try call.scheduleArgument(parameter)
            }
            do {
                return .schedule(try ScheduleRegistry.make(r.name, arguments: arguments))
            } catch let error as EngineError {
                // Point at the keyword the message names, if any.
                let text = error.description
                let place = r.parameters.first { text.contains(" \($0.key) ") || text.contains("'\($0.key)'") }
                    .flatMap { call.keywords[$0.key]?.location } ?? call.location
                throw ScriptError(text, at: place)
            }
        }
    }
}

extension Call {
    /// One schedule keyword's value, of the parameter's kind (a list of whole numbers for milestones, a
    /// string for a mode, true/false for a flag, else a number); the registry checks ranges.
    func scheduleArgument(_ parameter: Parameter) throws -> DLEngine.Argument {
        let key = parameter.key
        switch parameter.kind {
        case .shape:
            guard let e = keywords[key] else { throw ScriptError("\(name): missing \(key)", at: location) }
            switch e.value {
            case .tensor(let t) where t.rank == 1: return .integers(try t.data.map { try wholeNumber(Double($0), key, at: e.location) })
            case .list(let items) where items.isEmpty: return .integers([])
            case .number(let v): return .integers([try wholeNumber(v, key, at: e.location)])
            default: throw typeError(e, expected: "a list of whole numbers, like [30, 80]", what: key)
            }
        case .text: return .text(try string(nil, key, key))
        case .flag: return .flag(try boolean(nil, key, key, default: false))
        case .integer: return .number(try number(nil, key, key))
        default: return .number(try number(nil, key, key))
        }
    }

    /// The `schedule=` of a fit: a schedule value (`schedule=sched`, `schedule=(step_lr step_size=30)`).
    func schedule() throws -> (any LearningRateSchedule)? {
        guard let entry = keywords["schedule"] else { return nil }
        guard case .schedule(let s) = entry.value else {
            throw typeError(entry, expected: "a schedule (\(ScheduleRegistry.names.joined(separator: ", ")))", what: "schedule")
        }
        return s
    }
}
