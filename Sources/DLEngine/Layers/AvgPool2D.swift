/// Average pooling over the spatial axes of NCHW feature maps (PyTorch's `nn.AvgPool2d` with its
/// defaults): ``Tensor/avgPool2d(kernelSize:stride:padding:)``.
///
/// Shapes: input `[N, C, H, W]`, output `[N, C, OH, OW]` with `OH = ⌊(H + 2p − k) / s⌋ + 1`. No
/// parameters. Padding counts as zeros in the mean (`count_include_pad = True`): every window's sum is
/// divided by `k²`, also at the borders.
public final class AvgPool2D: Layer {
    public let kernelSize: Int
    public let stride: Int
    public let padding: Int
    public var isTraining = true

    /// - Parameters: as ``MaxPool2D/init(kernelSize:stride:padding:)``.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for a value out of range.
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) throws {
        (self.kernelSize, self.stride, self.padding) = try poolingSettings(
            "AvgPool2D", kernelSize: kernelSize, stride: stride, padding: padding)
    }

    public var name: String { "AvgPool2D" }
    /// `AvgPool2D(kernel=2, stride=2)`, with `padding=1` when there is padding.
    public var description: String { poolingDescription(name, kernelSize, stride, padding) }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try checkFeatureMaps(input, channels: nil)
        return try input.avgPool2d(kernelSize: kernelSize, stride: stride, padding: padding)
    }

    /// `[C, H, W] → [C, OH, OW]`. - Throws: for a rank other than 3 or maps smaller than the window.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        try poolingOutputShape(self, inputShape, kernelSize, stride, padding)
    }
}

extension AvgPool2D: RegisteredLayer {
    public static let registration = LayerRegistration(
        name: "avgpool", tag: "AvgPool2D", summary: "Average pooling over K x K windows of feature maps (padding counts as zeros).",
        example: "model = sequential\nmodel.add(avgpool 2)",
        parameters: [.positional("kernel", "K", .integer), .keyword("stride", .integer, default: nil, shown: "K"),
                     .keyword("padding", .integer, default: .integer(0))],
        usage: "avgpool 2", output: .featureMaps
    ) { a, _ in
        try AvgPool2D(kernelSize: a.integer("kernel"), stride: a.optionalInteger("stride"), padding: a.integer("padding"))
    }

    public var configuration: Arguments {
        Arguments(["kernel": .integer(kernelSize), "stride": .integer(stride), "padding": .integer(padding)])
    }
}
