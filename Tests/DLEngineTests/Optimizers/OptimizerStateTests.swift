import Testing
@testable import DLEngine

/// Per-parameter state: it continues across calls, belongs to one tensor, is forgotten by `reset()`, and is
/// left alone for parameters without a gradient. Checked on every optimizer that keeps state.
@Suite struct OptimizerStateTests {
    /// Optimizers with state, made fresh for each use.
    static let makers: [@Sendable () throws -> any Optimizer] = [
        { try SGD(learningRate: 0.1, momentum: 0.9) },
        { try SGD(learningRate: 0.1, momentum: 0.9, nesterov: true) },
        { try RMSProp(momentum: 0.5, centered: true) },
        { try Adam(learningRate: 0.1) },
        { try AdamW(learningRate: 0.1, amsgrad: true) },
    ]

    @Test(arguments: 0 ..< makers.count)
    func stateContinuesAcrossCalls(_ index: Int) throws {
        // Three steps in one go equal one step, then two more with the same optimizer and tensor (a second
        // `fit`): the state is not reset between calls of step.
        let together = try Quadratic.trajectory(Self.makers[index]())
        let optimizer = try Self.makers[index]()
        let theta = Quadratic.parameter()
        var split: [[Float]] = []
        for _ in 0 ..< 3 {
            try Quadratic.setGradient(of: theta)
            try optimizer.step([theta])
            split.append(theta.data)
        }
        #expect(split == together)
        #expect(together[1] != (try Quadratic.trajectory(Self.makers[index](), steps: 1))[0])  // not a no-op
    }

    @Test(arguments: 0 ..< makers.count)
    func resetForgetsTheState(_ index: Int) throws {
        // After reset, a step from θ₂ is a first step again: the same as a fresh optimizer's step from θ₂.
        let optimizer = try Self.makers[index]()
        let theta = Quadratic.parameter()
        for _ in 0 ..< 2 {
            try Quadratic.setGradient(of: theta)
            try optimizer.step([theta])
        }
        let copy = try Tensor(shape: theta.shape, data: theta.data)
        optimizer.reset()
        try Quadratic.setGradient(of: theta)
        try optimizer.step([theta])
        try Quadratic.setGradient(of: copy)
        try Self.makers[index]().step([copy])
        #expect(theta.data == copy.data)
    }

    @Test(arguments: 0 ..< makers.count)
    func stateIsPerParameter(_ index: Int) throws {
        // Two parameters stepped by one optimizer, in one call or in separate calls, move exactly as each
        // would alone: they share no velocity or moments.
        let alone = try Quadratic.trajectory(Self.makers[index]())
        let optimizer = try Self.makers[index]()
        let first = Quadratic.parameter(), second = Quadratic.parameter()
        for step in 0 ..< 3 {
            try Quadratic.setGradient(of: first)
            try optimizer.step([first])
            #expect(first.data == alone[step])
        }
        for step in 0 ..< 3 {
            try Quadratic.setGradient(of: second)
            try optimizer.step([second])
            #expect(second.data == alone[step])  // the first parameter's state did not leak in
        }
    }

    @Test(arguments: 0 ..< makers.count)
    func parametersWithoutGradientAreSkipped(_ index: Int) throws {
        let optimizer = try Self.makers[index]()
        let moving = Quadratic.parameter(), frozen = Quadratic.parameter()
        var trajectory: [[Float]] = []
        for _ in 0 ..< 3 {
            try Quadratic.setGradient(of: moving)
            frozen.grad = nil
            try optimizer.step([frozen, moving, frozen])
            trajectory.append(moving.data)
        }
        #expect(frozen.data == Quadratic.parameter().data)
        #expect(trajectory == (try Quadratic.trajectory(Self.makers[index]())))
        // The frozen parameter got no state: its first step with a gradient is a first step.
        try Quadratic.setGradient(of: frozen)
        try optimizer.step([frozen])
        #expect(frozen.data == (try Quadratic.trajectory(Self.makers[index](), steps: 1))[0])
    }

    @Test(arguments: 0 ..< makers.count)
    func everyElementMovesOnItsOwn(_ index: Int) throws {
        // 19 elements: two full chunks of eight (the vectorized path) and a tail of three. Each element moves
        // exactly as a one-element parameter with the same value and gradient does.
        let values: [Float] = (0 ..< 19).map { Float($0) * 0.37 - 3 }
        let gradients: [Float] = (0 ..< 19).map { Float($0 % 5) - 2.5 + Float($0) * 0.01 }
        let optimizer = try Self.makers[index]()
        let big = Tensor(values, requiresGrad: true)
        let smalls = values.map { Tensor([$0], requiresGrad: true) }
        let single = try Self.makers[index]()
        for step in 0 ..< 3 {
            big.grad = Tensor(gradients.map { $0 * Float(step + 1) })
            try optimizer.step([big])
            for (small, g) in zip(smalls, gradients) { small.grad = Tensor([g * Float(step + 1)]) }
            try single.step(smalls)
            #expect(big.data == smalls.map { $0.data[0] })
        }
    }

    @Test func aParameterListedTwiceIsUpdatedOnce() throws {
        let theta = Quadratic.parameter()
        try Quadratic.setGradient(of: theta)
        try SGD(learningRate: 0.1).step([theta, theta])
        expectTrajectory([theta.data], [Vec(0.9, -0.3)])
    }

    @Test func stateHoldsOnlyParametersThatHaveStepped() throws {
        let sgd = try SGD(momentum: 0.9), adam = try Adam(), adamW = try AdamW(), rmsprop = try RMSProp()
        let theta = Quadratic.parameter(), other = Quadratic.parameter()
        try Quadratic.setGradient(of: theta)
        for optimizer in [sgd, adam, adamW, rmsprop] as [any Optimizer] { try optimizer.step([theta, other]) }
        #expect([sgd.stateCount, adam.stateCount, adamW.stateCount, rmsprop.stateCount] == [1, 1, 1, 1])
        for optimizer in [sgd, adam, adamW, rmsprop] as [any Optimizer] { optimizer.reset() }
        #expect([sgd.stateCount, adam.stateCount, adamW.stateCount, rmsprop.stateCount] == [0, 0, 0, 0])
    }

    @Test(arguments: 0 ..< makers.count)
    func aGradientOfTheWrongShapeThrowsAndChangesNothing(_ index: Int) throws {
        let optimizer = try Self.makers[index]()
        let good = Quadratic.parameter(), bad = try Tensor(shape: [2, 1], data: [1, 2])
        try Quadratic.setGradient(of: good)
        bad.grad = Tensor([1, 2])
        let error = EngineError.shapeMismatch(operation: "\(optimizer.name) step (parameter and gradient)", [2, 1], [2])
        #expect(throws: error) { try optimizer.step([good, bad]) }
        #expect(good.data == Quadratic.parameter().data)  // checked before anything moved
        try optimizer.step([good])  // and no state was made: this is a first step
        #expect(good.data == (try Quadratic.trajectory(Self.makers[index](), steps: 1))[0])
    }

    @Test(arguments: ["sgd", "rmsprop", "adam", "adamw"])
    func anInvalidLearningRateSetLaterMakesStepThrow(_ name: String) throws {
        let optimizer = try makeOptimizer(named: name, options: [:])
        let theta = Quadratic.parameter()
        try Quadratic.setGradient(of: theta)
        for bad: Float in [-0.1, .nan, .infinity] {
            optimizer.learningRate = bad
            #expect(throws: EngineError.self) { try optimizer.step([theta]) }
        }
        #expect(theta.data == Quadratic.parameter().data)
        optimizer.learningRate = 0.5  // a schedule may change it between steps
        try optimizer.step([theta])
        #expect(theta.data != Quadratic.parameter().data)
    }

    @Test(arguments: 0 ..< makers.count)
    func stateHandedOutAndBackContinuesTheTrajectory(_ index: Int) throws {
        // Two steps, the state taken out and put into a fresh optimizer, a third step there: the same
        // as three steps on one optimizer (the state_dict round trip the fused dense step relies on).
        let whole = try Self.makers[index](), first = try Self.makers[index](), second = try Self.makers[index]()
        let expected = try Quadratic.trajectory(whole, steps: 3)
        let theta = Quadratic.parameter()
        for _ in 0 ..< 2 {
            try Quadratic.setGradient(of: theta)
            try first.step([theta])
        }
        if let fused = first as? any FusedOptimizer, let moved = second as? any FusedOptimizer {
            if let state = fused.state(of: theta) {
                #expect(state.step == 2 && state.slots.count == fused.slotCount)
                moved.setState(state, of: theta)
            } else {
                #expect(fused.slotCount == 0)
            }
        } else {
            Issue.record("\(first.name) has no fused update")
        }
        try Quadratic.setGradient(of: theta)
        try second.step([theta])
        #expect(theta.data == expected[2])
    }
}
