import Testing
@testable import DLEngine

/// Mean absolute error, Huber and smooth L1 (the ``ElementwiseLoss`` family): values and gradients
/// against PyTorch, finite differences, the fast step against autodiff, and errors.
@Suite struct RegressionLossTests {
    // Differences d = out − target: 0.5, −2, 2.5, 0, −0.8, 2.5 (a zero, small ones, large ones of
    // both signs).
    let outputs: [[Float]] = [[0.5, -1.2], [2.0, 0.3], [-0.7, 1.5]]
    let targets: [[Float]] = [[0.0, 0.8], [-0.5, 0.3], [0.1, -1.0]]

    /// The loss and ∂loss/∂out from PyTorch 2.15 (in float64), printed by:
    ///
    ///     out = torch.tensor([[0.5, -1.2], [2.0, 0.3], [-0.7, 1.5]], dtype=torch.float64, requires_grad=True)
    ///     tgt = torch.tensor([[0.0, 0.8], [-0.5, 0.3], [0.1, -1.0]], dtype=torch.float64)
    ///     l = torch.nn.HuberLoss(delta=1.0)(out, tgt); l.backward(); print(l.item(), out.grad.flatten().tolist())
    ///
    /// and the same with L1Loss(), HuberLoss(delta=0.5 and 2.0), SmoothL1Loss(beta=1.0, 0.5 and 0.0).
    static var pytorch: [(loss: any Loss, value: Double, gradient: [Double])] {
        let sixth = 0.16666666666666666, twelfth = 0.08333333333333333
        return [
            (MeanAbsoluteError(), 1.3833333333333335, [sixth, -sixth, sixth, 0, -sixth, sixth]),
            (try! HuberLoss(delta: 1), 0.9908333333333333, [twelfth, -sixth, sixth, 0, -0.1333333333333333, sixth]),
            (try! HuberLoss(delta: 0.5), 0.5875, [twelfth, -twelfth, twelfth, 0, -twelfth, twelfth]),
            (try! HuberLoss(delta: 2), 1.4075, [twelfth, -0.3333333333333333, 0.3333333333333333, 0, -0.1333333333333333, 0.3333333333333333]),
            (try! SmoothL1Loss(beta: 1), 0.9908333333333333, [twelfth, -sixth, sixth, 0, -0.1333333333333333, sixth]),
            (try! SmoothL1Loss(beta: 0.5), 1.175, [sixth, -sixth, sixth, 0, -sixth, sixth]),
            (try! SmoothL1Loss(beta: 0), 1.3833333333333335, [sixth, -sixth, sixth, 0, -sixth, sixth]),
        ]
    }

    @Test func valuesAndGradientsMatchPyTorch() throws {
        for (loss, value, gradient) in Self.pytorch {
            let out = try Tensor(outputs, requiresGrad: true)
            let l = try loss(out, .values(try Tensor(targets)))
            #expect(isClose(try l.item(), value), "\(loss)")
            try l.backward()
            let g = try #require(out.grad).data
            #expect(zip(g, gradient).allSatisfy { isClose($0, $1) } && g.count == 6, "\(loss): \(g)")
        }
    }

    @Test func namesAndDescriptions() throws {
        #expect(MeanAbsoluteError().name == "mae" && MeanAbsoluteError().description == "MeanAbsoluteError()")
        #expect(try HuberLoss().name == "huber" && HuberLoss(delta: 0.5).description == "HuberLoss(delta=0.5)")
        #expect(try SmoothL1Loss().name == "smooth_l1" && SmoothL1Loss().description == "SmoothL1Loss(beta=1.0)")
    }

    /// Away from the kinks (|d| = 0 and |d| = delta), the gradients equal finite differences.
    @Test func gradientsAgreeWithFiniteDifferences() throws {
        let x = try sample([4, 3], seed: 4), t = try sample([4, 3], seed: 5)
        let losses: [any Loss] = [MeanAbsoluteError(), try HuberLoss(delta: 0.7), try SmoothL1Loss(beta: 0.6)]
        for loss in losses {
            try expectGradientCheck([x]) { try loss($0[0], .values(t)) }
            try expectGradientCheck([x]) { try loss($0[0], .classes([2, 0, 1, 1], classCount: 3)) }
        }
    }

    /// Class labels compare as one-hot rows, as for mse: |[0.5, 0.5] − [1, 0]| and |[1, 0] − [1, 0]|
    /// give (0.5 + 0.5 + 0 + 0) / 4.
    @Test func labelsCompareAsOneHotRows() throws {
        let out = try Tensor([[0.5, 0.5], [1, 0]])
        #expect(try MeanAbsoluteError()(out, .classes([0, 0], classCount: 2)).item() == 0.25)
        // Huber: 0.5 · 0.25 twice, over 4 elements.
        #expect(try HuberLoss()(out, .classes([0, 0], classCount: 2)).item() == 0.0625)
    }

    @Test func badArgumentsAndShapesAreRefused() throws {
        #expect(throws: EngineError.invalidArgument("huber needs a finite delta > 0, got 0.0")) { try HuberLoss(delta: 0) }
        #expect(throws: EngineError.self) { try HuberLoss(delta: .nan) }
        #expect(throws: EngineError.invalidArgument("smooth_l1 needs a finite beta ≥ 0, got -1.0")) { try SmoothL1Loss(beta: -1) }
        let out = try Tensor([[1, 2], [3, 4]])
        #expect(throws: EngineError.shapeMismatch(operation: "mae (outputs and targets)", [2, 2], [3, 2])) {
            try MeanAbsoluteError()(out, .values(try Tensor.zeros([3, 2])))
        }
        #expect(throws: EngineError.shapeMismatch(operation: "huber (outputs and targets)", [2, 2], [2])) {
            try HuberLoss()(out, .values(try Tensor.zeros([2])))
        }
        #expect(throws: EngineError.self) { try MeanAbsoluteError()(out, .classes([0, 2], classCount: 3)) }
        #expect(throws: EngineError.self) { try SmoothL1Loss()(try Tensor.zeros([0, 1]), .values(try Tensor.zeros([0, 1]))) }
        // [N] targets line up with [N, 1] outputs: (1 + 2 + 0) / 3.
        let column = try Tensor(shape: [3, 1], data: [1, 2, 3])
        #expect(isClose(try MeanAbsoluteError()(column, .values(Tensor([0, 0, 3]))).item(), 1))
    }

    /// Fitting a small regression net gives the same losses and weights on the fast step (the loss's
    /// kernel) as on autodiff, for value targets and for labels.
    @Test func theFastStepMatchesAutodiff() throws {
        func fit(_ loss: any Loss, buffered: Bool, dense: Bool, classes: Bool) throws -> ([Float], [Float], TrainingStep?) {
            var rng = RandomGenerator(seed: 21)
            let inputs = try Tensor.randomNormal([50, 3], using: &rng)
            let targets: Targets = classes
                ? .classes((0 ..< 50).map { $0 % 2 }, classCount: 2)
                : .values(try Tensor.randomNormal([50, 2], std: 2, using: &rng))
            let data = try Dataset(inputs: inputs, targets: targets)
            let model = Sequential([try Linear(inputSize: 3, outputSize: 8, using: &rng), Tanh(),
                                    try Linear(inputSize: 8, outputSize: 2, using: &rng)])
            var options = try TrainingOptions(epochs: 5, batchSize: 8, loss: loss,
                                              optimizer: SGD(learningRate: 0.1, momentum: 0.5))
            options.allowsBufferedSteps = buffered
            options.allowsDenseSteps = dense
            let history = try model.fit(data, options: options, using: &rng)
            return (history.epochs.map(\.loss), model.parameters.flatMap(\.data), history.step)
        }
        for loss in Self.pytorch.map(\.loss) {
            for classes in [false, true] {
                let slow = try fit(loss, buffered: false, dense: false, classes: classes)
                for dense in [false, true] {
                    let fast = try fit(loss, buffered: true, dense: dense, classes: classes)
                    if case .autodiff(let why)? = fast.2 { Issue.record("\(loss) took autodiff: \(why)") }
                    #expect(allClose(fast.0, slow.0, relative: 1e-5) && allClose(fast.1, slow.1, relative: 1e-5), "\(loss)")
                }
            }
        }
    }
}
