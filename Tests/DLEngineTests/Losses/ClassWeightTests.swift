import Testing
@testable import DLEngine

/// Keras's `class_weight` (``ClassWeights``) on softmax_ce and bce: values and gradients against PyTorch
/// computing Keras's rule (each sample's loss times its class's weight, the mean over the batch size),
/// the fast training steps against autodiff, and the refusals.
///
/// Reference numbers: torch 2.15.0, CPU, float64, from Tests/Oracles/loss_options_torch.py, e.g.
/// `(F.cross_entropy(z, y, reduction="none") * cw[y]).mean()`. PyTorch's own `weight=` divides by the
/// weights' sum instead (0.5835688356 on the same numbers, see SoftmaxCrossEntropyOptionsTests).
@Suite struct ClassWeightTests {
    static let z: [[Float]] = [[1.0, 2.0, 0.5], [0.1, -1.0, 2.0], [3.0, 0.0, -2.0], [0.5, 0.5, 1.5]]
    static var labels: Targets { .classes([1, 2, 0, 0], classCount: 3) }
    static let weights: [Float] = [1, 2, 0.5]

    func run(_ loss: any Loss, _ z: [[Float]] = z, _ targets: Targets = labels) throws -> (Float, [Float]) {
        let t = try Tensor(z, requiresGrad: true)
        let value = try loss(t, targets)
        try value.backward()
        return (try value.item(), t.grad?.data ?? [])
    }

    @Test func softmaxCrossEntropyAsKeras() throws {
        let weighted = try ClassWeights.apply(Self.weights, to: SoftmaxCrossEntropy(), targets: Self.labels)
        let (value, grad) = try run(weighted)
        #expect(isClose(value, 0.6565149401))
        #expect(allClose(grad, [0.1156119488, -0.1857341404, 0.0701221916, 0.0155884344, 0.005188939, -0.0207773734,
                                -0.0133752194, 0.0117808541, 0.0015943652, -0.1970146106, 0.0529853894, 0.1440292212]))
        let smoothed = try ClassWeights.apply(Self.weights, to: SoftmaxCrossEntropy(labelSmoothing: 0.1), targets: Self.labels)
        let (sv, sg) = try run(smoothed)
        #expect(isClose(sv, 0.7769316067))
        #expect(allClose(sg, [0.0989452821, -0.1524008071, 0.0534555249, 0.0114217677, 0.0010222724, -0.0124440401,
                              0.0032914473, 0.0034475208, -0.0067389681, -0.1803479439, 0.0446520561, 0.1356958879]))
        let summed = try ClassWeights.apply(Self.weights, to: SoftmaxCrossEntropy(reduction: .sum), targets: Self.labels)
        #expect(isClose(try run(summed).0, 2.6260597603))
        #expect(weighted.description == "SoftmaxCrossEntropy(class_weight: [1, 2, 0.5])")
    }

    @Test func binaryCrossEntropyAsKeras() throws {
        let x: [[Float]] = [[0.3], [-1.2], [2.0], [0.0], [-0.4]]
        let labels = Targets.classes([1, 0, 1, 0, 1], classCount: 2)
        let weighted = try ClassWeights.apply([0.5, 3], to: BinaryCrossEntropy(), targets: labels)
        let (value, grad) = try run(weighted, x, labels)
        #expect(isClose(value, 1.0522220695))
        #expect(allClose(grad, [-0.2553344899, 0.0231475217, -0.0715217532, 0.05, -0.3592125961]))
    }

    /// The fast steps (fused dense and layer kernels) train with class weights as autodiff does.
    @Test func fastStepsMatchAutodiff() throws {
        let cases: [(any Loss, Int)] = [
            (try ClassWeights.apply([1, 4, 0.5], to: SoftmaxCrossEntropy(), targets: .classes([0], classCount: 3)), 3),
            (try ClassWeights.apply([2, 0.5, 1], to: SoftmaxCrossEntropy(labelSmoothing: 0.1, reduction: .sum),
                                    targets: .classes([0], classCount: 3)), 3),
            (try ClassWeights.apply([0.5, 3], to: BinaryCrossEntropy(), targets: .classes([0], classCount: 2)), 2),
        ]
        for (loss, classes) in cases {
            func fit(buffered: Bool, dense: Bool) throws -> (History, [Float]) {
                var rng = RandomGenerator(seed: 21)
                let data = try Dataset.spiral(pointsPerClass: 30, classes: classes, using: &rng)
                let model = Sequential([try Linear(inputSize: 2, outputSize: 16, using: &rng), ReLU(),
                                        try Linear(inputSize: 16, outputSize: classes == 2 ? 1 : 3, using: &rng)])
                var options = try TrainingOptions(epochs: 5, batchSize: 16, loss: loss, optimizer: try SGD(learningRate: 0.05, momentum: 0.9))
                options.allowsBufferedSteps = buffered
                options.allowsDenseSteps = dense
                let history = try model.fit(data, options: options, using: &rng)
                return (history, model.parameters.flatMap(\.data))
            }
            let autodiff = try fit(buffered: false, dense: false)
            let kernels = try fit(buffered: true, dense: false)
            let dense = try fit(buffered: true, dense: true)
            #expect(kernels.0.step == .layerKernels(fused: []), "\(loss)")
            if case .autodiff = dense.0.step { Issue.record("\(loss) trained on autodiff") }
            for other in [kernels, dense] {
                #expect(allClose(other.0.epochs.map(\.loss), autodiff.0.epochs.map(\.loss)), "\(loss)")
                #expect(allClose(other.1, autodiff.1, relative: 1e-5, absolute: 1e-6), "\(loss)")
            }
        }
    }

    @Test func refusals() throws {
        let three = Targets.classes([0, 1, 2], classCount: 3)
        #expect(throws: EngineError.invalidArgument("class_weight needs class labels; the data's targets are values (a regression has no classes)")) {
            try ClassWeights.apply([1, 2], to: MeanSquaredError(), targets: .values(try Tensor([1.0, 2.0])))
        }
        #expect(throws: EngineError.invalidArgument("class_weight has 2 values but the data has 3 classes; give one weight per class, in class order")) {
            try ClassWeights.apply([1, 2], to: SoftmaxCrossEntropy(), targets: three)
        }
        #expect(throws: EngineError.invalidArgument("class_weight must be finite numbers >= 0 (one per class); class 1 has -2.0")) {
            try ClassWeights.apply([1, -2, 1], to: SoftmaxCrossEntropy(), targets: three)
        }
        #expect(throws: EngineError.self) { try ClassWeights.apply([1, .nan, 1], to: SoftmaxCrossEntropy(), targets: three) }
        #expect(throws: EngineError.self) { try ClassWeights.apply([1, .infinity, 1], to: SoftmaxCrossEntropy(), targets: three) }
        #expect(throws: EngineError.invalidArgument("class_weight cannot be combined with softmax_ce weight=, which already weights the classes; give one of them")) {
            try ClassWeights.apply([1, 2, 1], to: SoftmaxCrossEntropy(weight: [1, 1, 1]), targets: three)
        }
        #expect(throws: EngineError.invalidArgument("class_weight works with loss=softmax_ce and loss=bce, not loss=hinge")) {
            try ClassWeights.apply([1, 2, 1], to: MulticlassHinge(), targets: three)
        }
        // A loss with class weights meets value targets (soft labels) by hand: refused, not ignored.
        let weighted = try SoftmaxCrossEntropy(classWeight: [1, 2, 1])
        #expect(throws: EngineError.self) { try weighted(try Tensor(Self.z), .values(try Tensor(Self.z.map { _ in [1, 0, 0] }))) }
    }
}
