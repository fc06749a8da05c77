import Testing
import DLEngine

/// Linear: shapes, parameter counts, the x · W + b layout, default initialization, gradients and errors.
@Suite struct LinearTests {
    @Test func shapesAndCounts() throws {
        var rng = RandomGenerator(seed: 1)
        let layer = try Linear(inputSize: 2, outputSize: 100, using: &rng)
        #expect(layer.name == "Linear")
        #expect(layer.description == "Linear(2 → 100)")
        #expect(layer.parameterCount == 300)
        #expect(layer.weight.shape == [2, 100])
        #expect(layer.bias?.shape == [100])
        #expect(layer.parameters.count == 2 && layer.parameters.allSatisfy { $0.requiresGrad })
        #expect(layer.regularizedParameters.count == 1 && layer.regularizedParameters[0] === layer.weight)
        #expect(layer.state.map(\.name) == ["weight", "bias"])
        #expect(try layer.outputShape(for: [2]) == [100])
        #expect(try layer(try sample([5, 2])).shape == [5, 100])
        #expect(layer.isTraining)

        let noBias = try Linear(inputSize: 2, outputSize: 100, bias: false, using: &rng)
        #expect(noBias.parameterCount == 200)
        #expect(noBias.description == "Linear(2 → 100, bias=false)")
        #expect(noBias.state.map(\.name) == ["weight"])
    }

    /// x · W + b with W stored [in, out], worked by hand.
    @Test func forwardIsInputTimesWeightPlusBias() throws {
        var rng = RandomGenerator(seed: 1)
        let layer = try Linear(inputSize: 2, outputSize: 3, using: &rng)
        try layer.weight.assign([1, 2, 3,
                                 4, 5, 6])
        try layer.bias?.assign([0.5, -0.5, 1])
        let y = try layer(try Tensor([[1, 1], [2, -1]]))
        // [1, 1]·W = [5, 7, 9]; [2, −1]·W = [−2, −1, 0]; plus the bias.
        #expect(y.data == [5.5, 6.5, 10, -1.5, -1.5, 1])
    }

    /// The default, Xavier-uniform weights lie within ±√(6 / (in + out)); the bias starts at zero; the
    /// values follow from the seed.
    @Test func defaultInitialization() throws {
        var a = RandomGenerator(seed: 5), b = RandomGenerator(seed: 5)
        let layer = try Linear(inputSize: 2, outputSize: 100, using: &a)
        let bound = Float((6.0 / 102).squareRoot())
        #expect(layer.weight.data.allSatisfy { Swift.abs($0) <= bound })
        #expect(layer.bias?.data.allSatisfy { $0 == 0 } == true)
        #expect(try Linear(inputSize: 2, outputSize: 100, using: &b).weight.data == layer.weight.data)
        var c = RandomGenerator(seed: 5)
        let small = try Linear(inputSize: 2, outputSize: 100, weightInitializer: .small,
                               biasInitializer: .constant(0.1), using: &c)
        #expect(small.weight.data.allSatisfy { Swift.abs($0) < 0.06 })  // 6 σ of N(0, 0.01²)
        #expect(small.bias?.data.allSatisfy { $0 == 0.1 } == true)
    }

    @Test func gradients() throws {
        var rng = RandomGenerator(seed: 2)
        let layer = try Linear(inputSize: 4, outputSize: 3, using: &rng)
        let x = try sample([5, 4], seed: 3)
        try expectGradientCheck([x, layer.weight, layer.bias!]) { try layer($0[0]) }
        let noBias = try Linear(inputSize: 4, outputSize: 3, bias: false, using: &rng)
        try expectGradientCheck([x, noBias.weight]) { try noBias($0[0]) }
    }

    @Test func errors() throws {
        var rng = RandomGenerator(seed: 1)
        let layer = try Linear(inputSize: 2, outputSize: 100, using: &rng)
        #expect(throws: EngineError.shapeMismatch(operation: "Linear(2 → 100)", [3], [2])) {
            try layer.outputShape(for: [3])
        }
        #expect(throws: EngineError.shapeMismatch(operation: "Linear(2 → 100)", [2, 2], [2])) {
            try layer.outputShape(for: [2, 2])
        }
        #expect(throws: EngineError.shapeMismatch(operation: "Linear(2 → 100)", [5, 3], [5, 2])) {
            try layer(try Tensor.zeros([5, 3]))
        }
        #expect(throws: EngineError.invalidArgument("Linear(2 → 100) takes a batch of shape [N, 2]; got [2]")) {
            try layer(try Tensor.zeros([2]))
        }
        #expect(throws: EngineError.self) { try layer(Tensor(1)) }
        #expect(throws: EngineError.self) { try layer(try Tensor.zeros([1, 1, 2])) }
        #expect(throws: EngineError.self) { try Linear(inputSize: 0, outputSize: 3, using: &rng) }
        #expect(throws: EngineError.self) { try Linear(inputSize: 3, outputSize: -1, using: &rng) }
        #expect(throws: EngineError.self) {
            try Linear(inputSize: 3, outputSize: 2, weightInitializer: .normal(mean: 0, std: -1), using: &rng)
        }
    }
}
