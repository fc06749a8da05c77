import Foundation
import Testing
@testable import DLEngine

/// LayerNorm: a row normalized by hand, the gradients of x, γ and β against finite differences (also
/// over two trailing dimensions and without γ, β), the buffered step against autodiff, and save/load.
@Suite struct LayerNormTests {
    @Test func normalizesEachRowByHand() throws {
        let layer = try LayerNorm(normalizedShape: [4])
        #expect(layer.parameterCount == 8 && layer.description == "LayerNorm([4], eps=1e-05)")
        // Row [1, 2, 3, 4]: μ = 2.5, σ² = (2.25 + 0.25 + 0.25 + 2.25)/4 = 1.25, so x̂ = ±1.5/√1.25001,
        // ±0.5/√1.25001 = ±1.341635, ±0.447212. Row [2, 4, 6, 9]: μ = 5.25, σ² = 6.6875,
        // x̂ = (x − 5.25)/√6.68751 = −1.256756, −0.483368, 0.290021, 1.450104.
        let y = try layer(Tensor(shape: [2, 4], data: [1, 2, 3, 4, 2, 4, 6, 9]))
        let expected = [-1.341635, -0.447212, 0.447212, 1.341635, -1.256756, -0.483368, 0.290021, 1.450104]
        for (a, b) in zip(y.data, expected) { #expect(isClose(a, b, relative: 1e-5, absolute: 1e-6), "\(a) vs \(b)") }
        // γ and β apply per position: y = γ·x̂ + β.
        try layer.weight!.assign([1, 2, 3, 4])
        try layer.bias!.assign([0, 1, 0, -1])
        let scaled = try layer(Tensor(shape: [1, 4], data: [1, 2, 3, 4]))
        let hand = [-1.341635, 2 * -0.447212 + 1, 3 * 0.447212, 4 * 1.341635 - 1]
        for (a, b) in zip(scaled.data, hand) { #expect(isClose(a, b, relative: 1e-5, absolute: 1e-6)) }
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        for (shape, normalized, affine) in [([3, 5], [5], true), ([2, 3, 2, 4], [2, 4], true), ([4, 6], [6], false)] {
            let layer = try LayerNorm(normalizedShape: normalized, affine: affine)
            if let weight = layer.weight, let bias = layer.bias {
                try weight.assign(try sample(normalized, seed: 21).data)
                try bias.assign(try sample(normalized, seed: 22).data)
            }
            let x = try sample(shape, seed: 23)
            let result = try GradientCheck.check([x] + layer.parameters, step: 1e-2, tolerance: 5e-3) { _ in try layer(x) }
            #expect(result.passed, "\(shape) over \(normalized): \(result)")
        }
    }

    @Test func bufferedStepMatchesAutodiff() throws {
        for affine in [true, false] {
            let layers: (inout RandomGenerator) throws -> [any Layer] = { rng in
                [try Linear(inputSize: 2, outputSize: 16, using: &rng), try LayerNorm(normalizedShape: [16], affine: affine),
                 ReLU(), try Linear(inputSize: 16, outputSize: 3, using: &rng)]
            }
            BufferedTrainingTests.expectSame(try BufferedTrainingTests.fit(buffered: true, layers: layers),
                                             try BufferedTrainingTests.fit(buffered: false, layers: layers))
        }
    }

    @Test func refusesBadSettingsAndShapes() throws {
        #expect(errorMessage { try LayerNorm(normalizedShape: []) } == "LayerNorm needs a shape of positive sizes; got []")
        #expect(errorMessage { try LayerNorm(normalizedShape: [3, 0]) } == "LayerNorm needs a shape of positive sizes; got [3, 0]")
        #expect(errorMessage { try LayerNorm(normalizedShape: [3], eps: 0) } == "LayerNorm needs eps > 0; got 0.0")
        let layer = try LayerNorm(normalizedShape: [4])
        #expect(errorMessage { try layer(Tensor(shape: [2, 3], data: [Float](repeating: 1, count: 6))) }
            == "shape mismatch in LayerNorm: [3] and [4]")
        #expect(errorMessage { try layer(Tensor([1, 2, 3, 4])) } == "shape mismatch in LayerNorm: [4] and [4]")
        #expect(try layer(Tensor(shape: [0, 4], data: [])).shape == [0, 4])
    }

    @Test func savesAndLoads() throws {
        let folder = try TemporaryFolder()
        var rng = RandomGenerator(seed: 3)
        let norm = try LayerNorm(normalizedShape: [4], eps: 1e-3)
        try norm.weight!.assign([0.5, 1, 1.5, 2])
        let model = Sequential([try Linear(inputSize: 2, outputSize: 4, using: &rng), norm,
                                try LayerNorm(normalizedShape: [4], affine: false)])
        try model.save(to: folder.path + "/norm.dlnbmodel")
        let loaded = try Sequential.load(from: folder.path + "/norm.dlnbmodel")
        #expect(loaded.description == model.description)
        let x = try sample([5, 2], seed: 4)
        #expect(try loaded.predict(x).data == model.predict(x).data)
    }

    /// Several rows per sample (`[3, 4]` samples over `[4]`): the kernel's output, input gradient and
    /// parameter gradients are the autodiff node's, to the bit.
    @Test func kernelMatchesAutodiffWithSeveralRowsPerSample() throws {
        let layer = try LayerNorm(normalizedShape: [4])
        try layer.weight!.assign(try sample([4], seed: 31).data)
        try layer.bias!.assign(try sample([4], seed: 32).data)
        let x = try sample([2, 3, 4], seed: 33), dy = try sample([2, 3, 4], seed: 34)
        x.requiresGrad = true
        let y = try layer(x)
        try y.backward(dy)
        let (dx, dWeight, dBias) = (try #require(x.grad).data, try #require(layer.weight!.grad).data, try #require(layer.bias!.grad).data)

        layer.weight!.grad = nil
        layer.bias!.grad = nil
        let kernel = try #require(try layer.makeKernel(sampleShape: [3, 4], batchCapacity: 2))
        var out = [Float](repeating: 0, count: 24), gradient = out
        try x.data.withUnsafeBufferPointer { xp in
            try out.withUnsafeMutableBufferPointer { yp in try kernel.forward(xp.baseAddress!, yp.baseAddress!, batch: 2) }
        }
        x.data.withUnsafeBufferPointer { xp in
            out.withUnsafeBufferPointer { yp in
                dy.data.withUnsafeBufferPointer { dyp in
                    gradient.withUnsafeMutableBufferPointer { dxp in
                        kernel.backward(x: xp.baseAddress!, y: yp.baseAddress!, dy: dyp.baseAddress!, dx: dxp.baseAddress!, batch: 2)
                    }
                }
            }
        }
        #expect(out == y.data)
        #expect(gradient == dx)
        #expect(layer.weight!.grad?.data == dWeight && layer.bias!.grad?.data == dBias)
    }
}
