/// Max pooling over the spatial axes of NCHW feature maps (PyTorch's `nn.MaxPool2d` without dilation
/// or `ceil_mode`): ``Tensor/maxPool2d(kernelSize:stride:padding:)``.
///
/// Shapes: input `[N, C, H, W]`, output `[N, C, OH, OW]` with `OH = ⌊(H + 2p − k) / s⌋ + 1`. Any
/// channel count. No parameters. Padding counts as −∞; the gradient goes to each window's maximum
/// (the first one on ties).
public final class MaxPool2D: Layer {
    public let kernelSize: Int
    public let stride: Int
    public let padding: Int
    public var isTraining = true

    /// - Parameters:
    ///   - kernelSize: the window's side, at least 1.
    ///   - stride: the step between windows, at least 1; `nil` (the default) means `kernelSize`, so the
    ///     windows tile the maps.
    ///   - padding: from 0 to `kernelSize / 2`.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for a value out of range.
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) throws {
        (self.kernelSize, self.stride, self.padding) = try poolingSettings(
            "MaxPool2D", kernelSize: kernelSize, stride: stride, padding: padding)
    }

    public var name: String { "MaxPool2D" }
    /// `MaxPool2D(kernel=2, stride=2)`, with `padding=1` when there is padding.
    public var description: String { poolingDescription(name, kernelSize, stride, padding) }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try checkFeatureMaps(input, channels: nil)
        return try input.maxPool2d(kernelSize: kernelSize, stride: stride, padding: padding)
    }

    /// `[C, H, W] → [C, OH, OW]`. - Throws: for a rank other than 3 or maps smaller than the window.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        try poolingOutputShape(self, inputShape, kernelSize, stride, padding)
    }
}

/// Checks the settings of a pooling layer; `stride` defaults to `kernelSize`.
func poolingSettings(_ layer: String, kernelSize: Int, stride: Int?, padding: Int) throws -> (Int, Int, Int) {
    let s = stride ?? kernelSize
    try SlidingWindow.checkHyperparameters(layer, kernel: [kernelSize], stride: s, padding: padding, dilation: 1)
    guard padding <= kernelSize / 2 else {
        throw EngineError.invalidArgument(
            "\(layer) needs a padding of at most half the kernel size (\(kernelSize / 2)); got \(padding)")
    }
    return (kernelSize, s, padding)
}

/// `Name(kernel=2, stride=2)` plus `, padding=p` when p > 0.
func poolingDescription(_ name: String, _ kernelSize: Int, _ stride: Int, _ padding: Int) -> String {
    "\(name)(kernel=\(kernelSize), stride=\(stride)\(padding > 0 ? ", padding=\(padding)" : ""))"
}

/// `[C, H, W] → [C, OH, OW]` for a pooling layer.
func poolingOutputShape(_ layer: any Layer, _ inputShape: [Int], _ kernelSize: Int, _ stride: Int,
                        _ padding: Int) throws -> [Int] {
    try layer.checkSampleMaps(inputShape, channels: nil)
    let window = try SlidingWindow(operation: layer.description, input: [1] + inputShape, kernelHeight: kernelSize,
                                   kernelWidth: kernelSize, stride: stride, padding: padding, dilation: 1)
    return [inputShape[0], window.outputHeight, window.outputWidth]
}

extension MaxPool2D: RegisteredLayer {
    public static let registration = LayerRegistration(
        name: "maxpool", tag: "MaxPool2D", summary: "Max pooling over K x K windows of feature maps.",
        example: "model = sequential\nmodel.add(maxpool 2)",
        parameters: [.positional("kernel", "K", .integer), .keyword("stride", .integer, default: nil, shown: "K"),
                     .keyword("padding", .integer, default: .integer(0))],
        usage: "maxpool 2", output: .featureMaps
    ) { a, _ in
        try MaxPool2D(kernelSize: a.integer("kernel"), stride: a.optionalInteger("stride"), padding: a.integer("padding"))
    }

    public var configuration: Arguments {
        Arguments(["kernel": .integer(kernelSize), "stride": .integer(stride), "padding": .integer(padding)])
    }
}
