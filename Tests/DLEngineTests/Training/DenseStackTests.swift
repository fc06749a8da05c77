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
        /// The parameters' last gradients, as the model's tensors hold them after the fit.
        var gradients: [Float]
        var validationLosses: [Float?] = []
        /// What `onBatch` saw of the first weight's values, one element per batch.
        var seenByCallback: [Float] = []
        /// What `onEpoch` saw of the last parameter's values, one element per epoch.
        var seenAtEpochEnds: [Float] = []
    }

    /// Fits `layers` on `features`-wide random data with `classes` classes, fused or layer by layer.
    /// With `fits` > 1 the same optimizer (and its momentum) goes on training the same model; with
    /// `validation` every epoch is also evaluated on held-out data; `onBatch` may look at the model.
    static func fit(dense: Bool, features: Int, classes: Int, samples: Int, batchSize: Int, epochs: Int = 3,
                    fits: Int = 1, validation: Bool = false, classMajorScores: Bool? = nil,
                    optimizer: () throws -> any Optimizer = { try SGD(learningRate: 0.5, momentum: 0.9) },
                    loss: any Loss = SoftmaxCrossEntropy(),
                    onBatch: ((Sequential) -> Float)? = nil,
                    layers: (inout RandomGenerator) throws -> [any Layer]) throws -> Outcome {
        var rng = RandomGenerator(seed: 11)
        let inputs = try Tensor.randomNormal([samples, features], using: &rng)
        let labels = (0 ..< samples).map { _ in rng.integer(below: classes) }
        let data = try Dataset(inputs: inputs, targets: .classes(labels, classCount: classes))
        let model = Sequential(try layers(&rng))
        var options = try TrainingOptions(epochs: epochs, batchSize: batchSize, loss: loss, optimizer: optimizer(),
                                          validation: validation ? .data(data) : nil)
        options.allowsDenseSteps = dense
        let training = try #require(try BufferedTraining(model, data: data, options: options,
                                                         batchCapacity: Swift.min(batchSize, samples)))
        #expect((training.model.kernels.first is DenseStack) == dense)
        if let classMajorScores { #expect(training.usesClassMajorScores == classMajorScores) }
        var outcome = Outcome(losses: [], accuracies: [], weights: [], gradients: [])
        for _ in 0 ..< fits {
            let history = try model.fit(data, options: options, using: &rng, onBatch: onBatch.map { look in
                { _ in outcome.seenByCallback.append(look(model)); return .proceed }
            }, onEpoch: { _ in outcome.seenAtEpochEnds.append(model.parameters.last?.data.last ?? .nan) })
            outcome.losses += history.epochs.map(\.loss)
            outcome.accuracies += history.epochs.map(\.accuracy)
            outcome.validationLosses += history.epochs.map(\.validationLoss)
        }
        outcome.weights = model.parameters.flatMap(\.data)
        outcome.gradients = model.parameters.flatMap { $0.grad?.data ?? [] }
        return outcome
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
        // The scores and their gradient pass between the last layer and the loss class-major.
        let fused = try Self.fit(dense: true, features: 2, classes: 3, samples: 105, batchSize: 20,
                                 classMajorScores: true, layers: layers)
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

    @Test func geluAndSiLUTrainFusedWithTheLayerByLayerBits() throws {
        // Both derivatives read the pre-activation z, which the fused step then keeps (as LeakyReLU's);
        // the last activation before a linear layer of 3 classes, so the scores still go class-major.
        let layers: (inout RandomGenerator) throws -> [any Layer] = { rng in
            [try Self.linear(2, 40, &rng), GELU(), try Self.linear(40, 24, &rng), GELU(approximate: .tanh),
             try Self.linear(24, 17, &rng), SiLU(), try Self.linear(17, 3, &rng)]
        }
        for batchSize in [5, 20, 32] {
            let fused = try Self.fit(dense: true, features: 2, classes: 3, samples: 61, batchSize: batchSize, layers: layers)
            let layered = try Self.fit(dense: false, features: 2, classes: 3, samples: 61, batchSize: batchSize, layers: layers)
            #expect(fused == layered, "batch \(batchSize)")
        }
        var rng = RandomGenerator(seed: 2)
        let stages = try Self.plan(features: 2, batch: 20, layers: try layers(&rng))
        #expect(stages.map(\.activation.needsInput) == [true, true, true, false])
        #expect(stages.allSatisfy { $0.preactivationRows != nil } == false)
        #expect(stages.prefix(3).allSatisfy { $0.preactivationRows != nil })
    }

    @Test func aNarrowLayerAppliesThePreviousActivationsBackwardPassInItsInputGradient() throws {
        // A stage with at most four outputs computes ∂x with the activation before it applied, that
        // stage's ∂b summed and, over at most four inputs, its ∂W too, as the product leaves the registers
        // (ActivationGradient): every activation, none (Linear after Linear), widths 1 to 4, fused stages
        // in a row, a narrow middle stage, partial batches, class-major scores and a row-major loss.
        let activations: [(String, () throws -> (any Layer)?)] = [
            ("none", { nil }), ("relu", { ReLU() }), ("leaky_relu", { try LeakyReLU(slope: 0.1) }),
            ("sigmoid", { Sigmoid() }), ("tanh", { Tanh() }), ("gelu", { GELU() }), ("silu", { SiLU() }),
        ]
        var fusedWeightGradients = 0
        for (name, activation) in activations {
            for width in 1 ... 4 {
                for features in [2, 5] {
                    let layers: (inout RandomGenerator) throws -> [any Layer] = { rng in
                        var result: [any Layer] = []
                        for (inputs, outputs) in [(features, 37), (37, width), (width, 3)] {
                            result.append(try Self.linear(inputs, outputs, &rng))
                            if let layer = try activation() { result.append(layer) }
                        }
                        result.append(try Self.linear(3, 2, &rng))
                        return result
                    }
                    let label = "\(name), width \(width), \(features) features"
                    for batchSize in [1, 17, 32] {
                        let fused = try Self.fit(dense: true, features: features, classes: 2, samples: 45, batchSize: batchSize, layers: layers)
                        let layered = try Self.fit(dense: false, features: features, classes: 2, samples: 45, batchSize: batchSize, layers: layers)
                        #expect(fused == layered, "\(label), batch \(batchSize)")
                    }
                    let fused = try Self.fit(dense: true, features: features, classes: 2, samples: 45, batchSize: 9,
                                             classMajorScores: false, loss: MeanSquaredError(), layers: layers)
                    let layered = try Self.fit(dense: false, features: features, classes: 2, samples: 45, batchSize: 9,
                                               loss: MeanSquaredError(), layers: layers)
                    #expect(fused == layered, "\(label), mse")
                    var rng = RandomGenerator(seed: 3)
                    let stages = try Self.plan(features: features, batch: 17, layers: try layers(&rng))
                    #expect(stages.map(\.inputGradientFusesActivation) == [false, true, true, true], "\(label)")
                    #expect(stages.map(\.activationBackwardIsFused) == [true, true, true, false], "\(label)")
                    #expect(stages.map(\.weightGradientIsFused)
                            == [features <= 4 && !stages[0].primaryIsColumns, false, !stages[2].primaryIsColumns, false], "\(label)")
                    fusedWeightGradients += stages.filter(\.weightGradientIsFused).count
                }
            }
        }
        #expect(fusedWeightGradients >= 56)  // at least the first stage's with 2 features, in every case
        // The spiral's network: the first stage's ∂W with ∂z; wider layers keep the separate passes.
        var rng = RandomGenerator(seed: 4)
        let spiral = try Self.plan(features: 2, batch: 20, layers: [try Self.linear(2, 100, &rng), ReLU(), try Self.linear(100, 3, &rng)])
        #expect(spiral.map(\.weightGradientIsFused) == [true, false])
        let wide = try Self.plan(features: 2, batch: 20, layers: [try Self.linear(2, 100, &rng), ReLU(), try Self.linear(100, 5, &rng)])
        #expect(wide.map(\.inputGradientFusesActivation) == [false, false])
        #expect(wide.map(\.activationBackwardIsFused) == [false, false])
        #expect(wide.map(\.weightGradientIsFused) == [false, false])
    }

    @Test func scoresOverAFewInputsMakeTheHiddenLayersFeatureMajorOutputsAsTheyGo() throws {
        // The scores' feature-major product (at most three outputs, no activation) computes the hidden
        // layer's feature-major outputs from its inputs (at most four) as it consumes them
        // (ComputedColumns) instead of reading them back: every activation, 1 to 4 features, 2 and 3
        // classes, partial batches.
        let activations: [(String, () throws -> any Layer)] = [
            ("relu", { ReLU() }), ("leaky_relu", { try LeakyReLU(slope: 0.1) }), ("sigmoid", { Sigmoid() }),
            ("tanh", { Tanh() }), ("gelu", { GELU() }), ("silu", { SiLU() }),
        ]
        var fusedPlans = 0
        for (name, activation) in activations {
            for features in 1 ... 4 {
                for classes in [2, 3] {
                    let layers: (inout RandomGenerator) throws -> [any Layer] = { rng in
                        [try Self.linear(features, 50, &rng), try activation(), try Self.linear(50, classes, &rng)]
                    }
                    let label = "\(name), \(features) features, \(classes) classes"
                    for batchSize in [1, 16, 20, 32] {
                        let fused = try Self.fit(dense: true, features: features, classes: classes, samples: 45,
                                                 batchSize: batchSize, layers: layers)
                        let layered = try Self.fit(dense: false, features: features, classes: classes, samples: 45,
                                                   batchSize: batchSize, layers: layers)
                        #expect(fused == layered, "\(label), batch \(batchSize)")
                    }
                    var rng = RandomGenerator(seed: 5)
                    let stages = try Self.plan(features: features, batch: 20, layers: try layers(&rng))
                    #expect(stages[0].columnsMadeByNext == stages[1].readsComputedColumns, "\(label)")
                    #expect(stages[1].readsComputedColumns == (stages[1].forwardByColumns && stages[0].columnsByProduct), "\(label)")
                    if stages[1].readsComputedColumns { fusedPlans += 1 }
                }
            }
        }
        #expect(fusedPlans >= 24, "fused in \(fusedPlans) of 48 networks")
        // The spiral's network fuses; more classes or an activation after the scores do not.
        var rng = RandomGenerator(seed: 6)
        let spiral = try Self.plan(features: 2, batch: 20, layers: [try Self.linear(2, 100, &rng), ReLU(), try Self.linear(100, 3, &rng)])
        #expect(spiral.map(\.readsComputedColumns) == [false, true])
        #expect(spiral.map(\.columnsMadeByNext) == [true, false])
        let four = try Self.plan(features: 2, batch: 20, layers: [try Self.linear(2, 100, &rng), ReLU(), try Self.linear(100, 4, &rng)])
        #expect(four.map(\.readsComputedColumns) == [false, false])
        let activated = try Self.plan(features: 2, batch: 20,
                                      layers: [try Self.linear(2, 100, &rng), ReLU(), try Self.linear(100, 3, &rng), Tanh()])
        #expect(activated.map(\.readsComputedColumns) == [false, false])
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
        // A loss without the class-major hand-off gets its scores row-major.
        let sgd: () throws -> any Optimizer = { try SGD(learningRate: 0.1) }
        for optimizer in [adam, sgd] {
            let fused = try Self.fit(dense: true, features: 4, classes: 3, samples: 50, batchSize: 8,
                                     classMajorScores: false, optimizer: optimizer, loss: MeanSquaredError(), layers: layers)
            let layered = try Self.fit(dense: false, features: 4, classes: 3, samples: 50, batchSize: 8,
                                       optimizer: optimizer, loss: MeanSquaredError(), layers: layers)
            #expect(fused == layered)
        }
    }

    @Test func everyOptimizerInTheStacksOwnBuffersGivesTheLayerByLayerBits() throws {
        // The fused step keeps the parameters in its buffers and runs the optimizer's fused update: every
        // variant of SGD and the other optimizers, the gradients and state it hands back (a second fit
        // continues the momentum and the step counts), what validation sees at the end of each epoch.
        let layers: (inout RandomGenerator) throws -> [any Layer] = { rng in
            [try Self.linear(2, 100, &rng), ReLU(), try Self.linear(100, 3, &rng)]
        }
        let variants: [() throws -> any Optimizer] = [
            { try SGD(learningRate: 1.0, weightDecay: 0.001) },  // the article's, the benchmark's
            { try SGD(learningRate: 0.3) },
            { try SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.001) },
            { try SGD(learningRate: 0.1, momentum: 0.8, nesterov: true) },
            { try SGD(learningRate: 0.1, momentum: 0.5, dampening: 0.3, weightDecay: 0.01) },
            // Every other optimizer's fused update, with the state it hands back.
            { try Adam(learningRate: 0.01, weightDecay: 0.01, amsgrad: true) },
            { try AdamW(learningRate: 0.01) },
            { try RMSProp(learningRate: 0.01, momentum: 0.5, centered: true, weightDecay: 0.001) },
            { try RMSProp(learningRate: 0.01) },
        ]
        for (v, optimizer) in variants.enumerated() {
            let fused = try Self.fit(dense: true, features: 2, classes: 3, samples: 105, batchSize: 20, epochs: 2,
                                     fits: 2, validation: true, optimizer: optimizer, layers: layers)
            let layered = try Self.fit(dense: false, features: 2, classes: 3, samples: 105, batchSize: 20, epochs: 2,
                                       fits: 2, validation: true, optimizer: optimizer, layers: layers)
            #expect(fused == layered, "variant \(v)")
            #expect(fused.gradients.count == 603 && fused.validationLosses.allSatisfy { $0 != nil })
        }
    }

    @Test func onBatchSeesAndMayChangeTheCurrentParameters() throws {
        let layers: (inout RandomGenerator) throws -> [any Layer] = { rng in
            [try Self.linear(3, 40, &rng), Tanh(), try Self.linear(40, 2, &rng)]
        }
        // The callback reads the first weight, then halves all the weights of the last layer: the next
        // step must start from the halved weights in both paths.
        let look: (Sequential) -> Float = { model in
            let parameters = model.parameters
            let seen = parameters[0].data[0]
            parameters[2].withUnsafeMutableBufferPointer { w in for i in w.indices { w[i] *= 0.5 } }
            return seen
        }
        let fused = try Self.fit(dense: true, features: 3, classes: 2, samples: 50, batchSize: 16, onBatch: look,
                                 layers: layers)
        let layered = try Self.fit(dense: false, features: 3, classes: 2, samples: 50, batchSize: 16, onBatch: look,
                                   layers: layers)
        #expect(fused.seenByCallback.count == 12 && Set(fused.seenByCallback).count == 12)
        #expect(fused == layered)
    }

    @Test func progressStopsWithoutWritingTheParametersBack() throws {
        // `progress` sees the figures only: the resident step does not write the parameters into the
        // model's tensors for it (they still hold their starting values), and a stop request after the
        // fifth batch keeps what five batches learnt, as a stop through `onBatch` does.
        func run(progressOnly: Bool) throws -> (seen: [Float], weights: [Float], history: History, start: Float) {
            var rng = RandomGenerator(seed: 5)
            let data = try Dataset.spiral(pointsPerClass: 20, classes: 3, using: &rng)
            let model = Sequential([try Self.linear(2, 16, &rng), ReLU(), try Self.linear(16, 3, &rng)])
            let start = model.parameters[0].data[0]
            let options = try TrainingOptions(epochs: 3, batchSize: 10, loss: SoftmaxCrossEntropy(),
                                              optimizer: try SGD(learningRate: 0.5, momentum: 0.9))
            var seen: [Float] = [], batches = 0
            let answer: (TrainingProgress) -> TrainingControl = { _ in
                batches += 1
                seen.append(model.parameters[0].data[0])
                return batches == 5 ? .stop : .proceed
            }
            let history = progressOnly
                ? try model.fit(data, options: options, using: &rng, progress: answer)
                : try model.fit(data, options: options, using: &rng, onBatch: answer)
            return (seen, model.parameters.flatMap(\.data), history, start)
        }
        let (quiet, synchronized) = (try run(progressOnly: true), try run(progressOnly: false))
        #expect(quiet.seen == [Float](repeating: quiet.start, count: 5))
        #expect(Set(synchronized.seen).count == 5)
        #expect(quiet.weights == synchronized.weights && quiet.weights[0] != quiet.start)
        #expect(quiet.history.epochs == synchronized.history.epochs)
        #expect(quiet.history.stopReason == .requested(epoch: 1, batch: 5))
    }

    @Test func aLearningRateMadeInvalidMidFitThrowsBeforeTheNextStepOnBothPaths() throws {
        func run(dense: Bool) throws -> (String, [Float]) {
            var rng = RandomGenerator(seed: 5)
            let data = try Dataset.spiral(pointsPerClass: 20, classes: 3, using: &rng)
            let model = Sequential([try Self.linear(2, 16, &rng), ReLU(), try Self.linear(16, 3, &rng)])
            let sgd = try SGD(learningRate: 0.5)
            var options = try TrainingOptions(epochs: 2, batchSize: 10, loss: SoftmaxCrossEntropy(), optimizer: sgd)
            options.allowsDenseSteps = dense
            var batches = 0
            let error = #expect(throws: EngineError.self) {
                try model.fit(data, options: options, using: &rng, onBatch: { _ in
                    batches += 1
                    if batches == 3 { sgd.learningRate = -1 }
                    return .proceed
                })
            }
            return ("\(error.map { "\($0)" } ?? "no error")", model.parameters.flatMap(\.data))
        }
        let (fused, layered) = (try run(dense: true), try run(dense: false))
        #expect(fused.0.contains("lr") && fused.0 == layered.0)
        #expect(fused.1 == layered.1)
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
        #expect(try stack([try Self.linear(2, 3, &rng), Flatten()]) == nil)  // elementwise, but not an activation
        #expect(try stack([try Self.linear(2, 3, &rng), try Dropout(rate: 0.5, using: &rng)]) == nil)
        #expect(try stack([try Self.linear(2, 8, &rng), try BatchNorm1d(features: 8)]) == nil)
        #expect(try stack([try Self.linear(3, 3, &rng)]) == nil)  // the sample is 2 wide
    }
}
