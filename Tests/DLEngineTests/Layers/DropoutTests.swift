import Testing
import DLEngine

/// Dropout: the fraction dropped, the exact 1/(1 − p) scale, identity in evaluation, gradients through the
/// kept units, masks that follow from the seed, and rates outside [0, 1).
@Suite struct DropoutTests {
    @Test func descriptionAndShapes() throws {
        var rng = RandomGenerator(seed: 1)
        let layer = try Dropout(rate: 0.5, using: &rng)
        #expect(layer.name == "Dropout")
        #expect(layer.description == "Dropout(p=0.5)")
        #expect(layer.parameterCount == 0 && layer.state.isEmpty)
        #expect(try layer.outputShape(for: [3, 4]) == [3, 4])
    }

    /// 10,000 units at p = 0.3: the dropped fraction's standard error is √(0.3 · 0.7 / 10⁴) ≈ 0.0046, so
    /// ±0.025 is over 5 standard errors. Every kept unit is the input times exactly 1/(1 − p).
    @Test(arguments: [Float(0.3), 0.5, 0.9])
    func trainingDropsAboutPAndScalesTheRest(rate: Float) throws {
        var rng = RandomGenerator(seed: 2)
        let layer = try Dropout(rate: rate, using: &rng)
        let x = try sample([100, 100], seed: 3, avoidingZero: true)
        let y = try layer(x)
        let scale = 1 / (1 - rate)
        var dropped = 0
        for (input, output) in zip(x.data, y.data) {
            if output == 0 { dropped += 1 } else { #expect(output == input * scale) }
        }
        #expect(Swift.abs(Double(dropped) / 10_000 - Double(rate)) < 0.025)
    }

    @Test func evaluationIsTheIdentity() throws {
        var rng = RandomGenerator(seed: 2)
        let layer = try Dropout(rate: 0.5, using: &rng)
        layer.isTraining = false
        let x = try sample([10, 10])
        #expect(try layer(x).data == x.data)
        layer.isTraining = true
        let zero = try Dropout(rate: 0, using: &rng)
        #expect(try zero(x).data == x.data)
    }

    /// The gradient is the mask itself: 0 where dropped, 1/(1 − p) where kept.
    @Test func gradientFlowsThroughKeptUnitsOnly() throws {
        var rng = RandomGenerator(seed: 4)
        let layer = try Dropout(rate: 0.5, using: &rng)
        let x = try sample([8, 8], seed: 5, avoidingZero: true)
        x.requiresGrad = true
        let y = try layer(x)
        try y.sum().backward()
        let grad = try #require(x.grad)
        for (output, g) in zip(y.data, grad.data) { #expect(g == (output == 0 ? 0 : 2)) }
        // Finite differences, with the mask held fixed by re-seeding before every evaluation.
        try expectGradientCheck([x]) { inputs in
            layer.generator = RandomGenerator(seed: 9)
            return try layer(inputs[0])
        }
    }

    /// Masks follow from the seed of the generator the layer was made from.
    @Test func masksFollowFromTheSeed() throws {
        var a = RandomGenerator(seed: 11), b = RandomGenerator(seed: 11), c = RandomGenerator(seed: 12)
        let x = try Tensor.ones([20, 20])
        let first = try Dropout(rate: 0.5, using: &a), second = try Dropout(rate: 0.5, using: &b)
        let third = try Dropout(rate: 0.5, using: &c)
        #expect(try first(x).data == second(x).data)
        #expect(try first(x).data == second(x).data)  // and the next masks too
        #expect(try first(x).data != third(x).data)
        #expect(try first(x).data != first(x).data)  // a fresh mask each pass
    }

    @Test(arguments: [Float(1), 1.5, -0.1, .nan, .infinity])
    func invalidRates(rate: Float) throws {
        var rng = RandomGenerator(seed: 1)
        #expect(throws: EngineError.self) { try Dropout(rate: rate, using: &rng) }
    }
}
