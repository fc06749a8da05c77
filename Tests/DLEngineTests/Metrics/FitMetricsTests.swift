import Testing
@testable import DLEngine

/// `fit` with `metrics`: the figures are accumulated over each epoch's batches on every step (fused dense,
/// layer kernels, autodiff) and agree between them; with a learning rate of 0 (weights fixed) they equal
/// the metrics of the whole data set; validation data gets `val_` versions; value targets are refused.
@Suite struct FitMetricsTests {
    static let metrics: [ClassificationMetric] = [.score(.precision, .macro), .topK(2), .score(.f1, .weighted), .accuracy]

    static func fit(lr: Float = 0.5, buffered: Bool = true, dense: Bool = true, dropout: Bool = false,
                    validation: Bool = true) throws -> (Sequential, Dataset, Dataset, History) {
        var rng = RandomGenerator(seed: 11)
        let all = try Dataset.spiral(pointsPerClass: 40, classes: 3, using: &rng)
        let (train, held) = try all.split(trainFraction: 0.75, using: &rng)
        var layers: [any Layer] = [try Linear(inputSize: 2, outputSize: 24, using: &rng), ReLU()]
        if dropout { layers.append(try Dropout(rate: 0.2, using: &rng)) }
        layers.append(try Linear(inputSize: 24, outputSize: 3, using: &rng))
        let model = Sequential(layers)
        var options = try TrainingOptions(epochs: 4, batchSize: 16, loss: SoftmaxCrossEntropy(),
                                          optimizer: try SGD(learningRate: lr), validation: validation ? .data(held) : nil)
        options.metrics = metrics
        options.allowsBufferedSteps = buffered
        options.allowsDenseSteps = dense
        let history = try model.fit(train, options: options, using: &rng)
        return (model, train, held, history)
    }

    @Test func namesInOrderWithValidationVersions() throws {
        let (_, _, _, history) = try Self.fit()
        // accuracy is always recorded in EpochRecord.accuracy, so asking for it adds nothing.
        #expect(history.last?.metrics.map(\.name) == ["precision", "top2", "f1_weighted", "val_precision", "val_top2", "val_f1_weighted"])
        #expect(history.epochs.count == 4)
    }

    @Test func everyStepGivesTheSameFigures() throws {
        let dense = try Self.fit(buffered: true, dense: true, dropout: false)
        let kernels = try Self.fit(buffered: true, dense: false, dropout: false)
        let autodiff = try Self.fit(buffered: false)
        #expect(dense.3.step == .fusedDense)
        #expect(kernels.3.step == .layerKernels(fused: []))
        for other in [kernels.3, autodiff.3] {
            for (a, b) in zip(dense.3.epochs, other.epochs) {
                #expect(a.metrics.map(\.name) == b.metrics.map(\.name))
                #expect(allClose(a.metrics.map(\.value), b.metrics.map(\.value)), "\(a.metrics) \(b.metrics)")
            }
        }
    }

    /// With lr = 0 the weights never move, so the figures accumulated over an epoch's batches are those of
    /// the whole training set, and the validation figures those of the held-out set.
    @Test func fixedWeightsGiveTheWholeDataSetsFigures() throws {
        for buffered in [true, false] {
            let (model, train, held, history) = try Self.fit(lr: 0, buffered: buffered)
            let figures = try #require(history.last?.metrics)
            let m = try model.confusionMatrix(train), v = try model.confusionMatrix(held)
            let expected: [Double] = [
                m.score(.precision, average: .macro), try model.topKAccuracy(train, k: 2), m.score(.f1, average: .weighted),
                v.score(.precision, average: .macro), try model.topKAccuracy(held, k: 2), v.score(.f1, average: .weighted),
            ]
            #expect(zip(figures.map(\.value), expected).allSatisfy { isClose($0, $1) }, "\(figures) \(expected)")
        }
    }

    @Test func withoutMetricsNothingIsRecorded() throws {
        var rng = RandomGenerator(seed: 2)
        let data = try Dataset.spiral(pointsPerClass: 10, classes: 3, using: &rng)
        let model = Sequential([try Linear(inputSize: 2, outputSize: 3, using: &rng)])
        let history = try model.fit(data, options: try TrainingOptions(epochs: 2, loss: SoftmaxCrossEntropy(), optimizer: SGD(learningRate: 0.1)), using: &rng)
        #expect(history.epochs.allSatisfy { $0.metrics.isEmpty })
    }

    @Test func refusedForValueTargetsAndImpossibleK() throws {
        var rng = RandomGenerator(seed: 3)
        let model = Sequential([try Linear(inputSize: 2, outputSize: 3, using: &rng)])
        let values = try Dataset(inputs: try Tensor.randomNormal([8, 2], using: &rng), targets: .values(try Tensor.randomNormal([8, 3], using: &rng)))
        var options = try TrainingOptions(epochs: 1, loss: MeanSquaredError(), optimizer: SGD(learningRate: 0.1))
        options.metrics = [.score(.precision, .macro)]
        #expect(throws: EngineError.invalidArgument("metrics: precision need class labels; this data set's targets are values")) {
            try model.fit(values, options: options, using: &rng)
        }
        let data = try Dataset.spiral(pointsPerClass: 4, classes: 3, using: &rng)
        options.loss = SoftmaxCrossEntropy()
        options.metrics = [.topK(4)]
        #expect(throws: EngineError.invalidArgument("metrics: top4: k must be between 1 and the number of classes (3); got k=4")) {
            try model.fit(data, options: options, using: &rng)
        }
    }
}
