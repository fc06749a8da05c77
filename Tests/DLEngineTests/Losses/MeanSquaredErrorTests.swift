import Testing
import DLEngine

/// Mean squared error: hand-worked values with value and class targets, the gradient, and errors.
@Suite struct MeanSquaredErrorTests {
    let loss = MeanSquaredError()

    @Test func handWorkedValues() throws {
        // Differences 0, 2, −2, 0: (0 + 4 + 4 + 0) / 4 = 2.
        let out = try Tensor([[1, 2], [3, 4]])
        #expect(try loss(out, .values(try Tensor([[1, 0], [5, 4]]))).item() == 2)
        // Labels as one-hot rows: [[1, 0], [1, 0]] against [[0.5, 0.5], [1, 0]]:
        // (0.25 + 0.25 + 0 + 0) / 4 = 0.125.
        #expect(try loss(try Tensor([[0.5, 0.5], [1, 0]]), .classes([0, 0], classCount: 2)).item() == 0.125)
        // [N] targets line up with [N, 1] outputs: (1 + 4 + 0) / 3.
        let column = try Tensor(shape: [3, 1], data: [1, 2, 3])
        #expect(isClose(try loss(column, .values(Tensor([0, 0, 3]))).item(), 5.0 / 3))
        #expect(loss.name == "mse")
        #expect(loss.description == "MeanSquaredError()")
    }

    /// ∂/∂out = 2 (out − target) / M.
    @Test func gradient() throws {
        let out = try Tensor([[1, 2], [3, 4]], requiresGrad: true)
        try loss(out, .values(try Tensor([[1, 0], [5, 4]]))).backward()
        #expect(try #require(out.grad).data == [0, 1, -1, 0])
        let x = try sample([3, 4], seed: 2), t = try sample([3, 4], seed: 3)
        try expectGradientCheck([x]) { try loss($0[0], .values(t)) }
        try expectGradientCheck([x]) { try loss($0[0], .classes([3, 0, 1], classCount: 4)) }
    }

    @Test func errors() throws {
        let out = try Tensor([[1, 2], [3, 4]])
        #expect(throws: EngineError.shapeMismatch(operation: "mse (outputs and targets)", [2, 2], [3, 2])) {
            try loss(out, .values(try Tensor.zeros([3, 2])))
        }
        // Same element count but a different number of samples: not silently reshaped.
        #expect(throws: EngineError.self) { try loss(out, .values(try Tensor.zeros([4]))) }
        #expect(throws: EngineError.self) { try loss(out, .values(try Tensor.zeros([2]))) }  // no broadcasting
        #expect(throws: EngineError.self) { try loss(out, .classes([0, 2], classCount: 3)) }
        #expect(throws: EngineError.self) { try loss(out, .classes([0], classCount: 2)) }
        #expect(throws: EngineError.self) { try loss(Tensor([1, 2]), .classes([0, 1], classCount: 2)) }
        #expect(throws: EngineError.self) { try loss(try Tensor.zeros([0, 2]), .values(try Tensor.zeros([0, 2]))) }
    }
}
