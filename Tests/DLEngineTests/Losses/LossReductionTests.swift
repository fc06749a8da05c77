import Testing
@testable import DLEngine

/// `reduction=` on mse, mae, huber and smooth_l1, and bce's `weight=` and `reduction=`, against PyTorch;
/// `sum` on the fast training steps against autodiff; `none` refused by fit.
///
/// Reference numbers: torch 2.15.0, CPU, float64, from Tests/Oracles/loss_options_torch.py
/// (`F.mse_loss(o, t, reduction="sum")`, `F.binary_cross_entropy_with_logits(x, t, weight=w, reduction=r)`, ...).
@Suite struct LossReductionTests {
    static let o: [[Float]] = [[0.5, -1.0], [2.0, 0.25], [-0.3, 3.0]]
    static let t: [[Float]] = [[0.0, -0.5], [0.5, 0.25], [1.0, 0.0]]

    /// The value (summed for `none`, as the oracle's backward does) and gradient.
    func run(_ loss: any Loss, _ o: [[Float]] = o, _ t: [[Float]] = t) throws -> (Tensor, [Float]) {
        let z = try Tensor(o, requiresGrad: true)
        let value = try loss(z, .values(try Tensor(t)))
        try (value.rank == 0 ? value : value.sum()).backward()
        return (value, z.grad?.data ?? [])
    }

    @Test func elementwiseLossesAsPyTorch() throws {
        let cases: [(String, any Loss, any Loss, Double, [Float], [Float])] = [
            ("mse", MeanSquaredError(reduction: .sum), MeanSquaredError(reduction: .none), 13.44,
             [0.25, 0.25, 2.25, 0.0, 1.69, 9.0], [1.0, -1.0, 3.0, 0.0, -2.6, 6.0]),
            ("mae", MeanAbsoluteError(reduction: .sum), MeanAbsoluteError(reduction: .none), 6.8,
             [0.5, 0.5, 1.5, 0.0, 1.3, 3.0], [1.0, -1.0, 1.0, 0.0, -1.0, 1.0]),
            ("huber", try HuberLoss(delta: 0.5, reduction: .sum), try HuberLoss(delta: 0.5, reduction: .none), 2.775,
             [0.125, 0.125, 0.625, 0.0, 0.525, 1.375], [0.5, -0.5, 0.5, 0.0, -0.5, 0.5]),
            ("smooth_l1", try SmoothL1Loss(beta: 0.5, reduction: .sum), try SmoothL1Loss(beta: 0.5, reduction: .none), 5.55,
             [0.25, 0.25, 1.25, 0.0, 1.05, 2.75], [1.0, -1.0, 1.0, 0.0, -1.0, 1.0]),
        ]
        for (name, sum, none, total, each, grad) in cases {
            let (s, sg) = try run(sum)
            #expect(isClose(try s.item(), total), "\(name)")
            #expect(allClose(sg, grad), "\(name)")
            let (n, ng) = try run(none)
            #expect(n.shape == [3, 2], "\(name)")
            #expect(allClose(n.data, each), "\(name)")
            #expect(allClose(ng, grad), "\(name)")
            #expect(!none.reducesToOneValue && sum.reducesToOneValue, "\(name)")
            #expect(throws: EngineError.self) { try TrainingOptions(loss: none, optimizer: SGD(learningRate: 0.1)) }
        }
    }

    @Test func binaryCrossEntropyWeightAndReduction() throws {
        let x: [[Float]] = [[0.3, -0.7], [-1.2, 0.4], [2.0, 1.1]]
        let t: [[Float]] = [[1.0, 0.0], [0.25, 1.0], [0.5, 0.0]]
        let grad: [Float] = [-0.8511149664, 0.1659061139, -0.037049567, -0.2006561699, 0.761594156, 0.3751300528]
        let (mean, mg) = try run(try BinaryCrossEntropy(weight: [2, 0.5]), x, t)
        #expect(isClose(try mean.item(), 0.9401499598))
        #expect(allClose(mg, grad.map { $0 / 6 }))
        let (sum, sg) = try run(try BinaryCrossEntropy(weight: [2, 0.5], reduction: .sum), x, t)
        #expect(isClose(try sum.item(), 5.6408997589))
        #expect(allClose(sg, grad))
        let (none, ng) = try run(try BinaryCrossEntropy(weight: [2, 0.5], reduction: .none), x, t)
        #expect(none.shape == [3, 2])
        #expect(allClose(none.data, [1.1087104889, 0.2015930244, 1.1265649347, 0.2565076262, 2.2538560221, 0.6936676626]))
        #expect(allClose(ng, grad))
        #expect(throws: EngineError.invalidArgument("bce: weight has 3 values but the outputs have 2 columns (shape [3, 2])")) {
            try run(try BinaryCrossEntropy(weight: [1, 1, 1]), x, t)
        }
        #expect(throws: EngineError.self) { try BinaryCrossEntropy(weight: [1, -1]) }
        #expect(throws: EngineError.self) { try BinaryCrossEntropy(weight: []) }
        #expect(throws: EngineError.invalidArgument("mse: unknown reduction 'avg'; reduction= takes mean, sum, none")) {
            try LossReduction(named: "avg", for: "mse")
        }
    }

    /// Gradients of every option against finite differences.
    @Test func gradientCheck() throws {
        let z = try sample([3, 2], seed: 4)
        let target = Targets.values(try Tensor(Self.t))
        let losses: [any Loss] = [MeanSquaredError(reduction: .none), MeanAbsoluteError(reduction: .sum),
                                  try HuberLoss(delta: 0.7, reduction: .none), try SmoothL1Loss(beta: 0.3, reduction: .sum),
                                  try BinaryCrossEntropy(weight: [2, 0.5], reduction: .none)]
        for loss in losses {
            let probabilities = Targets.values(try Tensor([[1.0, 0.0], [0.25, 1.0], [0.5, 0.0]] as [[Float]]))
            try expectGradientCheck([z]) { try loss($0[0], loss is BinaryCrossEntropy ? probabilities : target).sum() }
        }
    }

    /// `sum` trains on the fast steps with the numbers autodiff gives.
    @Test func sumOnTheFastSteps() throws {
        let losses: [any Loss] = [MeanSquaredError(reduction: .sum), try HuberLoss(reduction: .sum),
                                  try BinaryCrossEntropy(weight: [0.5, 2], reduction: .sum)]
        for loss in losses {
            func fit(buffered: Bool, dense: Bool) throws -> (History, [Float]) {
                var rng = RandomGenerator(seed: 5)
                let inputs = try Tensor.randomUniform([40, 2], low: -1, high: 1, using: &rng)
                let targets = try Tensor(shape: [40, 2], data: inputs.data.enumerated().map { i, v in i % 2 == 0 ? (v > 0 ? 1 : 0) : 0.25 * v + 0.5 })
                let data = try Dataset(inputs: inputs, targets: .values(targets))
                let model = Sequential([try Linear(inputSize: 2, outputSize: 8, using: &rng), Tanh(),
                                        try Linear(inputSize: 8, outputSize: 2, using: &rng)])
                var options = try TrainingOptions(epochs: 4, batchSize: 8, loss: loss, optimizer: try SGD(learningRate: 0.01))
                options.allowsBufferedSteps = buffered
                options.allowsDenseSteps = dense
                let history = try model.fit(data, options: options, using: &rng)
                return (history, model.parameters.flatMap(\.data))
            }
            let autodiff = try fit(buffered: false, dense: false)
            let kernels = try fit(buffered: true, dense: false)
            #expect(kernels.0.step == .layerKernels(fused: []), "\(loss)")
            #expect(allClose(kernels.0.epochs.map(\.loss), autodiff.0.epochs.map(\.loss)), "\(loss)")
            #expect(allClose(kernels.1, autodiff.1, relative: 1e-5, absolute: 1e-6), "\(loss)")
            let dense = try fit(buffered: true, dense: true)
            #expect(allClose(dense.1, autodiff.1, relative: 1e-5, absolute: 1e-6), "\(loss)")
        }
    }
}
