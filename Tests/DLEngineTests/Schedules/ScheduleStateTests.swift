import Testing
@testable import DLEngine

/// A schedule carried through its ``LearningRateSchedule/arguments`` and ``LearningRateSchedule/state``
/// (what a checkpoint stores) continues exactly as the original; the registry refuses what PyTorch refuses.
@Suite struct ScheduleStateTests {
    static let examples: [(String, Arguments)] = [
        ("step_lr", Arguments(["step_size": .integer(3)])),
        ("multi_step_lr", Arguments(["milestones": .integers([2, 6])])),
        ("exponential_lr", Arguments(["gamma": .number(0.9)])),
        ("cosine_annealing_lr", Arguments(["t_max": .integer(10)])),
        ("cosine_annealing_warm_restarts", Arguments(["t_0": .integer(3), "t_mult": .integer(2)])),
        ("linear_lr", Arguments()),
        ("one_cycle_lr", Arguments(["max_lr": .number(0.5), "total_steps": .integer(30)])),
        ("reduce_lr_on_plateau", Arguments(["patience": .integer(1), "factor": .number(0.5)])),
    ]

    @Test(arguments: examples.map(\.0)) func rebuiltFromArgumentsAndStateContinuesAlike(name: String) throws {
        let arguments = Self.examples.first { $0.0 == name }!.1
        let metrics = [1.0, 0.9, 0.95, 0.97, 0.8, 0.85, 0.86, 0.87, 0.88, 0.7, 0.75, 0.76]
        let original = try ScheduleRegistry.make(name, arguments: arguments)
        let a = try SGD(learningRate: 0.2, momentum: 0.9)
        try original.begin(optimizer: a, steps: 12)
        for i in 0 ..< 7 { try original.advance(optimizer: a, metric: metrics[i]) }
        let copy = try ScheduleRegistry.make(original.name, arguments: original.arguments)
        try copy.restore(original.state)
        #expect(copy.state == original.state)
        let b = try SGD(learningRate: 123, momentum: 0.5)  // the base rate (and one-cycle's momentum) come from the state
        try copy.begin(optimizer: b, steps: 5)
        #expect(a.learningRate == b.learningRate)
        for i in 7 ..< 12 {
            try original.advance(optimizer: a, metric: metrics[i])
            try copy.advance(optimizer: b, metric: metrics[i])
            #expect(a.learningRate == b.learningRate, "step \(i + 1)")
            if name == "one_cycle_lr" { #expect(a.momentum == b.momentum, "step \(i + 1)") }
        }
        #expect(copy.stepCount == 12)
    }

    @Test func registryRefusesWhatPyTorchRefuses() {
        func message(_ name: String, _ values: [String: Argument]) -> String {
            do { _ = try ScheduleRegistry.make(name, arguments: Arguments(values)); return "no error" } catch { return "\(error)" }
        }
        #expect(message("cosine", [:]).hasPrefix("unknown schedule 'cosine'; known schedules: step_lr, "))
        #expect(message("step_lr", ["step_size": .integer(3), "gama": .number(0.5)]) == "step_lr does not take 'gama'; it takes step_size, gamma")
        #expect(message("step_lr", [:]) == "step_lr: missing step_size= (usage: step_lr step_size=... [gamma=0.1])")
        #expect(message("step_lr", ["step_size": .integer(0)]) == "step_lr: step_size must be a whole number ≥ 1, got 0")
        #expect(message("exponential_lr", ["gamma": .number(-1)]) == "exponential_lr: gamma must be a finite number > 0, got -1")
        #expect(message("exponential_lr", ["gamma": .number(.nan)]) == "exponential_lr: gamma must be a finite number > 0, got nan")
        #expect(message("linear_lr", ["start_factor": .number(0)]) == "linear_lr: start_factor must be in (0, 1], got 0")
        #expect(message("linear_lr", ["end_factor": .number(1.5)]) == "linear_lr: end_factor must be in [0, 1], got 1.5")
        #expect(message("multi_step_lr", ["milestones": .integers([3, -1])]) == "multi_step_lr: milestones must be epochs ≥ 0, got -1")
        #expect(message("cosine_annealing_warm_restarts", ["t_0": .integer(2), "t_mult": .number(1.5)])
            == "cosine_annealing_warm_restarts: 't_mult' must be a whole number")
        #expect(message("one_cycle_lr", ["max_lr": .number(0.1), "total_steps": .integer(10), "anneal_strategy": .text("cosine")])
            == "one_cycle_lr: anneal_strategy must be one of \"cos\", \"linear\", got \"cosine\"")
        #expect(message("one_cycle_lr", ["max_lr": .number(0.1), "total_steps": .integer(10), "pct_start": .number(1.2)])
            == "one_cycle_lr: pct_start must be in [0, 1], got 1.2")
        #expect(message("reduce_lr_on_plateau", ["factor": .number(1)]) == "reduce_lr_on_plateau: factor must be in (0, 1), got 1")
        #expect(message("reduce_lr_on_plateau", ["patience": .integer(-1)]) == "reduce_lr_on_plateau: patience must be a whole number ≥ 0, got -1")
        #expect(message("reduce_lr_on_plateau", ["monitor": .text("val_acc")])
            == "reduce_lr_on_plateau: unknown monitor 'val_acc'; it watches auto, loss, accuracy or a metric of metrics=[...] (precision, recall or f1, with _micro or _weighted; top2, top3, ...), with val_ in front for its validation figure")
    }

    @Test func oneCycleRefusesAFitLongerThanItsSteps() throws {
        let schedule = try OneCycleLR(maxRate: 0.1, totalSteps: 10)
        let optimizer = try SGD(learningRate: 0.1, momentum: 0.9)
        try schedule.begin(optimizer: optimizer, steps: 6)
        for _ in 0 ..< 6 { try schedule.advance(optimizer: optimizer, metric: nil) }
        #expect(throws: EngineError.invalidArgument("one_cycle_lr: the fit takes 5 steps (one per batch) but only 4 of total_steps=10 are left; give a larger total_steps (epochs × batches per epoch) or train fewer epochs")) {
            try schedule.begin(optimizer: optimizer, steps: 5)
        }
        try schedule.begin(optimizer: optimizer, steps: 4)  // exactly the steps left
        for _ in 0 ..< 4 { try schedule.advance(optimizer: optimizer, metric: nil) }
        // After the last step the rate stays at the final one: max_lr / 25 / 1e4.
        #expect(isClose(optimizer.learningRate, 0.1 / 25 / 1e4, relative: 1e-6, absolute: 0))
    }

    @Test func restoreRefusesABadState() throws {
        let schedule = try StepLR(stepSize: 2)
        #expect(throws: EngineError.invalidArgument("step_lr: the state lacks 'step'")) { try schedule.restore([:]) }
        #expect(throws: EngineError.invalidArgument("step_lr: state 'step' must be a whole number ≥ 0, got -1.0")) { try schedule.restore(["step": -1]) }
        #expect(throws: EngineError.invalidArgument("step_lr: unknown state entry 'best'")) { try schedule.restore(["step": 1, "best": 0]) }
        let plateau = try ReduceLROnPlateau()
        #expect(throws: EngineError.invalidArgument("reduce_lr_on_plateau: state 'best' must be finite, got inf")) {
            try plateau.restore(["step": 1, "bad_epochs": 0, "cooldown_counter": 0, "best": .infinity])
        }
    }
}
