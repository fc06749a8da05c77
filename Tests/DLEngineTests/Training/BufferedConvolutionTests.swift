import Testing
@testable import DLEngine

/// The buffered training step on convolutional models (Conv2D, MaxPool2D, AvgPool2D, BatchNorm2d)
/// against the autodiff step: the same history and weights to the bit, since both run the same
/// passes (`ConvolutionPasses`, `PoolingPasses`, the batch-norm arithmetic) in the same order.
@Suite struct BufferedConvolutionTests {
    /// Fits a model made from `seed` on 45 random `[1, 8, 8]` images of 3 classes with batches of 20
    /// (the last one partial: 45 = 2 · 20 + 5), on the buffered step or not; the epoch losses and
    /// accuracies, the parameters, and the batch norms' running statistics.
    static func fit(buffered: Bool, optimizer: () throws -> any Optimizer,
                    layers: (inout RandomGenerator) throws -> [any Layer]) throws -> (history: [Float], weights: [Float]) {
        var rng = RandomGenerator(seed: 23)
        let inputs = try Tensor.randomNormal([45, 1, 8, 8], using: &rng)
        let data = try Dataset(inputs: inputs, targets: .classes((0 ..< 45).map { ($0 * 7) % 3 }, classCount: 3))
        let model = Sequential(try layers(&rng))
        var options = try TrainingOptions(epochs: 3, batchSize: 20, loss: SoftmaxCrossEntropy(), optimizer: optimizer())
        options.allowsBufferedSteps = buffered
        #expect((try BufferedTraining(model, data: data, options: options, batchCapacity: 20) != nil) == buffered)
        let history = try model.fit(data, options: options, using: &rng)
        let statistics = model.layers.compactMap { $0 as? BatchNorm2d }.flatMap { $0.runningMean.data + $0.runningVar.data }
        return (history.epochs.flatMap { [$0.loss, $0.accuracy ?? -1] },
                model.parameters.flatMap(\.data) + statistics)
    }

    /// Conv (padding 1) → BatchNorm2d → ReLU → MaxPool 2 → conv (dilation 2, padding 2) → AvgPool
    /// (kernel 2, stride 1, padding 1) → Flatten → Linear.
    static func paddedAndDilated(_ rng: inout RandomGenerator) throws -> [any Layer] {
        [try Conv2D(inputChannels: 1, outputChannels: 4, kernelSize: 3, padding: 1, using: &rng),
         try BatchNorm2d(channels: 4), ReLU(), try MaxPool2D(kernelSize: 2),                      // [4, 4, 4]
         try Conv2D(inputChannels: 4, outputChannels: 6, kernelSize: 3, padding: 2, dilation: 2, using: &rng),
         Tanh(), try AvgPool2D(kernelSize: 2, stride: 1, padding: 1),                                // [6, 5, 5]
         Flatten(), try Linear(inputSize: 150, outputSize: 3, using: &rng)]
    }

    /// Strided conv without bias → overlapping max pool with padding → Flatten → Linear.
    static func strided(_ rng: inout RandomGenerator) throws -> [any Layer] {
        [try Conv2D(inputChannels: 1, outputChannels: 3, kernelSize: 3, stride: 2, bias: false, using: &rng),  // [3, 3, 3]
         ReLU(), try MaxPool2D(kernelSize: 3, stride: 1, padding: 1), try AvgPool2D(kernelSize: 1),
         Flatten(), try Linear(inputSize: 27, outputSize: 3, using: &rng)]
    }

    @Test func convolutionalModelsGiveTheSameHistoryAndWeightsToTheBit() throws {
        let optimizers: [() throws -> any Optimizer] = [
            { try SGD(learningRate: 0.05, momentum: 0.9) }, { try Adam(learningRate: 0.01) },
        ]
        for layers in [Self.paddedAndDilated, Self.strided] {
            for optimizer in optimizers {
                let fast = try Self.fit(buffered: true, optimizer: optimizer, layers: layers)
                let slow = try Self.fit(buffered: false, optimizer: optimizer, layers: layers)
                #expect(fast.history == slow.history)
                #expect(fast.weights == slow.weights)
            }
        }
    }

    @Test func predictOnBuffersGivesTheLayersOutputs() throws {
        var rng = RandomGenerator(seed: 29)
        let model = Sequential(try Self.paddedAndDilated(&rng))
        let inputs = try Tensor.randomNormal([21, 1, 8, 8], using: &rng)
        let buffered = try #require(try model.bufferedPredict(inputs, batchSize: 8))  // 8 + 8 + 5
        model.isTraining = false
        let direct = try withoutGradient { try model(inputs) }
        #expect(buffered.shape == [21, 3])
        #expect(buffered.data == direct.data)
    }

    @Test func batchNorm2dWithOneValuePerChannelFailsTheSameWayOnBothSteps() throws {
        func error(buffered: Bool) throws -> String? {
            var rng = RandomGenerator(seed: 31)
            let data = try Dataset(inputs: Tensor.randomNormal([21, 1, 1, 1], using: &rng),
                                   targets: .classes((0 ..< 21).map { $0 % 3 }, classCount: 3))
            let model = Sequential([try Conv2D(inputChannels: 1, outputChannels: 3, kernelSize: 1, using: &rng),
                                    try BatchNorm2d(channels: 3), Flatten()])
            var options = try TrainingOptions(epochs: 1, batchSize: 20, loss: SoftmaxCrossEntropy(), optimizer: SGD())
            options.allowsBufferedSteps = buffered
            return #expect(throws: EngineError.self) { try model.fit(data, options: options, using: &rng) }?.description
        }
        let message = try error(buffered: true)
        let slow = try error(buffered: false)
        #expect(message == slow, "\(message ?? "-") | \(slow ?? "-")")
        #expect(message?.contains("at least 2 values per channel") == true)
    }
}
