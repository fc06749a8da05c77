import Testing
@testable import DLEngine

/// The planner of the one training step (`Training/BufferedModel.swift`): it fuses every run of dense
/// layers it finds in the op sequence (``DenseStack``), not only a model that is one such run, and the
/// fused runs train to the same bits as the layer kernels, with the resident optimizer inside the runs
/// and the optimizer's `step` on the other layers' tensors; the autodiff step agrees to rounding.
@Suite struct FusedRunTests {
    enum Step { case fused, layers, autodiff }

    struct Outcome: Equatable {
        var losses: [Float] = []
        var weights: [Float] = []
        var gradients: [Float] = []
    }

    /// Trains `layers` for 3 epochs on 6-feature data with 3 classes (40 samples, batches of 16: a partial
    /// last batch) on `step`, and checks the plan: the spans fused when `step` is `.fused`.
    static func fit(_ step: Step, fusedSpans: [Range<Int>] = [], l2: Float = 0,
                    optimizer: () throws -> any Optimizer,
                    layers: (inout RandomGenerator) throws -> [any Layer]) throws -> Outcome {
        var rng = RandomGenerator(seed: 21)
        let inputs = try Tensor.randomNormal([40, 6], using: &rng)
        let labels = (0 ..< 40).map { _ in rng.integer(below: 3) }
        let data = try Dataset(inputs: inputs, targets: .classes(labels, classCount: 3))
        let model = Sequential(try layers(&rng))
        var options = try TrainingOptions(epochs: 3, batchSize: 16, loss: SoftmaxCrossEntropy(), optimizer: optimizer(),
                                          regularizer: try Regularizer(l2: l2))
        options.allowsDenseSteps = step == .fused
        options.allowsBufferedSteps = step != .autodiff
        if step != .autodiff {
            let training = try #require(try BufferedTraining(model, data: data, options: options, batchCapacity: 16))
            let fused = zip(training.model.kernels, training.model.spans).filter { $0.0 is DenseStack }.map(\.1)
            #expect(fused == (step == .fused ? fusedSpans : []))
        }
        let history = try model.fit(data, options: options, using: &rng)
        let fused = fusedSpans.map { $0.lowerBound + 1 ... $0.upperBound }
        #expect(history.step == (step == .autodiff ? history.step : .layerKernels(fused: step == .fused ? fused : [])))
        return Outcome(losses: history.epochs.map(\.loss), weights: model.parameters.flatMap(\.data),
                       gradients: model.parameters.flatMap { $0.grad?.data ?? [] })
    }

    /// A run at the start, a layer of another kind, then a run that must pass ∂x back to it.
    static func runsAroundDropout(_ rng: inout RandomGenerator) throws -> [any Layer] {
        [try Linear(inputSize: 6, outputSize: 8, using: &rng), ReLU(), try Dropout(rate: 0.25, using: &rng),
         try Linear(inputSize: 8, outputSize: 5, using: &rng), Tanh(), try Linear(inputSize: 5, outputSize: 3, using: &rng)]
    }

    /// A layer of another kind first, then one run to the end (the scores class-major for the loss).
    static func runAfterBatchNorm(_ rng: inout RandomGenerator) throws -> [any Layer] {
        [try BatchNorm1d(features: 6), try Linear(inputSize: 6, outputSize: 7, using: &rng), GELU(),
         try Linear(inputSize: 7, outputSize: 3, using: &rng)]
    }

    static var optimizers: [(String, () throws -> any Optimizer)] { [
        ("sgd momentum", { try SGD(learningRate: 0.2, momentum: 0.9) }),
        ("adam", { try Adam(learningRate: 0.01) }),
    ] }

    @Test(arguments: [0, 1], [Float(0), 0.01])
    func runsAroundAnotherLayerTrainAsTheLayerKernels(_ optimizerIndex: Int, _ l2: Float) throws {
        let optimizer = Self.optimizers[optimizerIndex].1
        let fused = try Self.fit(.fused, fusedSpans: [0 ..< 2, 3 ..< 6], l2: l2, optimizer: optimizer,
                                 layers: Self.runsAroundDropout)
        let layered = try Self.fit(.layers, l2: l2, optimizer: optimizer, layers: Self.runsAroundDropout)
        let autodiff = try Self.fit(.autodiff, l2: l2, optimizer: optimizer, layers: Self.runsAroundDropout)
        #expect(fused == layered, "\(Self.optimizers[optimizerIndex].0) l2 \(l2)")
        #expect(fused.weights.count == 6 * 8 + 8 + 8 * 5 + 5 + 5 * 3 + 3)
        #expect(allClose(fused.weights, autodiff.weights, relative: 1e-4, absolute: 1e-5))
        #expect(allClose(fused.losses, autodiff.losses, relative: 1e-5))
    }

    @Test(arguments: [0, 1])
    func aRunAfterBatchNormTrainsAsTheLayerKernels(_ optimizerIndex: Int) throws {
        let optimizer = Self.optimizers[optimizerIndex].1
        let fused = try Self.fit(.fused, fusedSpans: [1 ..< 4], optimizer: optimizer, layers: Self.runAfterBatchNorm)
        let layered = try Self.fit(.layers, optimizer: optimizer, layers: Self.runAfterBatchNorm)
        let autodiff = try Self.fit(.autodiff, optimizer: optimizer, layers: Self.runAfterBatchNorm)
        #expect(fused == layered)
        // BatchNorm's γ and β come first: they learn only through the run's ∂x.
        #expect(fused.weights[0 ..< 6] != [Float](repeating: 1, count: 6)[...])
        #expect(allClose(fused.weights, autodiff.weights, relative: 1e-4, absolute: 1e-5))
    }

    @Test func theRunsStopWhereTheOpSequenceStopsFitting() {
        var rng = RandomGenerator(seed: 3)
        let layers: [any Layer] = [try! Linear(inputSize: 4, outputSize: 300, using: &rng), ReLU(),
                                   try! Linear(inputSize: 300, outputSize: 8, using: &rng), ReLU(), Tanh(),
                                   try! Linear(inputSize: 8, outputSize: 2, using: &rng)]
        #expect(DenseStack.runLength(of: layers[...], from: 0, inputs: 4) == 0)  // 300 wide
        #expect(DenseStack.runLength(of: layers[...], from: 2, inputs: 4) == 0)  // expects 4 inputs
        #expect(DenseStack.runLength(of: layers[...], from: 2, inputs: 300) == 0)  // 300 inputs
        #expect(DenseStack.runLength(of: layers[...], from: 5, inputs: 8) == 1)
        #expect(DenseStack.runLength(of: layers[...], from: 4, inputs: 8) == 0)  // an activation first
        let narrow: [any Layer] = [try! Linear(inputSize: 4, outputSize: 8, using: &rng), ReLU(), Tanh()]
        #expect(DenseStack.runLength(of: narrow[...], from: 0, inputs: 4) == 2)  // one activation per Linear
    }
}

extension FusedRunTests {
    @Test func checkpointsKeepWhichLayersRanFused() throws {
        let step = TrainingStep.layerKernels(fused: [1 ... 2, 4 ... 6])
        #expect(try TrainingStep(checkpointEntry: step.checkpointEntry(), path: "c") == step)
        #expect(step.description == "layer-kernel step (layers 1-2, layers 4-6 fused)")
        #expect(TrainingStep.layerKernels(fused: [4 ... 4]).description == "layer-kernel step (layer 4 fused)")
        // Written before the runs were recorded: no list, nothing fused.
        #expect(try TrainingStep(checkpointEntry: ["kind": "layer_kernels"], path: "c") == .layerKernels(fused: []))
        #expect(throws: EngineError.self) { try TrainingStep(checkpointEntry: ["kind": "layer_kernels", "fused": [[3, 1]]], path: "c") }
    }
}
