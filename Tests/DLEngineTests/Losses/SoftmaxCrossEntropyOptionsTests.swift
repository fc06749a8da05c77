import Testing
@testable import DLEngine

/// Softmax cross-entropy's options (class weights, label smoothing, reduction) against PyTorch, the
/// gradient against finite differences, the fast training step against autodiff, and bad values.
///
/// The reference numbers come from PyTorch 2.15.0 (CPU, float64), computed by:
///
///     import torch, torch.nn.functional as F
///     z = torch.tensor([[1.0, 2.0, 0.5], [0.1, -1.0, 2.0], [3.0, 0.0, -2.0], [0.5, 0.5, 1.5]],
///                      dtype=torch.float64, requires_grad=True)
///     y = torch.tensor([1, 2, 0, 0]); w = torch.tensor([1.0, 2.0, 0.5], dtype=torch.float64)
///     F.cross_entropy(z, y, weight=w)                                         # then .backward(), z.grad
///     F.cross_entropy(z, y, label_smoothing=0.1)
///     F.cross_entropy(z, y, weight=w, label_smoothing=0.2)                    # reduction "mean", "sum", "none"
///     t = torch.tensor([[0.2, 0.7, 0.1], [0, 0, 1], [0.5, 0.25, 0.25], [1, 0, 0]], dtype=torch.float64)
///     F.cross_entropy(z, t, weight=w, label_smoothing=0.2)                    # soft targets
@Suite struct SoftmaxCrossEntropyOptionsTests {
    static let z: [[Float]] = [[1.0, 2.0, 0.5], [0.1, -1.0, 2.0], [3.0, 0.0, -2.0], [0.5, 0.5, 1.5]]
    static var labels: Targets { .classes([1, 2, 0, 0], classCount: 3) }
    static let weight: [Float] = [1, 2, 0.5]
    static let soft: [[Float]] = [[0.2, 0.7, 0.1], [0, 0, 1], [0.5, 0.25, 0.25], [1, 0, 0]]

    /// The loss's value and gradient for `targets`.
    func run(_ loss: SoftmaxCrossEntropy, _ targets: Targets = labels) throws -> (Tensor, [Float]) {
        let z = try Tensor(Self.z, requiresGrad: true)
        let value = try loss(z, targets)
        if value.rank == 0 { try value.backward() }
        return (value, z.grad?.data ?? [])
    }

    @Test func classWeights() throws {
        let (value, grad) = try run(try SoftmaxCrossEntropy(weight: Self.weight))
        #expect(isClose(try value.item(), 0.5835688356265877))
        #expect(allClose(grad, [0.1027661767, -0.1650970137, 0.062330837, 0.0138563861, 0.0046123903, -0.0184687763,
                                -0.0118890839, 0.0104718703, 0.0014172135, -0.1751240983, 0.0470981239, 0.1280259744]))
    }

    @Test func labelSmoothing() throws {
        let (value, grad) = try run(try SoftmaxCrossEntropy(labelSmoothing: 0.1))
        #expect(isClose(try value.item(), 0.6831458047515642))
        #expect(allClose(grad, [0.0494726411, -0.0762004035, 0.0267277625, 0.0228435354, 0.0020445447, -0.0248880801,
                                0.0032914473, 0.0034475208, -0.0067389681, -0.1803479439, 0.0446520561, 0.1356958879]))
    }

    @Test func weightsSmoothingAndReductions() throws {
        let (mean, meanGrad) = try run(try SoftmaxCrossEntropy(weight: Self.weight, labelSmoothing: 0.2))
        #expect(isClose(try mean.item(), 0.8451371613386316))
        #expect(allClose(meanGrad, [0.0793875138, -0.129116707, 0.0497291931, 0.0027366076, -0.0237872686, 0.0210506611,
                                    0.0247516504, -0.0188086969, -0.0059429534, -0.1439245312, 0.0190384317, 0.1248860995]))
        let (sum, sumGrad) = try run(try SoftmaxCrossEntropy(weight: Self.weight, labelSmoothing: 0.2, reduction: .sum))
        #expect(isClose(try sum.item(), 3.8031172260238426))
        #expect(allClose(sumGrad, [0.3572438123, -0.5810251814, 0.2237813691, 0.0123147341, -0.1070427089, 0.0947279748,
                                   0.1113824266, -0.0846391363, -0.0267432904, -0.6476603905, 0.0856729429, 0.5619874476]))
        let (none, _) = try run(try SoftmaxCrossEntropy(weight: Self.weight, labelSmoothing: 0.2, reduction: .none))
        #expect(none.shape == [4])
        #expect(allClose(none.data, [0.9680094375312325, 0.6417968408731051, 0.6234847432230523, 1.5698262043964528]))
    }

    @Test func softTargetsWithWeightsAndSmoothing() throws {
        let (value, grad) = try run(try SoftmaxCrossEntropy(weight: Self.weight, labelSmoothing: 0.2), .values(try Tensor(Self.soft)))
        #expect(isClose(try value.item(), 1.3996481225028332))
        #expect(allClose(grad, [0.0331252802, -0.0692535157, 0.0361282355, 0.0030786835, -0.0267606772, 0.0236819937,
                                0.1515080847, -0.1199816987, -0.0315263861, -0.1619150976, 0.0214182357, 0.1404968619]))
    }

    /// `none`'s backward takes one upstream gradient per sample; checked, as every option, against finite
    /// differences.
    @Test func gradientCheck() throws {
        let z = try sample([4, 3], seed: 9)
        for loss in [try SoftmaxCrossEntropy(weight: Self.weight, labelSmoothing: 0.3),
                     try SoftmaxCrossEntropy(labelSmoothing: 1, reduction: .sum),
                     try SoftmaxCrossEntropy(weight: [0, 1, 3], reduction: .none)] {
            try expectGradientCheck([z]) { try loss($0[0], Self.labels).sum() }
        }
    }

    /// A batch whose labels all weigh 0: 0 and no gradient (PyTorch gives NaN, which would stop a fit).
    @Test func aBatchOfZeroWeightIsZero() throws {
        let (value, grad) = try run(try SoftmaxCrossEntropy(weight: [0, 1, 1]), .classes([0, 0, 0, 0], classCount: 3))
        #expect(try value.item() == 0)
        #expect(grad.allSatisfy { $0 == 0 })
    }

    @Test func badValuesNameTheKeyword() throws {
        #expect(throws: EngineError.invalidArgument("softmax_ce: weight must be finite numbers >= 0 (one per class); got -1.0")) {
            try SoftmaxCrossEntropy(weight: [1, -1, 2])
        }
        #expect(throws: EngineError.self) { try SoftmaxCrossEntropy(weight: [1, .nan]) }
        #expect(throws: EngineError.self) { try SoftmaxCrossEntropy(weight: []) }
        for bad: Float in [-0.1, 1.5, .nan] {
            #expect(throws: EngineError.self) { try SoftmaxCrossEntropy(labelSmoothing: bad) }
        }
        #expect(throws: EngineError.invalidArgument("softmax_ce: label_smoothing must be between 0 and 1; got 1.5")) {
            try SoftmaxCrossEntropy(labelSmoothing: 1.5)
        }
        #expect(throws: EngineError.invalidArgument("softmax_ce: weight has 2 values but the outputs score 3 classes (shape [4, 3])")) {
            try run(try SoftmaxCrossEntropy(weight: [1, 2]))
        }
        #expect(throws: EngineError.invalidArgument("softmax_ce: unknown reduction 'avg'; reduction= takes mean, sum, none")) {
            try LossReduction(named: "avg")
        }
        let none = try SoftmaxCrossEntropy(reduction: .none)
        #expect(throws: EngineError.self) { try TrainingOptions(loss: none, optimizer: SGD(learningRate: 0.1)) }
        #expect(try SoftmaxCrossEntropy(weight: [1, 2], labelSmoothing: 0.1, reduction: .sum).description
                == "SoftmaxCrossEntropy(weight: [1, 2], label_smoothing: 0.1, reduction: sum)")
        #expect(SoftmaxCrossEntropy().description == "SoftmaxCrossEntropy()")
    }

    /// The fast steps (fused dense and layer kernels) train with the options as autodiff does.
    @Test func fastStepsMatchAutodiff() throws {
        let losses = [try SoftmaxCrossEntropy(weight: [1, 3, 0.5]), try SoftmaxCrossEntropy(labelSmoothing: 0.2),
                      try SoftmaxCrossEntropy(weight: [0.5, 1, 2], labelSmoothing: 0.1, reduction: .sum)]
        for loss in losses {
            func fit(buffered: Bool, dense: Bool) throws -> (History, [Float]) {
                var rng = RandomGenerator(seed: 21)
                let data = try Dataset.spiral(pointsPerClass: 30, classes: 3, using: &rng)
                let model = Sequential([try Linear(inputSize: 2, outputSize: 16, using: &rng), ReLU(),
                                        try Linear(inputSize: 16, outputSize: 3, using: &rng)])
                var options = try TrainingOptions(epochs: 5, batchSize: 16, loss: loss, optimizer: try SGD(learningRate: 0.05, momentum: 0.9))
                options.allowsBufferedSteps = buffered
                options.allowsDenseSteps = dense
                let history = try model.fit(data, options: options, using: &rng)
                return (history, model.parameters.flatMap(\.data))
            }
            let autodiff = try fit(buffered: false, dense: false)
            let kernels = try fit(buffered: true, dense: false)
            let dense = try fit(buffered: true, dense: true)
            #expect(kernels.0.step == .layerKernels(fused: []) && dense.0.step == .fusedDense, "\(loss)")
            for other in [kernels, dense] {
                #expect(allClose(other.0.epochs.map(\.loss), autodiff.0.epochs.map(\.loss)), "\(loss)")
                #expect(allClose(other.1, autodiff.1, relative: 1e-5, absolute: 1e-6), "\(loss)")
            }
        }
    }
}
