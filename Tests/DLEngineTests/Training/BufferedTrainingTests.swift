import Testing
@testable import DLEngine

/// The buffered training step (`Training/`) against the autodiff step it replaces: same loss history,
/// same weights, same random numbers drawn; the fallback for what it does not cover; and the fit's
/// promises (NaN stop, callback stop) on both.
@Suite struct BufferedTrainingTests {
    /// What a fit leaves behind, for comparing the two steps.
    struct Outcome {
        var history: History
        var weights: [Float]
        /// The next number of every Dropout layer's generator: equal when both drew the same masks.
        var dropoutDraws: [UInt64]
    }

    /// Builds a model from `seed` with `layers`, fits it on spiral data (`count` samples per class: 3 ×
    /// 35 = 105 samples, so batches of 20 leave a partial last one) with the buffered step allowed or not.
    static func fit(buffered: Bool, seed: UInt64 = 7, epochs: Int = 6, batchSize: Int = 20,
                    optimizer: () throws -> any Optimizer = { try SGD(learningRate: 1.0, weightDecay: 0.001) },
                    layers: (inout RandomGenerator) throws -> [any Layer],
                    onBatch: ((TrainingProgress) -> TrainingControl)? = nil) throws -> Outcome {
        var rng = RandomGenerator(seed: seed)
        let data = try Dataset.spiral(pointsPerClass: 35, classes: 3, using: &rng)
        let model = Sequential(try layers(&rng))
        var options = try TrainingOptions(epochs: epochs, batchSize: batchSize, loss: SoftmaxCrossEntropy(),
                                          optimizer: optimizer())
        options.allowsBufferedSteps = buffered
        #expect((try BufferedTraining(model, data: data, options: options, batchCapacity: batchSize) != nil) == buffered)
        let history = try model.fit(data, options: options, using: &rng, onBatch: onBatch)
        let draws = model.layers.compactMap { ($0 as? Dropout)?.generator ?? ($0 as? DropConnect)?.generator }.map(peek)
        return Outcome(history: history, weights: model.parameters.flatMap(\.data), dropoutDraws: draws)
    }

    /// The generator's next number, without advancing it.
    static func peek(_ generator: RandomGenerator) -> UInt64 {
        var copy = generator
        return copy.next()
    }

    /// Equal histories (losses and accuracies within `relative`) and weights, and the same draws. (Today
    /// the two steps agree to the bit, as both run the same products and the same float operations in
    /// the same order; the tolerance leaves room for a kernel that sums in another order.)
    static func expectSame(_ a: Outcome, _ b: Outcome, relative: Double = 1e-5,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.history.epochs.count == b.history.epochs.count, sourceLocation: sourceLocation)
        #expect(a.history.stopReason == b.history.stopReason, sourceLocation: sourceLocation)
        for (x, y) in zip(a.history.epochs, b.history.epochs) {
            #expect(isClose(x.loss, Double(y.loss), relative: relative), "\(x) \(y)", sourceLocation: sourceLocation)
            #expect(x.accuracy == y.accuracy && x.isComplete == y.isComplete, sourceLocation: sourceLocation)
        }
        #expect(allClose(a.weights, b.weights, relative: relative, absolute: 1e-6), sourceLocation: sourceLocation)
        #expect(a.dropoutDraws == b.dropoutDraws, sourceLocation: sourceLocation)
    }

    static func spiralNet(_ rng: inout RandomGenerator) throws -> [any Layer] {
        [try Linear(inputSize: 2, outputSize: 100, weightInitializer: .small, using: &rng), ReLU(),
         try Linear(inputSize: 100, outputSize: 3, weightInitializer: .small, using: &rng)]
    }

    /// Every covered layer at once, with the last batch partial (105 = 5 · 20 + 5).
    static func everyLayer(_ rng: inout RandomGenerator) throws -> [any Layer] {
        [Flatten(), try Linear(inputSize: 2, outputSize: 16, using: &rng), try BatchNorm1d(features: 16), Tanh(),
         try Dropout(rate: 0.25, using: &rng), try Linear(inputSize: 16, outputSize: 12, using: &rng),
         try LeakyReLU(slope: 0.1), try Linear(inputSize: 12, outputSize: 8, bias: false, using: &rng), Sigmoid(),
         try DropConnect(inputSize: 8, outputSize: 6, rate: 0.3, using: &rng),
         try Linear(inputSize: 6, outputSize: 3, using: &rng)]
    }

    @Test func theArticlesSpiralGivesTheSameHistoryAndWeights() throws {
        Self.expectSame(try Self.fit(buffered: true, layers: Self.spiralNet),
                        try Self.fit(buffered: false, layers: Self.spiralNet))
    }

    @Test func everyLayerAndOptimizerGivesTheSameHistoryAndWeights() throws {
        let optimizers: [() throws -> any Optimizer] = [
            { try SGD(learningRate: 0.5, momentum: 0.9, nesterov: true) }, { try Adam(learningRate: 0.01) },
            { try RMSProp(learningRate: 0.01) },
        ]
        for optimizer in optimizers {
            Self.expectSame(try Self.fit(buffered: true, optimizer: optimizer, layers: Self.everyLayer),
                            try Self.fit(buffered: false, optimizer: optimizer, layers: Self.everyLayer))
        }
    }

    @Test func sameSeedSameBitsEveryRun() throws {
        let first = try Self.fit(buffered: true, layers: Self.everyLayer)
        let second = try Self.fit(buffered: true, layers: Self.everyLayer)
        #expect(first.weights == second.weights)
        #expect(first.history.epochs == second.history.epochs)
    }

    @Test func unsupportedModelsAndOptionsFallBackAndStillTrain() throws {
        var rng = RandomGenerator(seed: 3)
        let data = try Dataset.spiral(pointsPerClass: 30, classes: 3, using: &rng)
        let plain = try TrainingOptions(epochs: 30, batchSize: 10, loss: SoftmaxCrossEntropy(), optimizer: Adam(learningRate: 0.02))
        final class Custom: Layer {
            var isTraining = true
            var name: String { "Custom" }
            var description: String { "Custom()" }
            func callAsFunction(_ input: Tensor) throws -> Tensor { try input * 2 }
            func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
        }
        let withCustom = Sequential([try Linear(inputSize: 2, outputSize: 32, using: &rng), Custom(), ReLU(),
                                     try Linear(inputSize: 32, outputSize: 3, using: &rng)])
        #expect(try BufferedTraining(withCustom, data: data, options: plain, batchCapacity: 10) == nil)
        let history = try withCustom.fit(data, options: plain, using: &rng)
        #expect(history.last!.loss < history.epochs[0].loss)
        #expect(history.step == .autodiff(reason: "Custom has no training kernel"))

        let dense = Sequential(try Self.spiralNet(&rng))
        #expect(try BufferedTraining(dense, data: data, options: plain, batchCapacity: 10) != nil)
        // Soft targets take the autodiff loss, and so do frozen parameters.
        let soft = try Dataset(inputs: data.inputs, targets: .values(Tensor.full([90, 3], value: 1.0 / 3)))
        #expect(try BufferedTraining(dense, data: soft, options: plain, batchCapacity: 10) == nil)
        // A layer used twice gets the sum of two gradients, which only the autodiff step forms.
        let shared = try Linear(inputSize: 3, outputSize: 3, using: &rng)
        let twice = Sequential([try Linear(inputSize: 2, outputSize: 3, using: &rng), shared, Tanh(), shared])
        #expect(try BufferedTraining(twice, data: data, options: plain, batchCapacity: 10) == nil)
        // Without gradient recording both report the same error.
        #expect(throws: EngineError.self) { try withoutGradient { try dense.fit(data, options: plain, using: &rng) } }
        dense.parameters[0].requiresGrad = false
        #expect(try BufferedTraining(dense, data: data, options: plain, batchCapacity: 10) == nil)
    }

    @Test func penaltiesPerModelAndPerLayerTrainOnTheFastStepsAsOnAutodiff() throws {
        // L1 and L2, model-wide and per layer (both on one layer: their coefficients add), on the fused
        // dense step (resident SGD and Adam), the layer-by-layer step and autodiff: the same histories and
        // weights to float rounding (the penalty's sums may be added in another order).
        func fit(_ step: String, penalized: Bool = true, optimizer: () throws -> any Optimizer) throws -> Outcome {
            var rng = RandomGenerator(seed: 9)
            let data = try Dataset.spiral(pointsPerClass: 35, classes: 3, using: &rng)
            let model = Sequential()
            let (scale, none) = (Float(penalized ? 1 : 0), Regularizer.none)
            try model.add(try Linear(inputSize: 2, outputSize: 24, using: &rng),
                          regularizer: penalized ? try Regularizer(l1: 0.002) : none)
            try model.add(Tanh())
            try model.add(try Linear(inputSize: 24, outputSize: 3, using: &rng),
                          regularizer: penalized ? try Regularizer(l2: 0.003) : none)
            var options = try TrainingOptions(epochs: 5, batchSize: 20, loss: SoftmaxCrossEntropy(), optimizer: optimizer(),
                                              regularizer: try Regularizer(l1: 0.001 * scale, l2: 0.002 * scale))
            options.allowsBufferedSteps = step != "autodiff"
            options.allowsDenseSteps = step == "dense"
            let training = try BufferedTraining(model, data: data, options: options, batchCapacity: 20)
            #expect((training == nil) == (step == "autodiff"))
            #expect((training?.model.kernels.first is DenseStack) == (step == "dense"))
            let history = try model.fit(data, options: options, using: &rng)
            return Outcome(history: history, weights: model.parameters.flatMap(\.data), dropoutDraws: [])
        }
        let optimizers: [() throws -> any Optimizer] = [
            { try SGD(learningRate: 0.3, momentum: 0.9) }, { try Adam(learningRate: 0.01) },
        ]
        for optimizer in optimizers {
            let reference = try fit("autodiff", optimizer: optimizer)
            Self.expectSame(try fit("dense", optimizer: optimizer), reference, relative: 1e-4)
            Self.expectSame(try fit("layers", optimizer: optimizer), reference, relative: 1e-4)
            // The penalty is really applied: without it the fast step's weights end elsewhere.
            let unpenalized = try fit("dense", penalized: false, optimizer: optimizer)
            #expect(!allClose(unpenalized.weights, reference.weights, relative: 1e-3, absolute: 1e-4))
        }
    }

    @Test func theHistoryNamesTheStepAndWhyAFitTookAutodiff() throws {
        var rng = RandomGenerator(seed: 4)
        let data = try Dataset.spiral(pointsPerClass: 10, classes: 3, using: &rng)
        let options = try TrainingOptions(epochs: 1, batchSize: 10, loss: SoftmaxCrossEntropy(), optimizer: SGD())
        func step(_ layers: [any Layer], _ options: TrainingOptions = options) throws -> TrainingStep? {
            try Sequential(layers).fit(data, options: options, using: &rng).step
        }
        #expect(try step(Self.spiralNet(&rng)) == .fusedDense)
        #expect(try step([try Linear(inputSize: 2, outputSize: 3, using: &rng), try BatchNorm1d(features: 3)]) == .layerKernels(fused: [1 ... 1]))
        #expect(try step([try DropConnect(inputSize: 2, outputSize: 3, rate: 0.1, using: &rng)]) == .layerKernels(fused: []))
        let shared = try Linear(inputSize: 3, outputSize: 3, using: &rng)
        #expect(try step([try Linear(inputSize: 2, outputSize: 3, using: &rng), shared, shared])
                == .autodiff(reason: "a layer is used more than once"))
        var zero = options
        zero.epochs = 0
        #expect(try step(Self.spiralNet(&rng), zero) == nil)
    }

    @Test func thePlannedStepIsTheStepFitTakesAndChangesNothing() throws {
        var rng = RandomGenerator(seed: 6)
        let data = try Dataset.spiral(pointsPerClass: 10, classes: 3, using: &rng)
        let soft = try Dataset(inputs: data.inputs, targets: .values(Tensor.full([30, 3], value: 1.0 / 3)))
        let shared = try Linear(inputSize: 3, outputSize: 3, using: &rng)
        let models: [(Sequential, Dataset, TrainingStep)] = [
            (Sequential(try Self.spiralNet(&rng)), data, .fusedDense),
            (Sequential([try Linear(inputSize: 2, outputSize: 8, using: &rng), GELU(),
                         try Linear(inputSize: 8, outputSize: 3, using: &rng)]), data, .fusedDense),
            (Sequential([try Linear(inputSize: 2, outputSize: 3, using: &rng), try BatchNorm1d(features: 3)]), data, .layerKernels(fused: [1 ... 1])),
            (Sequential([try Linear(inputSize: 2, outputSize: 3, using: &rng), shared, shared]), data,
             .autodiff(reason: "a layer is used more than once")),
            (Sequential(try Self.spiralNet(&rng)), soft, .autodiff(reason: "the loss softmax_ce takes these targets on autodiff only")),
        ]
        for (model, data, expected) in models {
            let before = model.parameters.map(\.data)
            let planned = try model.plannedStep(for: data, loss: SoftmaxCrossEntropy(), batchSize: 10)
            #expect(planned == expected)
            #expect(model.parameters.map(\.data) == before)
            let options = try TrainingOptions(epochs: 1, batchSize: 10, loss: SoftmaxCrossEntropy(), optimizer: SGD())
            #expect(try model.fit(data, options: options, using: &rng).step == planned)
        }
        #expect(throws: EngineError.self) { try Sequential().plannedStep(for: data, loss: SoftmaxCrossEntropy()) }
    }

    @Test func softmaxLayerHingeAndBinaryCrossEntropyTrainOnTheFastStepAsOnAutodiff() throws {
        // The Softmax layer (MSE on probabilities), the multiclass hinge and BCE (one logit, labels 0/1;
        // and soft value targets): the kernels run the autodiff losses' own passes.
        func fit(buffered: Bool, loss: any Loss, classes: Int, outputs: Int, softmax: Bool,
                 soft: Bool = false) throws -> Outcome {
            var rng = RandomGenerator(seed: 12)
            var data = try Dataset.spiral(pointsPerClass: 35, classes: classes, using: &rng)
            if soft {
                let values = try Tensor.randomUniform([data.count, outputs], low: 0, high: 1, using: &rng)
                data = try Dataset(inputs: data.inputs, targets: .values(values))
            }
            var layers: [any Layer] = [try Linear(inputSize: 2, outputSize: 16, using: &rng), Tanh(),
                                       try Linear(inputSize: 16, outputSize: outputs, using: &rng)]
            if softmax { layers.append(Softmax()) }
            let model = Sequential(layers)
            var options = try TrainingOptions(epochs: 4, batchSize: 20, loss: loss,
                                              optimizer: try SGD(learningRate: 0.3, momentum: 0.5))
            options.allowsBufferedSteps = buffered
            let history = try model.fit(data, options: options, using: &rng)
            #expect(buffered ? history.step != nil && history.step != .autodiff(reason: "asked for") : true)
            if buffered, case .autodiff(let why)? = history.step { Issue.record("took autodiff: \(why)") }
            return Outcome(history: history, weights: model.parameters.flatMap(\.data), dropoutDraws: [])
        }
        let cases: [(any Loss, Int, Int, Bool, Bool)] = [
            (MeanSquaredError(), 3, 3, true, false), (try MulticlassHinge(), 3, 3, false, false),
            (try MulticlassHinge(margin: 0.5), 3, 3, true, false), (BinaryCrossEntropy(), 2, 1, false, false),
            (BinaryCrossEntropy(), 2, 2, false, true),
        ]
        for (loss, classes, outputs, softmax, soft) in cases {
            Self.expectSame(try fit(buffered: true, loss: loss, classes: classes, outputs: outputs, softmax: softmax, soft: soft),
                            try fit(buffered: false, loss: loss, classes: classes, outputs: outputs, softmax: softmax, soft: soft))
        }
    }

    @Test func dropoutTrainsInTrainingModeAndPredictsInEvaluation() throws {
        var rng = RandomGenerator(seed: 5)
        let data = try Dataset.spiral(pointsPerClass: 20, classes: 3, using: &rng)
        let model = Sequential([try Linear(inputSize: 2, outputSize: 8, using: &rng), try Dropout(rate: 0.5, using: &rng),
                                try Linear(inputSize: 8, outputSize: 3, using: &rng)])
        model.isTraining = false
        let options = try TrainingOptions(epochs: 2, batchSize: 7, loss: SoftmaxCrossEntropy(), optimizer: SGD())
        let dropout = model.layers[1] as! Dropout
        let before = Self.peek(dropout.generator)
        try model.fit(data, options: options, using: &rng)
        #expect(Self.peek(dropout.generator) != before)  // masks were drawn: the fit ran in training mode
        #expect(!model.isTraining && !dropout.isTraining)  // and the mode was restored
        let after = Self.peek(dropout.generator)
        #expect(try model.predict(data.inputs).data == model.predict(data.inputs).data)
        #expect(Self.peek(dropout.generator) == after)  // evaluation draws nothing
    }

    @Test func aNonFiniteLossStopsBothStepsTheSameWay() throws {
        for buffered in [true, false] {
            let outcome = try Self.fit(buffered: buffered, optimizer: { try SGD(learningRate: 1e30) }, layers: Self.spiralNet)
            guard case .nonFiniteLoss? = outcome.history.stopReason else {
                Issue.record("expected a non-finite loss stop, got \(String(describing: outcome.history.stopReason))")
                continue
            }
            #expect(outcome.weights.allSatisfy { $0.isFinite })
        }
        Self.expectSame(try Self.fit(buffered: true, optimizer: { try SGD(learningRate: 1e30) }, layers: Self.spiralNet),
                        try Self.fit(buffered: false, optimizer: { try SGD(learningRate: 1e30) }, layers: Self.spiralNet))
    }

    @Test func theCallbackStopsBetweenBatchesKeepingWeightsAndHistory() throws {
        let stopAtThird: (TrainingProgress) -> TrainingControl = { $0.epoch == 2 && $0.batch == 3 ? .stop : .proceed }
        let fast = try Self.fit(buffered: true, layers: Self.everyLayer, onBatch: stopAtThird)
        #expect(fast.history.stopReason == .requested(epoch: 2, batch: 3))
        #expect(fast.history.epochs.count == 2 && !fast.history.epochs[1].isComplete)
        Self.expectSame(fast, try Self.fit(buffered: false, layers: Self.everyLayer, onBatch: stopAtThird))
    }

    @Test func predictOnBuffersGivesTheLayersOutputs() throws {
        var rng = RandomGenerator(seed: 11)
        let model = Sequential(try Self.everyLayer(&rng))
        let inputs = try Tensor.randomNormal([45, 2], using: &rng)
        let buffered = try #require(try model.bufferedPredict(inputs, batchSize: 16))  // 16 + 16 + 13
        model.isTraining = false
        let direct = try withoutGradient { try model(inputs) }
        #expect(buffered.shape == [45, 3])
        #expect(buffered.data == direct.data)
        #expect(try model.predict(inputs, batchSize: 16).data == direct.data)
        #expect(try model.evaluate(Dataset(inputs: inputs, targets: .classes(Array(repeating: 1, count: 45), classCount: 3)),
                                   loss: SoftmaxCrossEntropy()).loss.isFinite)
        // A layer without a buffered form, or inputs that do not fit, take the autodiff path.
        // The Softmax layer's kernel gives the autodiff layer's outputs.
        let withSoftmax = Sequential([try Linear(inputSize: 2, outputSize: 4, using: &rng), Softmax()])
        withSoftmax.isTraining = false
        #expect(try withSoftmax.bufferedPredict(inputs, batchSize: 16)?.data == (try withoutGradient { try withSoftmax(inputs) }).data)
        #expect(try model.bufferedPredict(Tensor.zeros([5, 3]), batchSize: 16) == nil)
        #expect(throws: EngineError.self) { try model.predict(Tensor.zeros([5, 3])) }
    }

    @Test func meanSquaredErrorGivesTheSameHistoryAndWeights() throws {
        func fit(buffered: Bool, classes: Bool) throws -> ([Float], [Float]) {
            var rng = RandomGenerator(seed: 13)
            let inputs = try Tensor.randomNormal([50, 4], using: &rng)
            let targets: Targets = classes
                ? .classes((0 ..< 50).map { $0 % 2 }, classCount: 2)
                : .values(try Tensor.randomNormal([50, 2], using: &rng))
            let data = try Dataset(inputs: inputs, targets: targets)
            let model = Sequential([try Linear(inputSize: 4, outputSize: 6, using: &rng), Tanh(),
                                    try Linear(inputSize: 6, outputSize: 2, using: &rng)])
            var options = try TrainingOptions(epochs: 5, batchSize: 8, loss: MeanSquaredError(),
                                              optimizer: SGD(learningRate: 0.1, momentum: 0.5))
            options.allowsBufferedSteps = buffered
            #expect((try BufferedTraining(model, data: data, options: options, batchCapacity: 8) != nil) == buffered)
            let history = try model.fit(data, options: options, using: &rng)
            return (history.epochs.map(\.loss), model.parameters.flatMap(\.data))
        }
        for classes in [false, true] {
            let (fast, slow) = (try fit(buffered: true, classes: classes), try fit(buffered: false, classes: classes))
            #expect(allClose(fast.0, slow.0, relative: 1e-5) && allClose(fast.1, slow.1, relative: 1e-5))
        }
    }

    @Test func batchNormKeepsItsRunningStatisticsAndItsOneSampleError() throws {
        // The running statistics after a fit are the same on both steps.
        func statistics(buffered: Bool) throws -> [Float] {
            var rng = RandomGenerator(seed: 17)
            let data = try Dataset.spiral(pointsPerClass: 30, classes: 3, using: &rng)
            let norm = try BatchNorm1d(features: 6, momentum: 0.2)
            let model = Sequential([try Linear(inputSize: 2, outputSize: 6, using: &rng), norm, ReLU(),
                                    try Linear(inputSize: 6, outputSize: 3, using: &rng)])
            var options = try TrainingOptions(epochs: 3, batchSize: 16, loss: SoftmaxCrossEntropy(), optimizer: Adam())
            options.allowsBufferedSteps = buffered
            try model.fit(data, options: options, using: &rng)
            return norm.runningMean.data + norm.runningVar.data + (try model.predict(data.inputs).data)
        }
        #expect(allClose(try statistics(buffered: true), try statistics(buffered: false), relative: 1e-5))
        // A last batch of one sample cannot be normalized in training: both steps say so, the same way.
        func error(buffered: Bool) throws -> String? {
            var rng = RandomGenerator(seed: 19)
            let data = try Dataset(inputs: Tensor.randomNormal([21, 2], using: &rng),
                                   targets: .classes((0 ..< 21).map { $0 % 3 }, classCount: 3))
            let model = Sequential([try Linear(inputSize: 2, outputSize: 3, using: &rng), try BatchNorm1d(features: 3)])
            var options = try TrainingOptions(epochs: 1, batchSize: 20, loss: SoftmaxCrossEntropy(), optimizer: SGD())
            options.allowsBufferedSteps = buffered
            return #expect(throws: EngineError.self) { try model.fit(data, options: options, using: &rng) }?.description
        }
        let message = try error(buffered: true)
        #expect(message == (try error(buffered: false)))
        #expect(message?.contains("at least 2 samples") == true)
    }

    @Test func bufferedAccuracyCountsTheAutodiffArgmax() throws {
        // Scores with ties, NaNs (the first NaN counts as the prediction) and infinities, 1 to 5 classes.
        var rng = RandomGenerator(seed: 8)
        let pool: [Float] = [0, 1, 1, -1, .nan, .infinity, -.infinity, 2, 0.5]
        for classes in 1 ... 5 {
            let rows = 200
            let scores = (0 ..< rows * classes).map { _ in pool[rng.integer(below: pool.count)] }
            let labels = (0 ..< rows).map { _ in rng.integer(below: Swift.max(classes, 2)) }
            let outputs = try Tensor(shape: [rows, classes], data: scores)
            let expected = try #require(Sequential.correctPredictions(outputs, .classes(labels, classCount: Swift.max(classes, 2))))
            let samples = Array(0 ..< rows)
            let counted = scores.withUnsafeBufferPointer { s in
                labels.withUnsafeBufferPointer { l in
                    samples.withUnsafeBufferPointer { Sequential.correctPredictions(s.baseAddress!, classes: classes, labels: l, samples: $0) }
                }
            }
            #expect(counted == expected.0, "\(classes) classes")
            // Class-major, 16 rows at a time (the fused dense step's layout), with junk past the rows.
            let stride = (rows + 15) / 16 * 16
            var columns = [Float](repeating: .nan, count: classes * stride + 16)
            for i in 0 ..< rows { for j in 0 ..< classes { columns[j * stride + i] = scores[i * classes + j] } }
            let countedByColumns = columns.withUnsafeBufferPointer { s in
                labels.withUnsafeBufferPointer { l in
                    samples.withUnsafeBufferPointer {
                        Sequential.correctPredictions(classMajor: s.baseAddress!, stride: stride, classes: classes,
                                                      labels: l, samples: $0)
                    }
                }
            }
            #expect(countedByColumns == expected.0, "\(classes) classes, class-major")
        }
    }
}
