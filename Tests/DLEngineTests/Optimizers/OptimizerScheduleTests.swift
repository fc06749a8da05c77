import Testing
@testable import DLEngine

/// A schedule attached to an optimizer (``Optimizer/schedule``) in the engine: `fit` runs it when its
/// options name none and continues it from fit to fit, refuses a second schedule naming both, and the
/// optimizer's snapshot (`.dlnbopt`, checkpoints) carries it with its step count.
@Suite struct OptimizerScheduleTests {
    static func setup() throws -> (Sequential, Dataset, RandomGenerator) {
        var rng = RandomGenerator(seed: 4)
        let data = try Dataset.spiral(pointsPerClass: 10, classes: 3, using: &rng)
        let model = Sequential([try Linear(inputSize: 2, outputSize: 8, using: &rng), ReLU(), try Linear(inputSize: 8, outputSize: 3, using: &rng)])
        return (model, data, rng)
    }

    @Test func fitRunsAndContinuesIt() throws {
        var (model, data, rng) = try Self.setup()
        let optimizer = try SGD(learningRate: 0.1, momentum: 0.9)
        optimizer.schedule = try StepLR(stepSize: 1, gamma: 0.5)
        let options = try TrainingOptions(epochs: 2, batchSize: 10, loss: SoftmaxCrossEntropy(), optimizer: optimizer)
        let first = try model.fit(data, options: options, using: &rng)
        let second = try model.fit(data, options: options, using: &rng)
        #expect(first.epochs.map(\.learningRate) == [0.1, 0.05])
        #expect(second.epochs.map(\.learningRate) == [0.025, 0.0125])
        #expect(optimizer.schedule?.stepCount == 4)
        // The same schedule given both ways is one schedule; another is refused.
        var same = options
        same.schedule = optimizer.schedule
        try model.fit(data, options: same, using: &rng)
        var other = options
        other.schedule = try CosineAnnealingLR(tMax: 3)
        #expect(throws: EngineError.invalidArgument("schedule=cosine_annealing_lr and the optimizer's own schedule (step_lr) both set the learning rate; give one of them (drop schedule=, or detach the optimizer's with opt.schedule = none)")) {
            try model.fit(data, options: other, using: &rng)
        }
    }

    @Test func theSnapshotCarriesIt() throws {
        var (model, data, rng) = try Self.setup()
        let optimizer = try Adam(learningRate: 0.01)
        optimizer.schedule = try OneCycleLR(maxRate: 0.05, totalSteps: 30, baseMomentum: 0.8, maxMomentum: 0.9)
        try model.fit(data, options: try TrainingOptions(epochs: 2, batchSize: 10, loss: SoftmaxCrossEntropy(), optimizer: optimizer), using: &rng)
        let snapshot = try OptimizerSnapshot(of: optimizer, parameters: model.state)
        #expect(snapshot.schedule == ScheduleSnapshot(of: try #require(optimizer.schedule)))
        let restored = try snapshot.make(for: model.state)
        #expect(restored.schedule?.stepCount == 6)
        #expect(restored.schedule?.description == optimizer.schedule?.description)
        #expect((restored as? Adam)?.beta1 == optimizer.beta1)
        // Without a schedule, none comes back.
        optimizer.schedule = nil
        #expect(try OptimizerSnapshot(of: optimizer, parameters: model.state).make(for: model.state).schedule == nil)
    }
}
