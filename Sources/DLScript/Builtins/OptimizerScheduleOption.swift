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
        do { try s.binding.bind(optimizer, for: s) } catch let error as EngineError {
            throw ScriptError("\(name): \(error.description)", at: entry.location)
        }
        optimizer.schedule = s
    }
}

extension Session {
    /// `opt.schedule = SCHEDULE` (or `none`, which detaches it).
    func setSchedule(of optimizer: any Optimizer, to value: Value, at location: SourceLocation) throws {
        switch value {
        case .schedule(let s):
            do { try s.binding.bind(optimizer, for: s) } catch let error as EngineError {
                throw ScriptError("schedule: \(error.description)", at: location)
            }
            optimizer.schedule = s
        case .none: optimizer.schedule = nil
        default:
            throw ScriptError("schedule must be a schedule (\(ScheduleRegistry.names.joined(separator: ", "))) or none, not \(value.kindWithArticle)", at: location)
        }
    }
}
