import Foundation
import Testing
import DLEngine

/// Conv2D, MaxPool2D, AvgPool2D and Flatten: descriptions, parameter counts, shapes, gradients, errors;
/// Dropout on feature maps.
@Suite struct ConvolutionalLayerTests {
    @Test func conv2DHasPyTorchsParameterCountAndLayout() throws {
        var rng = RandomGenerator(seed: 1)
        let conv = try Conv2D(inputChannels: 1, outputChannels: 8, kernelSize: 3, padding: 1, using: &rng)
        #expect(conv.description == "Conv2D(1 → 8, kernel=3, padding=1)")
        #expect(conv.parameterCount == 8 * 1 * 3 * 3 + 8)
        #expect(conv.weight.shape == [8, 1, 3, 3])
        #expect(conv.regularizedParameters.count == 1)
        let second = try Conv2D(inputChannels: 8, outputChannels: 16, kernelSize: 3, stride: 2, dilation: 2,
                                bias: false, using: &rng)
        #expect(second.description == "Conv2D(8 → 16, kernel=3, stride=2, dilation=2, bias=false)")
        #expect(second.parameterCount == 16 * 8 * 9)
        #expect(second.state.map(\.name) == ["weight"])
    }

    @Test func conv2DStartsHeUniformWithZeroBias() throws {
        var rng = RandomGenerator(seed: 2)
        let conv = try Conv2D(inputChannels: 4, outputChannels: 32, kernelSize: 3, using: &rng)
        let bound = Float((6.0 / 36).squareRoot())  // fanIn = 4 · 3 · 3
        #expect(conv.weight.data.allSatisfy { Swift.abs($0) <= bound })
        #expect(conv.weight.data.contains { Swift.abs($0) > bound * 0.9 })
        #expect(conv.bias?.data.allSatisfy { $0 == 0 } == true)
    }

    @Test func shapesFollowTheFormulaAndChannelsAreChecked() throws {
        var rng = RandomGenerator(seed: 3)
        let conv = try Conv2D(inputChannels: 3, outputChannels: 5, kernelSize: 3, stride: 2, padding: 1, using: &rng)
        #expect(conv.expectedInputShape == nil)
        #expect(try conv.outputShape(for: [3, 9, 8]) == [5, 5, 4])
        #expect(try conv(Tensor.zeros([2, 3, 9, 8])).shape == [2, 5, 5, 4])
        let wrongChannels = #expect(throws: EngineError.self) { try conv.outputShape(for: [2, 9, 8]) }
        #expect(wrongChannels?.description == "shape mismatch in Conv2D(3 → 5, kernel=3, stride=2, padding=1): [2, 9, 8] and [3, 9, 8]")
        let flat = #expect(throws: EngineError.self) { try conv(Tensor.zeros([4, 27])) }
        #expect(flat?.description == "Conv2D(3 → 5, kernel=3, stride=2, padding=1) takes a batch of shape [N, 3, H, W]; got [4, 27]")
        let tooSmall = #expect(throws: EngineError.self) {
            try Conv2D(inputChannels: 1, outputChannels: 1, kernelSize: 5, using: &rng).outputShape(for: [1, 3, 9])
        }
        #expect(tooSmall?.description.contains("output height would be 0") == true)

        let pool = try MaxPool2D(kernelSize: 2)
        #expect(pool.description == "MaxPool2D(kernel=2, stride=2)")
        #expect(try pool.outputShape(for: [8, 28, 28]) == [8, 14, 14])
        #expect(try pool.outputShape(for: [8, 7, 7]) == [8, 3, 3])
        let average = try AvgPool2D(kernelSize: 3, stride: 1, padding: 1)
        #expect(average.description == "AvgPool2D(kernel=3, stride=1, padding=1)")
        #expect(try average.outputShape(for: [2, 5, 6]) == [2, 5, 6])
        #expect(try Flatten().outputShape(for: [16, 7, 7]) == [784])
        #expect(try Flatten()(Tensor.zeros([3, 16, 7, 7])).shape == [3, 784])
        #expect(pool.parameterCount == 0 && average.parameterCount == 0 && Flatten().parameterCount == 0)
    }

    @Test func badSettingsAreClearErrors() throws {
        var rng = RandomGenerator(seed: 4)
        func message(_ body: () throws -> Void) -> String? {
            (#expect(throws: EngineError.self) { try body() })?.description
        }
        #expect(message { _ = try Conv2D(inputChannels: 0, outputChannels: 8, kernelSize: 3, using: &rng) }
                == "Conv2D needs positive input and output channels; got 0 and 8")
        #expect(message { _ = try Conv2D(inputChannels: 1, outputChannels: 8, kernelSize: 0, using: &rng) }
                == "Conv2D needs a kernel size of at least 1; got 0")
        #expect(message { _ = try Conv2D(inputChannels: 1, outputChannels: 8, kernelSize: 3, padding: -1, using: &rng) }
                == "Conv2D needs a padding from 0 to 16777216; got -1")
        #expect(message { _ = try MaxPool2D(kernelSize: 2, stride: 0) } == "MaxPool2D needs a stride from 1 to 16777216; got 0")
        #expect(message { _ = try AvgPool2D(kernelSize: 2, padding: 2) }
                == "AvgPool2D needs a padding of at most half the kernel size (1); got 2")
    }

    @Test func layerGradientsMatchFiniteDifferences() throws {
        var rng = RandomGenerator(seed: 5)
        let conv = try Conv2D(inputChannels: 2, outputChannels: 3, kernelSize: 3, stride: 2, padding: 1, using: &rng)
        let x = try sample([2, 2, 7, 5], seed: 6)
        try expectGradientCheck([x] + conv.parameters) { try conv($0[0]) }
        try expectGradientCheck([try sample([2, 3, 4, 5], seed: 7)]) { try Flatten()($0[0]) }
        try expectGradientCheck([try sample([2, 3, 5, 5], seed: 8)]) { try AvgPool2D(kernelSize: 2, stride: 1)($0[0]) }
    }

    @Test func dropoutWorksOnFeatureMaps() throws {
        var rng = RandomGenerator(seed: 9)
        let dropout = try Dropout(rate: 0.5, using: &rng)
        let x = try Tensor.ones([4, 3, 5, 5])
        let y = try dropout(x)
        #expect(y.shape == x.shape)
        #expect(y.data.allSatisfy { $0 == 0 || $0 == 2 })
        #expect(y.data.contains(0) && y.data.contains(2))
        dropout.isTraining = false
        #expect(try dropout(x).data == x.data)
        #expect(try dropout.outputShape(for: [3, 5, 5]) == [3, 5, 5])
    }
}
