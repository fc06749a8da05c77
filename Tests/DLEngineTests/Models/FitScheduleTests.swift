import Testing
@testable import DLEngine

/// Schedules inside `fit`: the same rates reach the fused dense step, the layer-kernel step and the
/// autodiff step (which read the optimizer's rate at every update), the history records them, a second
/// fit continues the schedule, and what cannot run is refused before anything is trained.
@Suite struct FitScheduleTests {
    struct Run {
        var weights: [Float]
        var history: History
        var rate: Float
    }

    /// Spiral data (105 samples: batches of 20 leave a partial one), a 2-24-3 tanh network, `epochs` epochs.
    static func fit(_ step: String, epochs: Int = 6, schedule: () throws -> (any LearningRateSchedule)?,
                    optimizer: () throws -> any Optimizer = { try SGD(learningRate: 0.3, momentum: 0.9) }) throws -> Run {
        var rng = RandomGenerator(seed: 5)
        let data = try Dataset.spiral(pointsPerClass: 35, classes: 3, using: &rng)
        let model = Sequential([try Linear(inputSize: 2, outputSize: 24, using: &rng), Tanh(),
                                try Linear(inputSize: 24, outputSize: 3, using: &rng)])
        let opt = try optimizer()
        var options = try TrainingOptions(epochs: epochs, batchSize: 20, loss: SoftmaxCrossEntropy(), optimizer: opt,
                                          schedule: try schedule())
        options.allowsBufferedSteps = step != "autodiff"
        options.allowsDenseSteps = step == "dense"
        let history = try model.fit(data, options: options, using: &rng)
        #expect(history.step == (step == "dense" ? .fusedDense : step == "layers" ? .layerKernels(fused: []) : history.step))
        return Run(weights: model.parameters.flatMap(\.data), history: history, rate: opt.learningRate)
    }

    @Test func theThreeStepsFollowTheScheduleAlike() throws {
        let schedules: [() throws -> (any LearningRateSchedule)?] = [
            { try CosineAnnealingLR(tMax: 6) }, { try OneCycleLR(maxRate: 0.5, totalSteps: 36) }, { try StepLR(stepSize: 2, gamma: 0.5) },
        ]
        let optimizers: [() throws -> any Optimizer] = [{ try SGD(learningRate: 0.3, momentum: 0.9) }, { try Adam(learningRate: 0.02) }]
        for schedule in schedules {
            for optimizer in optimizers {
                let reference = try Self.fit("autodiff", schedule: schedule, optimizer: optimizer)
                for step in ["dense", "layers"] {
                    let run = try Self.fit(step, schedule: schedule, optimizer: optimizer)
                    #expect(allClose(run.weights, reference.weights, relative: 1e-4, absolute: 1e-6), "\(step)")
                    #expect(run.history.epochs.map(\.learningRate) == reference.history.epochs.map(\.learningRate))
                }
                // The schedule is applied: without it the weights end elsewhere.
                let plain = try Self.fit("dense", schedule: { nil }, optimizer: optimizer)
                #expect(!allClose(plain.weights, reference.weights, relative: 1e-3, absolute: 1e-4))
            }
        }
    }

    @Test func theHistoryRecordsEachEpochsRate() throws {
        // cosine t_max=6 from 0.3: 0.3 · (1 + cos(π t / 6)) / 2 for t = 0 ... 5.
        let run = try Self.fit("dense", schedule: { try CosineAnnealingLR(tMax: 6) })
        let expected: [Double] = [0.3, 0.27990381056766578, 0.225, 0.15, 0.075, 0.020096189432334193]
        for (record, want) in zip(run.history.epochs, expected) {
            #expect(isClose(record.learningRate ?? .nan, want, relative: 1e-6, absolute: 0), "epoch \(record.epoch)")
        }
        // After the 6th step the rate is eta_min = 0.
        #expect(run.rate == 0)
        // One-cycle steps per batch: 6 batches an epoch, so epoch 2 starts at step 6 of 36.
        let cycle = try Self.fit("dense", schedule: { try OneCycleLR(maxRate: 0.5, totalSteps: 36) })
        let schedule = try OneCycleLR(maxRate: 0.5, totalSteps: 36)
        #expect(cycle.history.epochs.map(\.learningRate) == (0 ..< 6).map { Float(schedule.rate(at: $0 * 6, base: 0)) })
    }

    @Test func aSecondFitContinuesTheSchedule() throws {
        var rng = RandomGenerator(seed: 3)
        let data = try Dataset.spiral(pointsPerClass: 10, classes: 3, using: &rng)
        let model = Sequential([try Linear(inputSize: 2, outputSize: 8, using: &rng), ReLU(), try Linear(inputSize: 8, outputSize: 3, using: &rng)])
        let optimizer = try SGD(learningRate: 0.1)
        let schedule = try StepLR(stepSize: 2, gamma: 0.5)
        let options = try TrainingOptions(epochs: 3, batchSize: 10, loss: SoftmaxCrossEntropy(), optimizer: optimizer, schedule: schedule)
        let first = try model.fit(data, options: options, using: &rng)
        let second = try model.fit(data, options: options, using: &rng)
        // step_size 2, gamma 0.5 from 0.1: epochs 1-2 at 0.1, 3-4 at 0.05, 5-6 at 0.025.
        #expect(first.epochs.map(\.learningRate) == [0.1, 0.1, 0.05].map { Float(Double(Float(0.1)) * $0 / 0.1) })
        #expect(second.epochs.map(\.learningRate) == [0.05, 0.025, 0.025].map { Float(Double(Float(0.1)) * $0 / 0.1) })
        #expect(schedule.stepCount == 6)
    }

    @Test func whatCannotRunIsRefusedBeforeTraining() throws {
        var rng = RandomGenerator(seed: 3)
        let data = try Dataset.spiral(pointsPerClass: 10, classes: 3, using: &rng)
        let model = Sequential([try Linear(inputSize: 2, outputSize: 3, using: &rng)])
        let before = model.parameters.flatMap(\.data)
        let optimizer = try SGD(learningRate: 0.1)
        // 30 samples in batches of 8: 4 batches an epoch, 5 epochs = 20 steps > 12.
        let short = try TrainingOptions(epochs: 5, batchSize: 8, loss: SoftmaxCrossEntropy(), optimizer: optimizer,
                                        schedule: try OneCycleLR(maxRate: 0.1, totalSteps: 12))
        #expect(throws: EngineError.invalidArgument("one_cycle_lr: the fit takes 20 steps (one per batch) but only 12 of total_steps=12 are left; give a larger total_steps (epochs × batches per epoch) or train fewer epochs")) {
            try model.fit(data, options: short, using: &rng)
        }
        let plateau = try TrainingOptions(epochs: 5, batchSize: 8, loss: SoftmaxCrossEntropy(), optimizer: optimizer,
                                          schedule: try ReduceLROnPlateau(monitor: "val_loss"))
        #expect(throws: EngineError.invalidArgument("reduce_lr_on_plateau monitors val_loss, but the fit has no validation data (give validation= or validation_split=)")) {
            try model.fit(data, options: plateau, using: &rng)
        }
        #expect(model.parameters.flatMap(\.data) == before)
    }

    @Test func reduceOnPlateauWatchesARecordedMetric() throws {
        var rng = RandomGenerator(seed: 3)
        let data = try Dataset.spiral(pointsPerClass: 10, classes: 3, using: &rng)
        let model = Sequential([try Linear(inputSize: 2, outputSize: 3, using: &rng)])
        let optimizer = try SGD(learningRate: 0.1)
        // mode=max with a threshold no F1 can reach (x 11): after epoch 1 every epoch is bad.
        var watching = try TrainingOptions(epochs: 3, batchSize: 30, loss: SoftmaxCrossEntropy(), optimizer: optimizer,
                                           schedule: try ReduceLROnPlateau(monitor: "f1", mode: "max", factor: 0.5,
                                                                           patience: 0, threshold: 10))
        watching.metrics = [try ClassificationMetric(name: "f1")]
        let history = try model.fit(data, options: watching, using: &rng)
        #expect(history.epochs.map(\.learningRate) == [0.1, 0.1, 0.05].map { Float($0) })
        // Not recorded: refused before training, with what can be watched.
        let unrecorded = try TrainingOptions(epochs: 3, batchSize: 30, loss: SoftmaxCrossEntropy(), optimizer: optimizer,
                                             schedule: try ReduceLROnPlateau(monitor: "f1", mode: "max"))
        #expect(throws: EngineError.invalidArgument("reduce_lr_on_plateau monitors f1, but the fit does not record it (add \"f1\" to metrics=[...] to record it); it can monitor loss, accuracy")) {
            try model.fit(data, options: unrecorded, using: &rng)
        }
        #expect(throws: EngineError.self) { try ReduceLROnPlateau(monitor: "f2") }
    }

    @Test func reduceOnPlateauWatchesTheTrainingLossWithoutValidation() throws {
        var rng = RandomGenerator(seed: 3)
        let data = try Dataset.spiral(pointsPerClass: 10, classes: 3, using: &rng)
        let model = Sequential([try Linear(inputSize: 2, outputSize: 3, using: &rng)])
        let optimizer = try SGD(learningRate: 0.1)
        let schedule = try ReduceLROnPlateau(factor: 0.5, patience: 0, threshold: 10)  // nothing improves by 1000%
        let options = try TrainingOptions(epochs: 4, batchSize: 30, loss: SoftmaxCrossEntropy(), optimizer: optimizer, schedule: schedule)
        let history = try model.fit(data, options: options, using: &rng)
        // Epoch 1 sets the best (anything beats +∞); epochs 2, 3, 4 each halve the rate (patience 0).
        #expect(history.epochs.map(\.learningRate) == [0.1, 0.1, 0.05, 0.025].map { Float($0) })
        #expect(optimizer.learningRate == Float(0.0125))
    }
}
