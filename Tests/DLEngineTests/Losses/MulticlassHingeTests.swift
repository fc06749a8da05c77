import Testing
import DLEngine

/// Multiclass hinge (Weston–Watkins, CS231n's sum form): CS231n's worked example, the subgradient,
/// a gradient check away from the kinks, and errors.
@Suite struct MulticlassHingeTests {
    /// CS231n's "Linear classification" notes: three images with scores (cat, car, frog) and their labels;
    /// per-sample losses 2.9, 0 and 12.9 (margin 1), mean 5.27.
    @Test func cs231nExample() throws {
        let loss = try MulticlassHinge()
        #expect(isClose(try loss(try Tensor([[3.2, 5.1, -1.7]]), .classes([0], classCount: 3)).item(), 2.9, relative: 1e-6))
        let batch = try Tensor([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
        #expect(isClose(try loss(batch, .classes([0, 1, 2], classCount: 3)).item(), (2.9 + 0 + 12.9) / 3, relative: 1e-6))
        #expect(loss.name == "hinge")
        #expect(loss.description == "MulticlassHinge(margin=1.0)")
        // Margin 0: only the car's score beats the cat's, by 1.9.
        #expect(isClose(try MulticlassHinge(margin: 0)(try Tensor([[3.2, 5.1, -1.7]]), .classes([0], classCount: 3)).item(), 1.9, relative: 1e-6))
    }

    /// For [3.2, 5.1, −1.7], label 0: only the car term is active, so the gradient is [−1, 1, 0] / N.
    @Test func subgradient() throws {
        let z = try Tensor([[3.2, 5.1, -1.7], [2.2, 2.5, -3.1]], requiresGrad: true)
        try MulticlassHinge()(z, .classes([0, 2], classCount: 3)).backward()
        #expect(try #require(z.grad).data == [-0.5, 0.5, 0, 0.5, 0.5, -1])
    }

    /// Scores picked so that no term s_j − s_y + 1 is within 0.1 of the kink at 0 (finite differences
    /// with step 0.01 never straddle it).
    @Test func gradientCheck() throws {
        let z = try Tensor([[0.5, 2.0, -1.0, 0.2], [1.0, -0.5, 3.0, 0.3], [-2.0, 0.4, 0.1, 1.7]])
        try expectGradientCheck([z]) { try MulticlassHinge()($0[0], .classes([0, 2, 1], classCount: 4)) }
    }

    @Test func errors() throws {
        #expect(throws: EngineError.self) { try MulticlassHinge(margin: -1) }
        #expect(throws: EngineError.self) { try MulticlassHinge(margin: .nan) }
        let loss = try MulticlassHinge()
        let z = try Tensor([[1, 2, 3]])
        #expect(throws: EngineError.invalidArgument("hinge needs class labels as targets, not values")) {
            try loss(z, .values(z))
        }
        #expect(throws: EngineError.shapeMismatch(operation: "hinge (outputs and labels)", [1, 3], [2])) {
            try loss(z, .classes([0, 1], classCount: 3))
        }
        #expect(throws: EngineError.self) { try loss(z, .classes([3], classCount: 4)) }
        #expect(throws: EngineError.self) { try loss(Tensor([1, 2, 3]), .classes([0, 1, 2], classCount: 3)) }
        #expect(throws: EngineError.self) { try loss(try Tensor.zeros([0, 3]), .classes([], classCount: 3)) }
    }
}
