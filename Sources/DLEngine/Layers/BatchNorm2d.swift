/// Batch normalization of feature maps (Ioffe & Szegedy 2015), PyTorch's `nn.BatchNorm2d`: one mean
/// and variance per channel, over the batch and both spatial axes.
///
/// Shapes: input `[N, channels, H, W]`, output the same. Parameters: `gamma` (ones) and `beta` (zeros),
/// each `[channels]`, so `2 · channels` parameters (`BatchNorm2d(16)`: 32); the running mean and
/// (unbiased) variance are buffers, saved in ``state``. No L1/L2 penalty applies.
///
/// The equations are ``BatchNorm1d``'s with the statistics of channel `c` taken over the
/// `m = N · H · W` values `x[n, c, h, w]` (and `N` read as `m`, also in the unbiased variance
/// `σ² · m / (m − 1)` of the running statistics); the arithmetic is shared (`BatchNormalization.swift`).
/// Training moves the running statistics; evaluation normalizes with them.
///
/// Edge cases: training needs at least 2 values per channel (`N · H · W ≥ 2`; PyTorch refuses one too).
/// Evaluation takes any batch, including an empty one. Only the channel count is fixed, so
/// ``expectedInputShape`` is `nil`.
public final class BatchNorm2d: Layer {
    public let channels: Int
    /// The weight of the newest batch in the running statistics, in [0, 1].
    public let momentum: Float
    /// Added to the variance before the square root, for stability; positive.
    public let eps: Float
    /// The learnable scale γ, `[channels]`, starting at ones.
    public let gamma: Tensor
    /// The learnable shift β, `[channels]`, starting at zeros.
    public let beta: Tensor
    /// The running mean, `[channels]`, starting at zeros; used in evaluation.
    public let runningMean: Tensor
    /// The running (unbiased) variance, `[channels]`, starting at ones; used in evaluation.
    public let runningVar: Tensor
    public var isTraining = true

    /// - Throws: ``EngineError/invalidArgument(_:)`` for `channels < 1`, a momentum outside [0, 1] or a
    ///   non-positive or non-finite `eps`.
    public init(channels: Int, momentum: Float = 0.1, eps: Float = 1e-5) throws {
        try checkBatchNormSettings("BatchNorm2d", channels: channels, momentum: momentum, eps: eps)
        (self.channels, self.momentum, self.eps) = (channels, momentum, eps)
        gamma = try Tensor.ones([channels], requiresGrad: true)
        beta = try Tensor.zeros([channels], requiresGrad: true)
        runningMean = try Tensor.zeros([channels])
        runningVar = try Tensor.ones([channels])
    }

    public var name: String { "BatchNorm2d" }
    /// `BatchNorm2d(16, momentum=0.1, eps=1e-05)`, PyTorch's wording.
    public var description: String { "BatchNorm2d(\(channels), momentum=\(momentum), eps=\(eps))" }

    public var parameters: [Tensor] { [gamma, beta] }
    /// Named as PyTorch names them: γ is `weight`, β is `bias`.
    public var state: [(name: String, tensor: Tensor)] {
        [("weight", gamma), ("bias", beta), ("running_mean", runningMean), ("running_var", runningVar)]
    }

    /// `[channels, H, W] → [channels, H, W]`. - Throws: for another rank or channel count.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        try checkSampleMaps(inputShape, channels: channels)
        return inputShape
    }

    /// Normalizes with the batch's statistics (training, updating the running ones) or the running
    /// statistics (evaluation).
    /// - Throws: when `input` is not `[N, channels, H, W]`; in training, when `N · H · W < 2`.
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try checkFeatureMaps(input, channels: channels)
        let (n, inner) = (input.shape[0], input.shape[2] * input.shape[3])
        if isTraining, n * inner < 2 {
            throw EngineError.invalidArgument(
                "BatchNorm2d in training needs at least 2 values per channel (N·H·W ≥ 2); got \(EngineError.format(input.shape))")
        }
        let normalization = BatchNormalization(channels: channels, momentum: momentum, eps: eps, gamma: gamma,
                                               beta: beta, runningMean: runningMean, runningVar: runningVar)
        return try normalization(input, outer: n, inner: inner, training: isTraining)
    }
}

extension BatchNorm2d: RegisteredLayer {
    public static let registration = LayerRegistration(
        name: "batchnorm2d", tag: "BatchNorm2d",
        summary: "Batch normalization of feature maps: per channel, over the batch and the image.",
        example: "model = sequential\nmodel.add(conv2d 1 8 3)\nmodel.add(batchnorm2d 8)",
        parameters: [.positional("channels", "CHANNELS", .integer),
                     .keyword("momentum", .number, default: .number(0.1)),
                     .keyword("eps", .number, default: .number(1e-5), shown: "1e-5")],
        usage: "batchnorm2d 8", output: .featureMaps,
        stateCount: { a in Arguments.product([a.size("channels"), 4]) }  // γ, β, running mean and variance
    ) { a, _ in
        try BatchNorm2d(channels: a.integer("channels"), momentum: a.float("momentum"), eps: a.float("eps"))
    }

    public var configuration: Arguments {
        Arguments(["channels": .integer(channels), "momentum": .number(Double(momentum)), "eps": .number(Double(eps))])
    }
}
