import Testing
import DLEngine

/// DropConnect: a linear layer with masked weights in training and plain weights in evaluation.
///
/// With the identity matrix as input and no bias, the output is the (masked, scaled) weight matrix
/// itself, which makes the mask visible without reaching into the layer.
@Suite struct DropConnectTests {
    @Test func shapesCountsAndDescription() throws {
        var rng = RandomGenerator(seed: 1)
        let layer = try DropConnect(inputSize: 2, outputSize: 100, rate: 0.5, using: &rng)
        #expect(layer.name == "DropConnect")
        #expect(layer.description == "DropConnect(2 → 100, p=0.5)")
        #expect(layer.parameterCount == 300)
        #expect(layer.regularizedParameters.count == 1 && layer.regularizedParameters[0] === layer.weight)
        #expect(layer.state.map(\.name) == ["weight", "bias"])
        #expect(try layer.outputShape(for: [2]) == [100])
        #expect(try layer(try sample([5, 2])).shape == [5, 100])
        let bound = Float((6.0 / 102).squareRoot())  // default Xavier-uniform, as Linear
        #expect(layer.weight.data.allSatisfy { Swift.abs($0) <= bound })
    }

    @Test func trainingMasksAndScalesWeights() throws {
        var rng = RandomGenerator(seed: 2)
        let layer = try DropConnect(inputSize: 40, outputSize: 50, rate: 0.25, bias: false, using: &rng)
        let effective = try layer(try Tensor.eye(40))  // = W ⊙ M / (1 − p)
        var dropped = 0
        for (w, e) in zip(layer.weight.data, effective.data) {
            if e == 0 { dropped += 1 } else { #expect(e == w * (1 / 0.75)) }
        }
        // 2,000 weights at p = 0.25: standard error ≈ 0.0097, so ±0.05 is over 5 standard errors.
        #expect(Swift.abs(Double(dropped) / 2000 - 0.25) < 0.05)
    }

    @Test func evaluationUsesThePlainWeights() throws {
        var rng = RandomGenerator(seed: 3)
        let layer = try DropConnect(inputSize: 3, outputSize: 4, rate: 0.5, biasInitializer: .constant(1), using: &rng)
        layer.isTraining = false
        let x = try sample([5, 3])
        let expected = try Tensor.linear(x, weight: layer.weight, bias: layer.bias)
        #expect(try layer(x).data == expected.data)
    }

    /// The kept weights get the gradient (times the scale); the dropped ones get exactly 0.
    @Test func gradientReachesKeptWeightsOnly() throws {
        var rng = RandomGenerator(seed: 4)
        let layer = try DropConnect(inputSize: 6, outputSize: 5, rate: 0.5, bias: false, using: &rng)
        layer.generator = RandomGenerator(seed: 21)
        let effective = try layer(try Tensor.eye(6))
        layer.generator = RandomGenerator(seed: 21)  // the same mask again
        try layer(try Tensor.eye(6)).sum().backward()
        let grad = try #require(layer.weight.grad)
        for (e, g) in zip(effective.data, grad.data) { #expect(g == (e == 0 ? 0 : 2)) }
    }

    /// Finite differences with respect to the input, weight and bias, the mask fixed by re-seeding the
    /// layer's generator before every evaluation (the check evaluates the layer many times).
    @Test func gradients() throws {
        var rng = RandomGenerator(seed: 5)
        let layer = try DropConnect(inputSize: 4, outputSize: 3, rate: 0.4, biasInitializer: .uniform(low: -1, high: 1), using: &rng)
        let x = try sample([5, 4], seed: 6)
        try expectGradientCheck([x, layer.weight, layer.bias!]) { inputs in
            layer.generator = RandomGenerator(seed: 7)
            return try layer(inputs[0])
        }
        layer.isTraining = false
        try expectGradientCheck([x, layer.weight, layer.bias!]) { try layer($0[0]) }
    }

    @Test func errors() throws {
        var rng = RandomGenerator(seed: 1)
        for rate in [Float(1), -0.5, .nan] {
            #expect(throws: EngineError.self) { try DropConnect(inputSize: 2, outputSize: 3, rate: rate, using: &rng) }
        }
        #expect(throws: EngineError.self) { try DropConnect(inputSize: 0, outputSize: 3, rate: 0.5, using: &rng) }
        let layer = try DropConnect(inputSize: 2, outputSize: 3, rate: 0.5, using: &rng)
        #expect(throws: EngineError.shapeMismatch(operation: "DropConnect(2 → 3, p=0.5)", [4], [2])) {
            try layer.outputShape(for: [4])
        }
        #expect(throws: EngineError.shapeMismatch(operation: "DropConnect(2 → 3, p=0.5)", [5, 4], [5, 2])) {
            try layer(try Tensor.zeros([5, 4]))
        }
        #expect(throws: EngineError.self) { try layer(try Tensor.zeros([2])) }
    }
}
