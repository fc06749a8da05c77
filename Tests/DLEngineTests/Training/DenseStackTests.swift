import Testing
@testable import DLEngine

/// The fused step of small dense networks (`Training/DenseStack.swift`) against the layer-by-layer
/// buffered step, which the other suites compare with the autodiff step: the same bits, for every
/// orientation the planner can choose, partial batches, every activation, layers without a bias.
@Suite struct DenseStackTests {
    struct Outcome: Equatable {
        var losses: [Float]
        var accuracies: [Float?]
        var weights: [Float]
    }

    /// Fits `layers` on `features`-wide random data with `classes` classes, fused or layer by layer.
    static func fit(dense: Bool, features: Int, classes: Int, samples: Int, batchSize: Int, epochs: Int = 3,
                    optimizer: () throws -> any Optimizer = { try SGD(learningRate: 0.5, momentum: 0.9) },
                    loss: any Loss = SoftmaxCrossEntropy(),
                    layers: (inout RandomGenerator) throws -> [any Layer]) throws -> Outcome {
        var rng = RandomGenerator(seed: 11)
        let inputs = try Tensor.randomNormal([samples, features], using: &rng)
        let labels = (0 ..< samples).map { _ in rng.integer(below: classes) }
        let data = try Dataset(inputs: inputs, targets: .classes(labels, classCount: classes))
        let model = Sequential(try layers(&rng))
        var options = try TrainingOptions(epochs: epochs, batchSize: batchSize, loss: loss, optimizer: optimizer())
        options.allowsDenseSteps = dense
        let training = try #require(try BufferedTraining(model, data: data, options: options,
                                                         batchCapacity: Swift.min(batchSize, samples)))
        #expect((training.model is DenseStack) == dense)
        let history = try model.fit(data, options: options, using: &rng)
        return Outcome(losses: history.epochs.map(\.loss), accuracies: history.epochs.map(\.accuracy),
                       weights: model.parameters.flatMap(\.data))
    }

    /// The plan the fused step makes for `layers` on `features` inputs and batches of `batch`.
    static func plan(features: Int, batch: Int, layers: [any Layer]) throws -> [DenseStack.Stage] {
        try #require(try DenseStack(Sequential(layers), sampleCount: features, capacity: batch)).stages
    }

    static func linear(_ i: Int, _ o: Int, bias: Bool = true, _ rng: inout RandomGenerator) throws -> Linear {
        try Linear(inputSize: i, outputSize: o, bias: bias, using: &rng)
    }

    @Test func theSpiralNetworkGivesTheLayerByLayerBits() throws {
        // 2-100-3 ReLU, batches of 20 with a partial last one (105 = 5 · 20 + 5).
        let layers: (inout RandomGenerator) throws -> [any Layer] = { rng in
            [try Self.linear(2, 100, &rng), ReLU(), try Self.linear(100, 3, &rng)]
        }
        let fused = try Self.fit(dense: true, features: 2, classes: 3, samples: 105, batchSize: 20, layers: layers)
        let layered = try Self.fit(dense: false, features: 2, classes: 3, samples: 105, batchSize: 20, layers: layers)
        #expect(fused == layered)
        // The plan that makes it fast: the narrow second product by columns, fed by a second product of
        // the first layer (2 inputs), ∂W₂ by columns.
        var rng = RandomGenerator(seed: 1)
        let stages = try Self.plan(features: 2, batch: 20, layers: try layers(&rng))
        #expect(!stages[0].forwardByColumns && stages[0].producesColumns && stages[0].columnsByProduct)
        #expect(stages[1].forwardByColumns && stages[1].weightGradientByColumns)
    }

    @Test func everyActivationOddWidthsAndBatchesGiveTheLayerByLayerBits() throws {
        let layers: (inout RandomGenerator) throws -> [any Layer] = { rng in
            [try Self.linear(7, 37, &rng), Tanh(), try Self.linear(37, 19, bias: false, &rng),
             try LeakyReLU(slope: 0.1), try Self.linear(19, 33, &rng), Sigmoid(), try Self.linear(33, 5, &rng)]
        }
        for batchSize in [1, 7, 16, 17, 32] {
            let fused = try Self.fit(dense: true, features: 7, classes: 5, samples: 71, batchSize: batchSize, layers: layers)
            let layered = try Self.fit(dense: false, features: 7, classes: 5, samples: 71, batchSize: batchSize, layers: layers)
            #expect(fused == layered, "batch \(batchSize)")
        }
    }

    @Test func everyOrientationIsPlannedSomewhereAndGivesTheSameBits() throws {
        // Wide outputs make row-major products cheaper, a narrow layer after one with few inputs the
        // feature-major ones; ∂W goes by columns when the outputs are narrower than the inputs.
        let shapes: [[Int]] = [[200, 3, 150, 2], [40, 256, 3], [3, 9, 240, 4], [120, 64, 64, 10], [1, 1, 1],
                               [5, 200, 7, 2], [1, 64, 1]]
        var seen: [String: Set<Bool>] = [:]
        for widths in shapes {
            let layers: (inout RandomGenerator) throws -> [any Layer] = { rng in
                var result: [any Layer] = []
                for l in 0 ..< widths.count - 1 {
                    result.append(try Self.linear(widths[l], widths[l + 1], &rng))
                    if l < widths.count - 2 { result.append(ReLU()) }
                }
                return result
            }
            var rng = RandomGenerator(seed: 2)
            for stage in try Self.plan(features: widths[0], batch: 24, layers: try layers(&rng)) {
                seen["forward", default: []].insert(stage.forwardByColumns)
                seen["columns", default: []].insert(stage.producesColumns)
                seen["byProduct", default: []].insert(stage.columnsByProduct)
                seen["dW", default: []].insert(stage.weightGradientByColumns)
            }
            let classes = widths.last!
            let fused = try Self.fit(dense: true, features: widths[0], classes: classes, samples: 60, batchSize: 24,
                                     epochs: 2, layers: layers)
            let layered = try Self.fit(dense: false, features: widths[0], classes: classes, samples: 60, batchSize: 24,
                                       epochs: 2, layers: layers)
            #expect(fused == layered, "\(widths)")
        }
        for (choice, values) in seen { #expect(values == [true, false], "\(choice)") }

    }

    @Test func adamAndMeanSquaredErrorGiveTheSameBits() throws {
        let layers: (inout RandomGenerator) throws -> [any Layer] = { rng in
            [try Self.linear(4, 30, &rng), ReLU(), try Self.linear(30, 3, &rng)]
        }
        let adam: () throws -> any Optimizer = { try Adam(learningRate: 0.01) }
        #expect(try Self.fit(dense: true, features: 4, classes: 3, samples: 50, batchSize: 8, optimizer: adam, layers: layers)
                == Self.fit(dense: false, features: 4, classes: 3, samples: 50, batchSize: 8, optimizer: adam, layers: layers))
    }

    @Test func whatItDoesNotCoverRunsLayerByLayer() throws {
        var rng = RandomGenerator(seed: 4)
        func stack(_ layers: [any Layer], features: Int = 2, batch: Int = 20) throws -> DenseStack? {
            try DenseStack(Sequential(layers), sampleCount: features, capacity: batch)
        }
        #expect(try stack([try Self.linear(2, 3, &rng)]) != nil)
        #expect(try stack([try Self.linear(2, 3, &rng)], batch: 33) == nil)  // batches over 32
        #expect(try stack([try Self.linear(2, 257, &rng)]) == nil)  // layers over 256 wide
        #expect(try stack([ReLU(), try Self.linear(2, 3, &rng)]) == nil)  // an activation first
        #expect(try stack([try Self.linear(2, 3, &rng), ReLU(), Tanh()]) == nil)  // two activations
        #expect(try stack([try Self.linear(2, 3, &rng), try Dropout(rate: 0.5, using: &rng)]) == nil)
        #expect(try stack([try Self.linear(2, 8, &rng), try BatchNorm1d(features: 8)]) == nil)
        #expect(try stack([try Self.linear(3, 3, &rng)]) == nil)  // the sample is 2 wide
    }
}
