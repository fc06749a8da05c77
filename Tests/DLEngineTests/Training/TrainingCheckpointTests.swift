import Foundation
import Testing
@testable import DLEngine

/// Training N + M epochs equals training N, checkpointing, reading the checkpoint back into fresh objects
/// and training M more: the same bits in every weight, buffer and history figure.
@Suite struct TrainingCheckpointTests {
    /// A small spiral MLP; `dropout` adds a Dropout layer (a generator of its own) and a BatchNorm (running
    /// statistics), which take the layer-kernel or autodiff step instead of the fused one.
    static func model(seed: UInt64, dropout: Bool = false) throws -> (Sequential, Dataset, RandomGenerator) {
        var generator = RandomGenerator(seed: seed)
        let data = try Dataset.spiral(pointsPerClass: 30, classes: 3, using: &generator)
        var layers: [any Layer] = [try Linear(inputSize: 2, outputSize: 16, using: &generator), ReLU()]
        if dropout { layers += [try BatchNorm1d(features: 16), try Dropout(rate: 0.2, using: &generator)] }
        layers.append(try Linear(inputSize: 16, outputSize: 3, using: &generator))
        return (Sequential(layers), data, generator)
    }

    static func bits(_ model: Sequential) -> [[UInt32]] { model.state.map { $0.tensor.data.map(\.bitPattern) } }

    /// Trains `first + second` epochs straight, and `first`, checkpoint, decode, `second`; compares.
    func expectResumeIsExact(_ makeOptimizer: () throws -> any Optimizer, dropout: Bool = false,
                             validationSplit: Float? = nil, first: Int = 6, second: Int = 5) throws {
        func options(_ epochs: Int, _ optimizer: any Optimizer) throws -> TrainingOptions {
            try TrainingOptions(epochs: epochs, batchSize: 16, shuffle: true, loss: SoftmaxCrossEntropy(), optimizer: optimizer,
                                validation: validationSplit.map(Validation.split))
        }
        // Straight through.
        var (straight, data, generator) = try Self.model(seed: 11, dropout: dropout)
        let whole = try straight.fit(data, options: try options(first + second, try makeOptimizer()), using: &generator)

        // Stopped, saved, read back.
        var (model, _, generator2) = try Self.model(seed: 11, dropout: dropout)
        let optimizer = try makeOptimizer()
        let firstPart = try model.fit(data, options: try options(first, optimizer), using: &generator2)
        let bytes = try TrainingCheckpoint(model: model, optimizer: optimizer, history: firstPart, generator: generator2,
                                           names: ["model": "m"]).encoded()
        let restored = try TrainingCheckpoint.decode(bytes, path: "run.dlnbckpt")
        #expect(Self.bits(restored.model) == Self.bits(model))
        #expect(restored.names == ["model": "m"])
        var generator3 = try RandomGenerator(state: restored.generator)
        #expect(generator3 == generator2)
        let optimizer3 = try #require(try restored.makeOptimizer(for: restored.model))
        let secondPart = try restored.model.fit(data, options: try options(second, optimizer3), using: &generator3)

        #expect(Self.bits(restored.model) == Self.bits(straight))
        #expect(generator3 == generator)
        var combined = try #require(restored.history).continued(by: secondPart)
        combined.duration = whole.duration
        #expect(combined == whole)
        // The model files of both are the same bytes.
        let a = try ModelArchive(layers: straight.layers.map(LayerCodec.encode), tensors: straight.state).encoded()
        let b = try ModelArchive(layers: restored.model.layers.map(LayerCodec.encode), tensors: restored.model.state).encoded()
        #expect(a == b)
        _ = (straight, model)
    }

    @Test func sgdWithMomentumResumesExactly() throws {
        try expectResumeIsExact { try SGD(learningRate: 0.1, momentum: 0.9, nesterov: true) }
    }

    @Test func adamResumesExactly() throws {
        try expectResumeIsExact { try Adam(learningRate: 0.01) }
        try expectResumeIsExact { try AdamW(learningRate: 0.01, amsgrad: true) }
    }

    @Test func rmspropWithDropoutAndBatchNormResumesExactly() throws {
        try expectResumeIsExact({ try RMSProp(learningRate: 0.01, momentum: 0.5, centered: true) }, dropout: true)
    }

    /// A schedule stepped after every epoch (as fit steps a per-epoch one), through a checkpoint: the rates
    /// and the weights go on as in the straight run.
    @Test func aScheduleResumesExactly() throws {
        func train(_ model: Sequential, _ data: Dataset, _ optimizer: any Optimizer, _ schedule: any LearningRateSchedule,
                   epochs: Int, _ generator: inout RandomGenerator) throws -> [Float] {
            var rates: [Float] = []
            try schedule.begin(optimizer: optimizer, steps: epochs)
            for _ in 0 ..< epochs {
                let options = try TrainingOptions(epochs: 1, batchSize: 16, loss: SoftmaxCrossEntropy(), optimizer: optimizer)
                try model.fit(data, options: options, using: &generator)
                rates.append(optimizer.learningRate)
                try schedule.advance(optimizer: optimizer, metric: nil)
            }
            return rates
        }
        let arguments = Arguments(["t_max": .integer(8), "eta_min": .number(0.001)])
        var (straight, data, generator) = try Self.model(seed: 21)
        let optimizer = try SGD(learningRate: 0.1, momentum: 0.9)
        let rates = try train(straight, data, optimizer, try ScheduleRegistry.make("cosine_annealing_lr", arguments: arguments),
                              epochs: 11, &generator)

        var (model, _, generator2) = try Self.model(seed: 21)
        let optimizer2 = try SGD(learningRate: 0.1, momentum: 0.9)
        let schedule2 = try ScheduleRegistry.make("cosine_annealing_lr", arguments: arguments)
        let firstRates = try train(model, data, optimizer2, schedule2, epochs: 6, &generator2)
        let bytes = try TrainingCheckpoint(model: model, optimizer: optimizer2, schedule: schedule2, history: nil,
                                           generator: generator2).encoded()
        let restored = try TrainingCheckpoint.decode(bytes, path: "c")
        var generator3 = try RandomGenerator(state: restored.generator)
        let secondRates = try train(restored.model, data, try #require(try restored.makeOptimizer(for: restored.model)),
                                    try #require(try restored.makeSchedule()), epochs: 5, &generator3)
        #expect(firstRates + secondRates == rates)
        #expect(Set(rates).count > 5)
        #expect(Self.bits(restored.model) == Self.bits(straight))
        _ = (straight, model)
    }

    @Test func aValidationSplitResumesExactly() throws {
        // The split is drawn again at the start of the second fit, so the two runs split differently: only
        // the trace of the generator is compared here (see below); the held-out part must be data given.
        var (model, data, generator) = try Self.model(seed: 3)
        for (shuffle, split) in [(true, nil), (false, nil), (true, Float(0.25)), (false, Float(0.2))] as [(Bool, Float?)] {
            let options = try TrainingOptions(epochs: 3, batchSize: 32, shuffle: shuffle, loss: SoftmaxCrossEntropy(),
                                              optimizer: SGD(learningRate: 0.1), validation: split.map(Validation.split))
            var trace = GeneratorTrace(generator, sampleCount: data.count, options: options)
            var traced: [RandomGenerator] = []
            try model.fit(data, options: options, using: &generator, onEpoch: { _ in traced.append(trace.endOfEpoch()) })
            #expect(traced.count == 3)
            #expect(traced.last == generator, "shuffle \(shuffle), split \(String(describing: split))")
        }
        _ = model
    }

    @Test func theGeneratorStateRoundTrips() throws {
        var generator = RandomGenerator(seed: 5)
        _ = generator.normal()  // leaves a spare variate
        var copy = try RandomGenerator(state: generator.state)
        #expect(copy.normal() == generator.normal())
        #expect(copy.next() == generator.next())
        #expect(errorMessage { try RandomGenerator(state: .init(words: [0, 0, 0, 0], spareNormal: nil)) }
                == "a random generator's state is four words, not all zero")
        #expect(errorMessage { try RandomGenerator(state: .init(words: [1, 2, 3], spareNormal: nil)) }
                == "a random generator's state is four words, not all zero")
    }

    @Test func historiesContinueTheirEpochNumbers() throws {
        var first = History(), second = History()
        first.append(EpochRecord(epoch: 1, loss: 2, accuracy: 0.5, validationLoss: nil, validationAccuracy: nil, isComplete: true))
        second.append(EpochRecord(epoch: 1, loss: 1, accuracy: 0.75, validationLoss: nil, validationAccuracy: nil, isComplete: true))
        second.stopReason = .requested(epoch: 1, batch: 3)
        let combined = first.continued(by: second)
        #expect(combined.epochs.map(\.epoch) == [1, 2])
        #expect(combined.epochs.map(\.loss) == [2, 1])
        #expect(combined.recordedEpochs == 2)
        #expect(combined.stopReason == .requested(epoch: 2, batch: 3))
    }
}
