import Testing
@testable import DLEngine

/// One-cycle's momentum cycling (`cycle_momentum`, on by default as in PyTorch): the first 20 momenta
/// (SGD's `momentum`, Adam's β₁) equal torch's, which `Tests/Oracles/one_cycle_momentum_torch.py` printed
/// (torch 2.15, CPU: `opt.param_groups[0]["momentum"]` or `["betas"][0]` after `OneCycleLR.step()`);
/// optimizers without a momentum are refused; fits on the fast steps cycle it as autodiff does.
@Suite struct OneCycleMomentumTests {
    /// Steps `schedule` 19 times as a fit does and returns the 20 momenta the optimizer had.
    func momenta(_ schedule: OneCycleLR, _ optimizer: any Optimizer) throws -> [Float] {
        let read = { (optimizer as? any MomentumCycling)?.cycledMomentum ?? .nan }
        try schedule.begin(optimizer: optimizer, steps: 19)
        var out = [read()]
        for _ in 0 ..< 19 {
            try schedule.advance(optimizer: optimizer, metric: nil)
            out.append(read())
        }
        return out
    }

    @Test func sgdMomentumAsPyTorch() throws {
        let torch: [Double] = [0.95, 0.9404508497187474, 0.9154508497187474, 0.8845491502812526, 0.8595491502812526, 0.85,
                               0.8512536043909088, 0.854951556604879, 0.8609084258765984, 0.8688255099070633, 0.878305813044122,
                               0.8888739533021842, 0.8999999999999999, 0.9111260466978157, 0.9216941869558779, 0.9311744900929366,
                               0.9390915741234015, 0.945048443395121, 0.9487463956090911, 0.95]
        let schedule = try OneCycleLR(maxRate: 0.1, totalSteps: 20)
        let got = try momenta(schedule, try SGD(learningRate: 0.1, momentum: 0.9))
        #expect(got == torch.map { Float($0) })
        for (step, want) in torch.enumerated() { #expect(isClose(schedule.momentum(at: step), want, relative: 1e-14, absolute: 0)) }
    }

    @Test func adamBeta1AsPyTorch() throws {
        let torch: [Double] = [0.9, 0.8809523809523809, 0.861904761904762, 0.8428571428571429, 0.8238095238095239, 0.8047619047619048,
                               0.8142857142857143, 0.8333333333333334, 0.8523809523809525, 0.8714285714285714, 0.8904761904761905,
                               0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]
        let schedule = try OneCycleLR(maxRate: 0.1, totalSteps: 25, pctStart: 0.25, annealStrategy: "linear", threePhase: true,
                                      baseMomentum: 0.8, maxMomentum: 0.9)
        for optimizer in [try Adam(learningRate: 0.1) as any Optimizer, try AdamW(learningRate: 0.1)] {
            let fresh = try ScheduleRegistry.make(schedule.name, arguments: schedule.arguments) as! OneCycleLR
            #expect(try momenta(fresh, optimizer).enumerated().allSatisfy { isClose($0.element, torch[$0.offset], relative: 1e-6, absolute: 0) })
        }
    }

    @Test func withoutMomentumItIsRefused() throws {
        let schedule = try OneCycleLR(maxRate: 0.1, totalSteps: 20)
        #expect(throws: EngineError.invalidArgument("one_cycle_lr: cycle_momentum=true cycles the optimizer's momentum, but this sgd has momentum 0 (no momentum buffer); give sgd momentum=0.9, or one_cycle_lr cycle_momentum=false")) {
            try schedule.begin(optimizer: try SGD(learningRate: 0.1), steps: 5)
        }
        #expect(throws: EngineError.self) { try schedule.begin(optimizer: try RMSProp(learningRate: 0.1), steps: 5) }
        // cycle_momentum=false leaves the momentum alone.
        let plain = try OneCycleLR(maxRate: 0.1, totalSteps: 20, cycleMomentum: false)
        let sgd = try SGD(learningRate: 0.1, momentum: 0.5)
        _ = try momenta(plain, sgd)
        #expect(sgd.momentum == 0.5)
        let none = try SGD(learningRate: 0.1)
        try plain.begin(optimizer: none, steps: 1)
        for bad in [-0.1, 1.0, .nan] {
            #expect(throws: EngineError.self) { try OneCycleLR(maxRate: 0.1, totalSteps: 20, baseMomentum: bad) }
            #expect(throws: EngineError.self) { try OneCycleLR(maxRate: 0.1, totalSteps: 20, maxMomentum: bad) }
        }
    }

    /// The fused dense, layer-kernel and autodiff steps read the cycled momentum alike.
    @Test func theStepsCycleAlike() throws {
        func fit(_ step: String, _ optimizer: () throws -> any Optimizer) throws -> [Float] {
            var rng = RandomGenerator(seed: 5)
            let data = try Dataset.spiral(pointsPerClass: 20, classes: 3, using: &rng)
            let model = Sequential([try Linear(inputSize: 2, outputSize: 12, using: &rng), Tanh(),
                                    try Linear(inputSize: 12, outputSize: 3, using: &rng)])
            var options = try TrainingOptions(epochs: 4, batchSize: 15, loss: SoftmaxCrossEntropy(), optimizer: try optimizer(),
                                              schedule: try OneCycleLR(maxRate: 0.3, totalSteps: 16))
            options.allowsBufferedSteps = step != "autodiff"
            options.allowsDenseSteps = step == "dense"
            try model.fit(data, options: options, using: &rng)
            return model.parameters.flatMap(\.data)
        }
        for optimizer in [{ try SGD(learningRate: 0.1, momentum: 0.9) as any Optimizer }, { try Adam(learningRate: 0.01) }] {
            let reference = try fit("autodiff", optimizer)
            for step in ["dense", "layers"] {
                #expect(allClose(try fit(step, optimizer), reference, relative: 1e-4, absolute: 1e-6), "\(step)")
            }
        }
    }
}
