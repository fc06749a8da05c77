/// A learning-rate schedule as the language and the docs know it: the name users write
/// (`cosine_annealing_lr`, PyTorch's class name in snake case), its help, its keyword parameters with
/// their defaults (PyTorch's names, lower case), and its constructor.
public struct ScheduleRegistration: Sendable {
    public let name: String
    public let summary: String
    public let example: String
    /// Keyword parameters only; a `nil` default marks a required one.
    public let parameters: [Parameter]
    /// A new schedule from arguments checked against ``parameters`` and completed with their defaults.
    let make: @Sendable (Arguments) throws -> any LearningRateSchedule

    /// `cosine_annealing_lr t_max=... [eta_min=0]`.
    public var signature: String {
        ([name] + parameters.map { p in p.defaultValue == nil ? "\(p.key)=..." : p.signature }).joined(separator: " ")
    }
}

/// Every schedule, in the order the help and the docs list them. A new schedule adds one entry.
public enum ScheduleRegistry {
    public static let all: [ScheduleRegistration] = [
        ScheduleRegistration(
            name: "step_lr", summary: "Multiplies the rate by gamma every step_size epochs (PyTorch's StepLR): lr = base_lr * gamma^floor(t / step_size).",
            example: "sched = step_lr step_size=30 gamma=0.1",
            parameters: [.keyword("step_size", .integer, default: nil), .keyword("gamma", .number, default: .number(0.1))]) { a in
            try StepLR(stepSize: try a.integer("step_size"), gamma: try a.double("gamma"))
        },
        ScheduleRegistration(
            name: "multi_step_lr", summary: "Multiplies the rate by gamma at each milestone epoch (PyTorch's MultiStepLR).",
            example: "sched = multi_step_lr milestones=[30, 80] gamma=0.1",
            parameters: [.keyword("milestones", .shape, default: nil), .keyword("gamma", .number, default: .number(0.1))]) { a in
            try MultiStepLR(milestones: try a.integers("milestones"), gamma: try a.double("gamma"))
        },
        ScheduleRegistration(
            name: "exponential_lr", summary: "Multiplies the rate by gamma every epoch (PyTorch's ExponentialLR): lr = base_lr * gamma^t.",
            example: "sched = exponential_lr gamma=0.95",
            parameters: [.keyword("gamma", .number, default: nil)]) { a in
            try ExponentialLR(gamma: try a.double("gamma"))
        },
        ScheduleRegistration(
            name: "cosine_annealing_lr", summary: "Half a cosine from the base rate down to eta_min over t_max epochs (PyTorch's CosineAnnealingLR).",
            example: "sched = cosine_annealing_lr t_max=200",
            parameters: [.keyword("t_max", .integer, default: nil), .keyword("eta_min", .number, default: .number(0))]) { a in
            try CosineAnnealingLR(tMax: try a.integer("t_max"), etaMin: try a.double("eta_min"))
        },
        ScheduleRegistration(
            name: "cosine_annealing_warm_restarts", summary: "Cosine annealing that restarts at the base rate every period; the period starts at t_0 epochs and grows t_mult times (PyTorch's CosineAnnealingWarmRestarts, SGDR).",
            example: "sched = cosine_annealing_warm_restarts t_0=10 t_mult=2",
            parameters: [.keyword("t_0", .integer, default: nil), .keyword("t_mult", .integer, default: .integer(1)),
                         .keyword("eta_min", .number, default: .number(0))]) { a in
            try CosineAnnealingWarmRestarts(t0: try a.integer("t_0"), tMult: try a.integer("t_mult"), etaMin: try a.double("eta_min"))
        },
        ScheduleRegistration(
            name: "linear_lr", summary: "Linear warm-up: the rate's factor goes from start_factor to end_factor over total_iters epochs, then stays (PyTorch's LinearLR).",
            example: "sched = linear_lr start_factor=0.1 total_iters=5",
            parameters: [.keyword("start_factor", .number, default: .number(1.0 / 3), shown: "1/3"),
                         .keyword("end_factor", .number, default: .number(1)),
                         .keyword("total_iters", .integer, default: .integer(5))]) { a in
            try LinearLR(startFactor: try a.double("start_factor"), endFactor: try a.double("end_factor"),
                         totalIters: try a.integer("total_iters"))
        },
        ScheduleRegistration(
            name: "one_cycle_lr", summary: "The 1cycle policy, stepped after every batch: up from max_lr/div_factor to max_lr over pct_start of total_steps, then down to max_lr/div_factor/final_div_factor (PyTorch's OneCycleLR). cycle_momentum=true (the default, as PyTorch) moves the optimizer's momentum (Adam's and AdamW's beta1) the other way, from max_momentum down to base_momentum and back; it needs sgd or rmsprop with a momentum > 0, or adam/adamw. A fit needing more than the steps left is refused.",
            example: "sched = one_cycle_lr max_lr=0.1 total_steps=1500",
            parameters: [.keyword("max_lr", .number, default: nil), .keyword("total_steps", .integer, default: nil),
                         .keyword("pct_start", .number, default: .number(0.3)),
                         .keyword("anneal_strategy", .text, default: .text("cos")),
                         .keyword("div_factor", .number, default: .number(25)),
                         .keyword("final_div_factor", .number, default: .number(1e4), shown: "1e4"),
                         .keyword("three_phase", .flag, default: .flag(false)),
                         .keyword("cycle_momentum", .flag, default: .flag(true)),
                         .keyword("base_momentum", .number, default: .number(0.85)),
                         .keyword("max_momentum", .number, default: .number(0.95))]) { a in
            try OneCycleLR(maxRate: try a.double("max_lr"), totalSteps: try a.integer("total_steps"),
                           pctStart: try a.double("pct_start"), annealStrategy: try a.text("anneal_strategy"),
                           divFactor: try a.double("div_factor"), finalDivFactor: try a.double("final_div_factor"),
                           threePhase: try a.flag("three_phase"), cycleMomentum: try a.flag("cycle_momentum"),
                           baseMomentum: try a.double("base_momentum"), maxMomentum: try a.double("max_momentum"))
        },
        ScheduleRegistration(
            name: "reduce_lr_on_plateau", summary: "Multiplies the rate by factor when the monitored figure has not improved for more than patience epochs (PyTorch's ReduceLROnPlateau); monitor=\"auto\" watches val_loss when there is validation data, else loss.",
            example: "sched = reduce_lr_on_plateau factor=0.5 patience=5",
            parameters: [.keyword("monitor", .text, default: .text("auto")), .keyword("mode", .text, default: .text("min")),
                         .keyword("factor", .number, default: .number(0.1)), .keyword("patience", .integer, default: .integer(10)),
                         .keyword("threshold", .number, default: .number(1e-4), shown: "1e-4"),
                         .keyword("threshold_mode", .text, default: .text("rel")),
                         .keyword("cooldown", .integer, default: .integer(0)),
                         .keyword("min_lr", .number, default: .number(0)),
                         .keyword("eps", .number, default: .number(1e-8), shown: "1e-8")]) { a in
            try ReduceLROnPlateau(monitor: try a.text("monitor"), mode: try a.text("mode"), factor: try a.double("factor"),
                                  patience: try a.integer("patience"), threshold: try a.double("threshold"),
                                  thresholdMode: try a.text("threshold_mode"), cooldown: try a.integer("cooldown"),
                                  minRate: try a.double("min_lr"), eps: try a.double("eps"))
        },
    ]

    /// The names users can write, in the order of ``all``.
    public static var names: [String] { all.map(\.name) }

    public static func named(_ name: String) -> ScheduleRegistration? { all.first { $0.name == name } }

    /// A schedule from its name and arguments (a statement's keywords, or a checkpoint's ``LearningRateSchedule/arguments``);
    /// parameters left out take their defaults.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for an unknown schedule (naming the known ones), a
    ///   keyword it does not take (naming the ones it takes), a missing required one, or a bad value.
    public static func make(_ name: String, arguments: Arguments) throws -> any LearningRateSchedule {
        guard let registration = named(name) else {
            throw EngineError.invalidArgument("unknown schedule '\(name)'; known schedules: \(names.joined(separator: ", "))")
        }
        let keys = registration.parameters.map(\.key)
        for key in arguments.values.keys.sorted() where !keys.contains(key) {
            throw EngineError.invalidArgument("\(name) does not take '\(key)'; it takes \(keys.joined(separator: ", "))")
        }
        for p in registration.parameters where p.defaultValue == nil && arguments.values[p.key] == nil {
            throw EngineError.invalidArgument("\(name): missing \(p.key)= (usage: \(registration.signature))")
        }
        do {
            return try registration.make(arguments.withDefaults(of: registration.parameters))
        } catch let error as EngineError {
            // The typed accessors' messages name the key but not the schedule.
            if case .invalidArgument(let text) = error, !text.hasPrefix(name) { throw EngineError.invalidArgument("\(name): \(text)") }
            throw error
        }
    }
}

extension Arguments {
    /// A number as `Double` (the schedules compute in `Double`).
    func double(_ key: String) throws -> Double {
        switch values[key] {
        case .number(let v)?: return v
        case .integer(let v)?: return Double(v)
        case nil: throw EngineError.invalidArgument("missing argument '\(key)'")
        default: throw EngineError.invalidArgument("'\(key)' must be a number")
        }
    }
}
