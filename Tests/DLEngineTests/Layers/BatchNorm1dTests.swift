import Testing
import DLEngine

/// BatchNorm1d against PyTorch's semantics: normalized training output, running statistics updated with
/// the unbiased variance, evaluation on the running statistics, the fused backward pass, and errors.
@Suite struct BatchNorm1dTests {
    @Test func countsStateAndDescription() throws {
        let layer = try BatchNorm1d(features: 100)
        #expect(layer.name == "BatchNorm1d")
        #expect(layer.description == "BatchNorm1d(100, momentum=0.1, eps=1e-05)")
        #expect(layer.parameterCount == 200)  // gamma and beta; the running statistics are buffers
        #expect(layer.regularizedParameters.isEmpty)
        #expect(layer.state.map(\.name) == ["weight", "bias", "running_mean", "running_var"])
        #expect(layer.gamma.data.allSatisfy { $0 == 1 } && layer.beta.data.allSatisfy { $0 == 0 })
        #expect(layer.runningMean.data.allSatisfy { $0 == 0 } && layer.runningVar.data.allSatisfy { $0 == 1 })
        #expect(try layer.outputShape(for: [100]) == [100])
    }

    /// Each feature of the training output has mean 0 and biased variance σ²/(σ² + ε) ≈ 1.
    @Test func trainingOutputIsNormalized() throws {
        let layer = try BatchNorm1d(features: 5)
        let x = try (try sample([64, 5], seed: 3)) * Tensor([1, 2, 3, 4, 5]) + Tensor([10, -3, 0, 1, 7])
        let y = try layer(x)
        for j in 0 ..< 5 {
            let column = (0 ..< 64).map { y.data[$0 * 5 + j] }
            let s = statistics(column)
            #expect(Swift.abs(s.mean) < 1e-5)
            #expect(isClose(s.std * s.std, 1, relative: 1e-4))  // ε/σ² ≤ 1e-5 here, plus float32 rounding
        }
    }

    /// Worked by hand: columns [1, 3, 5] and [2, 6, 10] have means 3 and 6, unbiased variances 4 and 16,
    /// biased variances 8/3 and 32/3. After one step from (0, 1) with momentum 0.1:
    /// running_mean = 0.1 · [3, 6] = [0.3, 0.6]; running_var = 0.9 + 0.1 · [4, 16] = [1.3, 2.5].
    @Test func runningStatisticsAfterOneStep() throws {
        let layer = try BatchNorm1d(features: 2)
        let x = try Tensor([[1, 2], [3, 6], [5, 10]])
        let y = try layer(x)
        #expect(allClose(layer.runningMean.data, [0.3, 0.6]))
        #expect(allClose(layer.runningVar.data, [1.3, 2.5]))
        // Training output: (x − μ) / √(σ²_biased + ε).
        let expected = [1.0, 3, 5].map { ($0 - 3) / (8.0 / 3 + 1e-5).squareRoot() }
        #expect(allClose([y.data[0], y.data[2], y.data[4]], expected.map(Float.init)))

        // Evaluation uses the running statistics: (x − 0.3) / √(1.3 + ε) on the first feature.
        layer.isTraining = false
        let evaluated = try layer(x)
        let expectedEvaluation = [1.0, 3, 5].map { ($0 - 0.3) / (1.3 + 1e-5).squareRoot() }
        #expect(allClose([evaluated.data[0], evaluated.data[2], evaluated.data[4]], expectedEvaluation.map(Float.init)))
        #expect(!allClose(evaluated.data, y.data))
        // Evaluation leaves the running statistics alone.
        #expect(allClose(layer.runningMean.data, [0.3, 0.6]))
    }

    @Test func momentumOneAndGammaBeta() throws {
        let layer = try BatchNorm1d(features: 2, momentum: 1, eps: 1e-3)
        #expect(layer.description == "BatchNorm1d(2, momentum=1.0, eps=0.001)")
        try layer.gamma.assign([2, 3])
        try layer.beta.assign([1, -1])
        let y = try layer(try Tensor([[1, 2], [3, 6], [5, 10]]))
        #expect(allClose(layer.runningMean.data, [3, 6]))  // momentum 1: the batch's statistics
        #expect(allClose(layer.runningVar.data, [4, 16]))
        let first = 2 * (1 - 3) / (8.0 / 3 + 1e-3).squareRoot() + 1
        #expect(isClose(y.data[0], first, relative: 1e-5))
    }

    /// The fused backward pass against finite differences, in training (through the batch statistics)
    /// and in evaluation.
    @Test func gradients() throws {
        let layer = try BatchNorm1d(features: 4)
        try layer.gamma.assign([1.5, -0.5, 2, 0.7])
        try layer.beta.assign([0.1, 0.2, -0.3, 0])
        let x = try sample([6, 4], seed: 8)
        try expectGradientCheck([x, layer.gamma, layer.beta]) { try layer($0[0]) }
        layer.isTraining = false
        try expectGradientCheck([x, layer.gamma, layer.beta]) { try layer($0[0]) }
    }

    /// Gradients of a loss through the layer agree with the closed form's known property: in training, the
    /// gradient with respect to x sums to 0 over the batch for every feature (the output does not move
    /// when a feature is shifted).
    @Test func trainingGradientIsShiftInvariant() throws {
        let layer = try BatchNorm1d(features: 3)
        let x = try sample([5, 3], seed: 9)
        x.requiresGrad = true
        let y = try layer(x)
        try (y * (try sample([5, 3], seed: 10))).sum().backward()
        let grad = try #require(x.grad)
        for j in 0 ..< 3 {
            let total = (0 ..< 5).reduce(0.0) { $0 + Double(grad.data[$1 * 3 + j]) }
            #expect(Swift.abs(total) < 1e-5)
        }
    }

    @Test func errors() throws {
        #expect(throws: EngineError.self) { try BatchNorm1d(features: 0) }
        #expect(throws: EngineError.self) { try BatchNorm1d(features: 3, momentum: 1.5) }
        #expect(throws: EngineError.self) { try BatchNorm1d(features: 3, momentum: -0.1) }
        #expect(throws: EngineError.self) { try BatchNorm1d(features: 3, momentum: .nan) }
        #expect(throws: EngineError.self) { try BatchNorm1d(features: 3, eps: 0) }
        #expect(throws: EngineError.self) { try BatchNorm1d(features: 3, eps: .infinity) }
        let layer = try BatchNorm1d(features: 2)
        #expect(throws: EngineError.shapeMismatch(operation: "BatchNorm1d(2, momentum=0.1, eps=1e-05)", [3], [2])) {
            try layer.outputShape(for: [3])
        }
        #expect(throws: EngineError.shapeMismatch(operation: "BatchNorm1d(2, momentum=0.1, eps=1e-05)", [4, 3], [4, 2])) {
            try layer(try Tensor.zeros([4, 3]))
        }
        #expect(throws: EngineError.self) { try layer(try Tensor.zeros([2])) }
        #expect(throws: EngineError.self) { try layer(try Tensor.zeros([1, 2])) }  // one sample in training
        #expect(throws: EngineError.self) { try layer(try Tensor.zeros([0, 2])) }
        layer.isTraining = false
        #expect(try layer(try Tensor.zeros([1, 2])).shape == [1, 2])  // evaluation takes any batch size
        #expect(try layer(try Tensor.zeros([0, 2])).shape == [0, 2])
    }
}
