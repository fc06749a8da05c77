/// A 2-d convolution layer over NCHW feature maps (PyTorch's `nn.Conv2d` with square kernels and
/// `groups = 1`): ``Tensor/conv2d(_:weight:bias:stride:padding:dilation:)``, one fused autodiff node.
///
/// Shapes: input `[N, inputChannels, H, W]` for any `H`, `W` at least the dilated kernel (less the
/// padding); output `[N, outputChannels, OH, OW]` with `OH = ⌊(H + 2p − d·(k − 1) − 1) / s⌋ + 1` (and
/// likewise `OW`). The weight is `[outputChannels, inputChannels, k, k]` (PyTorch's layout), the bias
/// `[outputChannels]`. Parameters: `outputChannels · inputChannels · k² + outputChannels`
/// (`Conv2D(1 → 8, kernel=3)`: 80). L1/L2 penalties apply to the weight only.
///
/// Defaults: weights ``Initializer/heUniform`` with fanIn = `inputChannels · k²` (U[−a, a),
/// a = √(6 / fanIn)), because a convolution is nearly always followed by a ReLU, whose gain He et al.
/// derived; biases ``Initializer/zeros``, as for ``Linear``. (PyTorch's default, `kaiming_uniform(a=√5)`,
/// is U(±1/√fanIn), smaller by √6; Keras uses `glorot_uniform`.) fanOut is `outputChannels · k²`, as in
/// PyTorch. Only the channel count of the input is fixed, so ``expectedInputShape`` is `nil` and
/// ``outputShape(for:)`` checks the channels.
public final class Conv2D: Layer {
    /// `[outputChannels, inputChannels, kernelSize, kernelSize]`.
    public let weight: Tensor
    /// `[outputChannels]`, or `nil` for a layer made with `bias: false`.
    public let bias: Tensor?
    public let inputChannels: Int
    public let outputChannels: Int
    /// The side of the square kernel.
    public let kernelSize: Int
    public let stride: Int
    public let padding: Int
    public let dilation: Int
    public var isTraining = true

    /// Makes a layer with freshly initialized parameters.
    /// - Parameters:
    ///   - inputChannels: channels of the input maps (1 for grayscale images).
    ///   - outputChannels: the number of filters, channels of the output maps.
    ///   - kernelSize: the side of each square filter.
    ///   - stride: the step between output positions, at least 1.
    ///   - padding: zeros added on every side, at least 0 (`(kernelSize − 1) / 2` keeps the size for odd
    ///     kernels at stride 1).
    ///   - dilation: the spacing between filter taps, at least 1.
    ///   - bias: whether to add a learnable bias per output channel.
    ///   - weightInitializer: how the weight starts (fanIn `inputChannels · k²`, fanOut `outputChannels · k²`).
    ///   - biasInitializer: how the bias starts (same fans).
    ///   - generator: the source of the initial values.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for channels or kernel below 1, a stride or dilation
    ///   below 1, a negative padding, or an invalid initializer.
    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                dilation: Int = 1, bias: Bool = true, weightInitializer: Initializer = .heUniform,
                biasInitializer: Initializer = .zeros, using generator: inout RandomGenerator) throws {
        guard inputChannels > 0, outputChannels > 0 else {
            throw EngineError.invalidArgument(
                "Conv2D needs positive input and output channels; got \(inputChannels) and \(outputChannels)")
        }
        try SlidingWindow.checkHyperparameters("Conv2D", kernel: [kernelSize], stride: stride, padding: padding,
                                               dilation: dilation)
        let area = kernelSize.multipliedReportingOverflow(by: kernelSize)
        let fanIn = inputChannels.multipliedReportingOverflow(by: area.partialValue)
        let fanOut = outputChannels.multipliedReportingOverflow(by: area.partialValue)
        guard !area.overflow, !fanIn.overflow, !fanOut.overflow else {
            throw EngineError.invalidArgument("Conv2D's kernel is too large: \(kernelSize)")
        }
        (self.inputChannels, self.outputChannels, self.kernelSize) = (inputChannels, outputChannels, kernelSize)
        (self.stride, self.padding, self.dilation) = (stride, padding, dilation)
        weight = try weightInitializer.make([outputChannels, inputChannels, kernelSize, kernelSize],
                                            fanIn: fanIn.partialValue, fanOut: fanOut.partialValue, using: &generator)
        weight.requiresGrad = true
        if bias {
            let b = try biasInitializer.make([outputChannels], fanIn: fanIn.partialValue,
                                             fanOut: fanOut.partialValue, using: &generator)
            b.requiresGrad = true
            self.bias = b
        } else {
            self.bias = nil
        }
    }

    public var name: String { "Conv2D" }

    /// `Conv2D(1 → 8, kernel=3, padding=1)`: the channels and kernel always, the other settings when
    /// they differ from their defaults.
    public var description: String {
        var text = "Conv2D(\(inputChannels) → \(outputChannels), kernel=\(kernelSize)"
        if stride != 1 { text += ", stride=\(stride)" }
        if padding != 0 { text += ", padding=\(padding)" }
        if dilation != 1 { text += ", dilation=\(dilation)" }
        if bias == nil { text += ", bias=false" }
        return text + ")"
    }

    /// The convolution of the batch. - Throws: when `input` is not `[N, inputChannels, H, W]` (naming
    /// both shapes), or the maps are smaller than the kernel.
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try checkFeatureMaps(input, channels: inputChannels)
        return try Tensor.conv2d(input, weight: weight, bias: bias, stride: stride, padding: padding,
                                 dilation: dilation)
    }

    public var parameters: [Tensor] { [weight] + (bias.map { [$0] } ?? []) }
    public var regularizedParameters: [Tensor] { [weight] }
    public var state: [(name: String, tensor: Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    /// `[inputChannels, H, W] → [outputChannels, OH, OW]`.
    /// - Throws: a shape mismatch for another channel count; ``EngineError/invalidArgument(_:)`` for a
    ///   rank other than 3 or maps too small for the kernel.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        try checkSampleMaps(inputShape, channels: inputChannels)
        let window = try SlidingWindow(operation: description, input: [1] + inputShape, kernelHeight: kernelSize,
                                       kernelWidth: kernelSize, stride: stride, padding: padding, dilation: dilation)
        return [outputChannels, window.outputHeight, window.outputWidth]
    }
}

extension Conv2D: RegisteredLayer {
    public static let registration = LayerRegistration(
        name: "conv2d", tag: "Conv2D",
        summary: "A 2-d convolution over feature maps [N, IN, H, W] with OUT filters of K x K.",
        example: "model = sequential\nmodel.add(conv2d 1 8 3 padding=1)",
        parameters: [.positional("input", "IN", .integer), .positional("output", "OUT", .integer),
                     .positional("kernel", "K", .integer),
                     .keyword("stride", .integer, default: .integer(1)),
                     .keyword("padding", .integer, default: .integer(0)),
                     .keyword("dilation", .integer, default: .integer(1)),
                     .keyword("bias", .flag, default: .flag(true)),
                     .keyword("init", .initializer, default: .text("he_uniform"), saved: false)],
        output: .featureMaps,
        stateCount: { a in
            Arguments.sum([Arguments.product([a.size("input"), a.size("output"), a.size("kernel"), a.size("kernel")]),
                           (try? a.flag("bias")) == true ? a.size("output") : 0])
        }
    ) { a, generator in
        try Conv2D(inputChannels: a.integer("input"), outputChannels: a.integer("output"),
                   kernelSize: a.integer("kernel"), stride: a.integer("stride"), padding: a.integer("padding"),
                   dilation: a.integer("dilation"), bias: a.flag("bias"), weightInitializer: a.initializer("init"),
                   using: &generator)
    }

    public var configuration: Arguments {
        Arguments(["input": .integer(inputChannels), "output": .integer(outputChannels), "kernel": .integer(kernelSize),
                   "stride": .integer(stride), "padding": .integer(padding), "dilation": .integer(dilation),
                   "bias": .flag(bias != nil)])
    }
}
