import Foundation
import Testing
import DLEngine

/// Softmax cross-entropy: known values worked out in Double, the batch mean, the fused gradient
/// (softmax − onehot)/N, soft labels, stability on huge logits, and errors.
@Suite struct SoftmaxCrossEntropyTests {
    let loss = SoftmaxCrossEntropy()

    /// Reference: −log softmax(z)_y = log Σ e^z − z_y, evaluated in Double here.
    func reference(_ z: [Double], label: Int) -> Double {
        log(z.reduce(0) { $0 + exp($1) }) - z[label]
    }

    @Test func knownValue() throws {
        // log(e + e² + e³) − 3 = 0.40760596...
        let expected = reference([1, 2, 3], label: 2)
        #expect(isClose(expected, 0.40760596, relative: 1e-7))
        #expect(isClose(try loss(try Tensor([[1, 2, 3]]), .classes([2], classCount: 3)).item(), expected, relative: 1e-6))
        #expect(loss.name == "softmax_ce")
        #expect(loss.description == "SoftmaxCrossEntropy()")
    }

    @Test func batchMean() throws {
        let z = try Tensor([[1, 2, 3], [0.5, -1, 2]])
        let expected = (reference([1, 2, 3], label: 0) + reference([0.5, -1, 2], label: 1)) / 2
        let value = try loss(z, .classes([0, 1], classCount: 3))
        #expect(value.shape == [])
        #expect(isClose(try value.item(), expected, relative: 1e-6))
    }

    /// The gradient is (softmax(z) − onehot(y)) / N.
    @Test func gradientIsSoftmaxMinusOneHotOverN() throws {
        let z = try Tensor([[1, 2, 3], [0.5, -1, 2]], requiresGrad: true)
        try loss(z, .classes([2, 0], classCount: 3)).backward()
        let grad = try #require(z.grad)
        let rows: [[Double]] = [[1, 2, 3], [0.5, -1, 2]]
        var expected: [Float] = []
        for (row, label) in zip(rows, [2, 0]) {
            let total = row.reduce(0) { $0 + exp($1) }
            for (j, v) in row.enumerated() { expected.append(Float((exp(v) / total - (j == label ? 1 : 0)) / 2)) }
        }
        #expect(allClose(grad.data, expected))
    }

    @Test func gradientCheck() throws {
        let z = try sample([4, 5], seed: 3)
        try expectGradientCheck([z]) { try loss($0[0], .classes([0, 4, 2, 2], classCount: 5)) }
        var rng = RandomGenerator(seed: 4)
        let soft = try Tensor.randomUniform([4, 5], using: &rng).softmax()
        try expectGradientCheck([z]) { try loss($0[0], .values(soft)) }
    }

    /// One-hot probabilities give the same loss as labels; soft labels give Σ t · (log Σ e^z − z).
    @Test func softLabels() throws {
        let z = try Tensor([[1, 2, 3], [0.5, -1, 2]])
        let oneHot = try Tensor([[0, 0, 1], [1, 0, 0]])
        #expect(isClose(try loss(z, .values(oneHot)).item(), Double(try loss(z, .classes([2, 0], classCount: 3)).item())))
        let soft = try Tensor([[0.2, 0.3, 0.5], [0, 1, 0]])
        let expected = (0.2 * reference([1, 2, 3], label: 0) + 0.3 * reference([1, 2, 3], label: 1)
            + 0.5 * reference([1, 2, 3], label: 2) + reference([0.5, -1, 2], label: 1)) / 2
        #expect(isClose(try loss(z, .values(soft)).item(), expected, relative: 1e-6))
    }

    /// Log-sum-exp keeps huge logits finite: the loss is the margin to the largest logit (2000 here), or ~0.
    @Test func stableOnHugeLogits() throws {
        let z = try Tensor([[1000, 0, -1000]], requiresGrad: true)
        let wrong = try loss(z, .classes([2], classCount: 3))
        #expect(isClose(try wrong.item(), 2000))
        let right = try loss(z, .classes([0], classCount: 3))
        #expect(try right.item().isFinite && right.item() >= 0 && right.item() < 1e-6)
        try wrong.backward()
        #expect(allClose(try #require(z.grad).data, [1, 0, -1]))
    }

    @Test func errors() throws {
        let z = try Tensor([[1, 2, 3], [4, 5, 6]])
        #expect(throws: EngineError.shapeMismatch(operation: "softmax_ce (outputs and labels)", [2, 3], [3])) {
            try loss(z, .classes([0, 1, 2], classCount: 3))
        }
        #expect(throws: EngineError.invalidArgument(
            "softmax_ce: label 3 of sample 1 is out of range for outputs of shape [2, 3] (3 classes)")) {
            try loss(z, .classes([0, 3], classCount: 4))
        }
        #expect(throws: EngineError.self) { try loss(z, .classes([-1, 0], classCount: 3)) }
        #expect(throws: EngineError.self) { try loss(Tensor([1, 2, 3]), .classes([0, 1, 2], classCount: 3)) }
        #expect(throws: EngineError.self) { try loss(try Tensor.zeros([0, 3]), .classes([], classCount: 3)) }
        #expect(throws: EngineError.shapeMismatch(operation: "softmax_ce (outputs and target probabilities)", [2, 3], [2, 2])) {
            try loss(z, .values(try Tensor.zeros([2, 2])))
        }
        #expect(throws: EngineError.self) { try loss(z, .values(try Tensor([[0, 0, 2], [1, 0, 0]]))) }
        #expect(throws: EngineError.self) { try loss(z, .values(try Tensor([[0, 0, .nan], [1, 0, 0]]))) }
    }
}
