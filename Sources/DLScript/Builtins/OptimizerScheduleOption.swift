import DLEngine

/// A schedule attached to an optimizer: `opt = sgd lr=0.1 momentum=0.9 schedule=(step_lr step_size=10)` or
/// `opt.schedule = (cosine_annealing_lr t_max=100)` (``Optimizer/schedule``). `fit ... optimizer=opt` runs
/// it when the fit names no `schedule=`; naming both is an error.
extension Call {
    /// The schedule `fit` runs with `optimizer` on `model`: its `schedule=`, else the optimizer's own,
    /// else the resumed run's.
    /// - Throws: for `schedule=` given while the optimizer has a schedule of its own, naming both.
    func fitSchedule(optimizer: any Optimizer, model: Sequential) throws -> (any LearningRateSchedule)? {
        let given = try schedule()
        if let given, let attached = optimizer.schedule, given !== attached {
            throw ScriptError("\(name): schedule=\(given.name) and the optimizer's own schedule (\(attached.name)) both set the learning rate; give one of them (drop schedule=, or detach the optimizer's with opt.schedule = none)",
                              at: keywords["schedule"]?.location ?? location)
        }
        return given ?? optimizer.schedule ?? session.continuedSchedule(of: model)
    }

    /// An optimizer built-in's `schedule=`: attaches it to `optimizer`.
    func attachSchedule(to optimizer: any Optimizer) throws {
        guard let entry = keywords["schedule"] else { return }
        guard case .schedule(let s) = entry.value else {
            throw typeError(entry, expected: "a schedule (\(ScheduleRegistry.names.joined(separator: ", ")))", what: "schedule")
        }
        try session.attach(s, to: optimizer, errorPrefix: name, at: entry.location)
    }
}

extension Session {
    /// Attaches `schedule` to `optimizer`, binding it there (``ScheduleBinding``): an error starting with
    /// `errorPrefix` when it belongs to another optimizer.
    func attach(_ schedule: any LearningRateSchedule, to optimizer: any Optimizer, errorPrefix: String,
                at location: SourceLocation) throws {
        do { try schedule.binding.bind(optimizer, for: schedule) } catch let error as EngineError {
            throw ScriptError("\(errorPrefix): \(error.description)", at: location)
        }
        optimizer.schedule = schedule
    }

    /// `opt.schedule = SCHEDULE` (or `none`, which detaches it).
    func setSchedule(of optimizer: any Optimizer, to value: Value, at location: SourceLocation) throws {
        switch value {
        case .schedule(let s): try attach(s, to: optimizer, errorPrefix: "schedule", at: location)
        case .none: optimizer.schedule = nil
        default:
            throw ScriptError("schedule must be a schedule (\(ScheduleRegistry.names.joined(separator: ", "))) or none, not \(value.kindWithArticle)", at: location)
        }
    }
}
