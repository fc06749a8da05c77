import Testing
import DLEngine

/// Max and average pooling: values worked out by hand, gradients against finite differences, shapes
/// and errors.
@Suite struct PoolingTests {
    /// 1 × 1 × 4 × 4, values 1 ... 16 row by row.
    func ramp() throws -> Tensor {
        try Tensor(shape: [1, 1, 4, 4], data: (1 ... 16).map(Float.init))
    }

    @Test func maxPoolPicksEachWindowsLargest() throws {
        let y = try ramp().maxPool2d(kernelSize: 2)
        #expect(y.shape == [1, 1, 2, 2])
        #expect(y.data == [6, 8, 14, 16])
        // Padding 1, stride 2, kernel 3: windows over rows/cols {-1,0,1}, {1,2,3}; padding never wins.
        let padded = try (Tensor.zeros([1, 1, 4, 4]) - ramp()).maxPool2d(kernelSize: 3, stride: 2, padding: 1)
        #expect(padded.data == [-1, -2, -5, -6])
    }

    @Test func maxPoolGradientGoesToTheFirstMaximumOnTies() throws {
        let x = try Tensor(shape: [1, 1, 2, 4], data: [5, 5, 1, 2, 5, 0, 2, 2], requiresGrad: true)
        let y = try x.maxPool2d(kernelSize: 2)
        #expect(y.data == [5, 2])
        try y.backward(Tensor(shape: [1, 1, 1, 2], data: [10, 20]))
        #expect(x.grad?.data == [10, 0, 0, 20, 0, 0, 0, 0])
    }

    @Test func avgPoolCountsPaddingInTheDivisor() throws {
        let y = try ramp().avgPool2d(kernelSize: 2)
        #expect(y.data == [3.5, 5.5, 11.5, 13.5])
        // count_include_pad: the corner window {1, 2, 5, 6} padded to 3 × 3 is divided by 9.
        let padded = try ramp().avgPool2d(kernelSize: 3, stride: 3, padding: 1)
        #expect(padded.shape == [1, 1, 2, 2])
        #expect(isClose(padded.data[0], (1 + 2 + 5 + 6) / 9.0))
        #expect(isClose(padded.data[3], (11 + 12 + 15 + 16) / 9.0))
    }

    @Test(arguments: [(2, nil as Int?, 0), (3, 2, 1), (3, 1, 0), (2, 3, 1)])
    func gradientsMatchFiniteDifferences(kernel: Int, stride: Int?, padding: Int) throws {
        // Distinct values 0.1 apart, so that the finite-difference step (0.01) never changes a window's winner.
        var rng = RandomGenerator(seed: 21)
        let distinct = try Tensor(shape: [2, 3, 7, 6], data: rng.permutation(252).map { Float($0) * 0.1 - 12 })
        try expectGradientCheck([distinct]) { try $0[0].maxPool2d(kernelSize: kernel, stride: stride, padding: padding) }
        let x = try sample([2, 3, 7, 6], seed: 22)
        try expectGradientCheck([x]) { try $0[0].avgPool2d(kernelSize: kernel, stride: stride, padding: padding) }
    }

    @Test func outputSizesFollowTheFormula() throws {
        // ⌊(H + 2p − k)/s⌋ + 1 for H = 7, W = 6.
        let x = try Tensor.zeros([2, 3, 7, 6])
        #expect(try x.maxPool2d(kernelSize: 2).shape == [2, 3, 3, 3])
        #expect(try x.avgPool2d(kernelSize: 3, stride: 2, padding: 1).shape == [2, 3, 4, 3])
        #expect(try x.maxPool2d(kernelSize: 3, stride: 1).shape == [2, 3, 5, 4])
    }

    @Test func badArgumentsAreClearErrors() throws {
        let x = try Tensor.zeros([1, 2, 4, 4])
        func message(_ body: () throws -> Tensor) -> String? {
            (#expect(throws: EngineError.self) { _ = try body() })?.description
        }
        #expect(message { try Tensor.zeros([2, 4, 4]).maxPool2d(kernelSize: 2) }
                == "maxPool2d takes feature maps of shape [N, C, H, W]; got [2, 4, 4]")
        #expect(message { try x.maxPool2d(kernelSize: 0) } == "maxPool2d needs a kernel size of at least 1; got 0")
        #expect(message { try x.avgPool2d(kernelSize: 2, stride: -1) } == "avgPool2d needs a stride from 1 to 16777216; got -1")
        #expect(message { try x.maxPool2d(kernelSize: 2, padding: 2) }
                == "maxPool2d needs a padding of at most half the kernel size (1); got 2")
        #expect(message { try x.avgPool2d(kernelSize: 5) }?.contains("output height would be 0") == true)
    }
}
