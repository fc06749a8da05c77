import Foundation
import Testing
import DLEngine

/// Binary cross-entropy on logits against the textbook formula −t log σ(x) − (1 − t) log(1 − σ(x)),
/// evaluated in Double (an independent oracle for the stable form the loss uses), plus stability,
/// gradients and errors.
@Suite struct BinaryCrossEntropyTests {
    let loss = BinaryCrossEntropy()

    func reference(_ logits: [Double], _ targets: [Double]) -> Double {
        zip(logits, targets).reduce(0) { total, pair in
            let p = 1 / (1 + exp(-pair.0))
            return total - pair.1 * log(p) - (1 - pair.1) * log(1 - p)
        } / Double(logits.count)
    }

    @Test func handWorkedValues() throws {
        // x = 0, t = 1: log 2; x = 2, t = 0: 2 + log(1 + e⁻²); mean 1.41003...
        let expected = reference([0, 2], [1, 0])
        #expect(isClose(expected, (log(2) + 2 + log(1 + exp(-2))) / 2, relative: 1e-12))
        let logits = try Tensor(shape: [2, 1], data: [0, 2])
        #expect(isClose(try loss(logits, .values(try Tensor(shape: [2, 1], data: [1, 0]))).item(), expected, relative: 1e-6))
        #expect(isClose(try loss(logits, .values(Tensor([1, 0]))).item(), expected, relative: 1e-6))
        #expect(isClose(try loss(logits, .classes([1, 0], classCount: 2)).item(), expected, relative: 1e-6))
        #expect(isClose(try loss(Tensor([0, 2]), .classes([1, 0], classCount: 2)).item(), expected, relative: 1e-6))
        // Soft targets and several columns.
        let many = try Tensor([[0.5, -1], [3, 0.25]])
        let soft = try Tensor([[0.2, 1], [0.9, 0]])
        #expect(isClose(try loss(many, .values(soft)).item(), reference([0.5, -1, 3, 0.25], [0.2, 1, 0.9, 0]), relative: 1e-6))
        #expect(loss.name == "bce")
        #expect(loss.description == "BinaryCrossEntropy()")
    }

    /// ±100: the naive formula takes log(σ(−100)) ≈ log(0) in float32; the stable one gives 100 exactly-ish.
    @Test func stableOnLargeLogits() throws {
        let x = Tensor([100, -100], requiresGrad: true)
        let wrong = try loss(x, .values(Tensor([0, 1])))
        #expect(isClose(try wrong.item(), 100))
        let right = try loss(x, .values(Tensor([1, 0])))
        #expect(try right.item().isFinite && right.item() >= 0 && right.item() < 1e-30)
        try wrong.backward()
        #expect(try #require(x.grad).data == [0.5, -0.5])  // (σ(x) − t) / 2
    }

    @Test func gradient() throws {
        let x = try Tensor([[0.5, -1], [3, 0.25]], requiresGrad: true)
        let t = try Tensor([[0.2, 1], [0.9, 0]])
        try loss(x, .values(t)).backward()
        let expected = zip([0.5, -1, 3, 0.25], [0.2, 1, 0.9, 0]).map { Float((1 / (1 + exp(-$0)) - $1) / 4) }
        #expect(allClose(try #require(x.grad).data, expected))
        let z = try sample([5, 1], seed: 3)
        try expectGradientCheck([z]) { try loss($0[0], .classes([0, 1, 1, 0, 1], classCount: 2)) }
        try expectGradientCheck([try sample([3, 2], seed: 4)]) { try loss($0[0], .values(t.rows([0, 1, 0]))) }
    }

    @Test func errors() throws {
        let x = try Tensor(shape: [2, 1], data: [0, 1])
        #expect(throws: EngineError.self) { try loss(x, .values(Tensor([0.5, 1.5]))) }
        #expect(throws: EngineError.self) { try loss(x, .values(Tensor([-0.1, 1]))) }
        #expect(throws: EngineError.shapeMismatch(operation: "bce (outputs and targets)", [2, 1], [3])) {
            try loss(x, .values(Tensor([0, 1, 1])))
        }
        #expect(throws: EngineError.self) { try loss(x, .classes([0, 2], classCount: 3)) }
        #expect(throws: EngineError.self) { try loss(x, .classes([0, 2], classCount: 2)) }
        #expect(throws: EngineError.self) { try loss(x, .classes([0], classCount: 2)) }
        #expect(throws: EngineError.self) { try loss(try Tensor([[0, 1], [1, 0]]), .classes([0, 1], classCount: 2)) }
        #expect(throws: EngineError.self) { try loss(try Tensor.zeros([0]), .values(try Tensor.zeros([0]))) }
    }
}
