import Foundation
import Testing
import DLEngine

/// The article's worked example of reverse-mode autodiff: y = sin(x1) + x1·x2.
@Suite struct ArticleExampleTests {
    @Test func gradientsOfSinPlusProduct() throws {
        let x1 = Tensor(2.0, requiresGrad: true)
        let x2 = Tensor(3.0, requiresGrad: true)
        let y = try x1.sin() + x1 * x2
        try y.backward()
        // dy/dx1 = cos(x1) + x2 = cos(2) + 3; dy/dx2 = x1 = 2 (values worked out by hand).
        #expect(try y.item() == Float(Foundation.sin(2.0) + 6.0))
        #expect(try #require(x1.grad).item() == Float(Foundation.cos(2.0) + 3.0))
        #expect(try #require(x2.grad).item() == 2)
        #expect(try #require(x1.grad).description == "2.5839")
    }

    @Test func gradientsAccumulateUntilZeroed() throws {
        let x = Tensor(3.0, requiresGrad: true)
        try (x * x).backward()
        try (x * x).backward()
        #expect(try #require(x.grad).item() == 12)  // 2 · 2x
        x.zeroGrad()
        try (x * x).backward()
        #expect(try #require(x.grad).item() == 6)
    }

    @Test func noRecordingInsideWithoutGradient() throws {
        let x = Tensor(3.0, requiresGrad: true)
        let y = try withoutGradient { try x * x }
        #expect(!y.requiresGrad && y.isLeaf)
        #expect(throws: EngineError.self) { try y.backward() }
    }

    @Test func backwardFromNonScalarNeedsAGradient() throws {
        let x = try Tensor([1, 2, 3], requiresGrad: true) * 2
        #expect(throws: EngineError.self) { try x.backward() }
        try x.backward(Tensor([1, 1, 1]))
    }

    @Test func sharedSubexpressionsSumTheirGradients() throws {
        // y = a·b + a, with a used twice: dy/da = b + 1.
        let a = Tensor(2, requiresGrad: true), b = Tensor(5, requiresGrad: true)
        try (a * b + a).backward()
        #expect(try #require(a.grad).item() == 6)
        #expect(try #require(b.grad).item() == 2)
    }

    @Test func veryDeepGraphDoesNotOverflowTheStack() throws {
        let x = Tensor(1, requiresGrad: true)
        var y = x
        for _ in 0 ..< 50_000 { y = try y + 1 }
        try y.backward()
        #expect(try #require(x.grad).item() == 1)
    }
}
