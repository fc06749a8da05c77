/// Batch normalization over a batch of feature vectors (Ioffe & Szegedy 2015), with PyTorch's semantics.
///
/// Shapes: input `[N, features]`, output the same. Parameters: `gamma` (scale, starts at ones) and
/// `beta` (shift, zeros), each `[features]`, so `2 · features` parameters (`BatchNorm1d(100)`: 200). The
/// running statistics are buffers: saved in ``state`` but not parameters. No L1/L2 penalty applies.
///
/// Training, for each feature j over the batch (i = 1…N):
///
///     μ_j  = (1/N) Σ_i x_ij                        batch mean
///     σ²_j = (1/N) Σ_i (x_ij − μ_j)²               biased batch variance (used to normalize)
///     r_j  = 1 / √(σ²_j + ε)
///     x̂_ij = (x_ij − μ_j) · r_j
///     y_ij = γ_j · x̂_ij + β_j
///
/// and the running statistics move towards the batch's, with the UNBIASED variance:
///
///     running_mean ← (1 − momentum) · running_mean + momentum · μ
///     running_var  ← (1 − momentum) · running_var  + momentum · σ² · N / (N − 1)
///
/// Backward (one fused node; the closed form that follows from differentiating through μ and σ²):
///
///     ∂L/∂β_j  = Σ_i g_ij
///     ∂L/∂γ_j  = Σ_i g_ij · x̂_ij
///     ∂L/∂x_ij = (γ_j · r_j / N) · (N · g_ij − Σ_k g_kj − x̂_ij · Σ_k g_kj · x̂_kj)
///
/// Evaluation normalizes with the running statistics instead, `x̂ = (x − running_mean) / √(running_var + ε)`,
/// a fixed affine map per feature, so `∂L/∂x_ij = g_ij · γ_j / √(running_var_j + ε)`.
///
/// Sums are accumulated in `Double`, so the statistics do not lose precision on large batches. The
/// arithmetic is shared with ``BatchNorm2d`` (`BatchNormalization.swift`).
///
/// Edge cases: training needs at least 2 samples (with one, the variance is 0 and the unbiased variance
/// undefined; PyTorch refuses too). Evaluation takes any batch size, including 0.
public final class BatchNorm1d: Layer {
    public let features: Int
    /// The weight of the newest batch in the running statistics, in [0, 1].
    public let momentum: Float
    /// Added to the variance before the square root, for stability; positive.
    public let eps: Float
    /// The learnable scale γ, `[features]`, starting at ones.
    public let gamma: Tensor
    /// The learnable shift β, `[features]`, starting at zeros.
    public let beta: Tensor
    /// The running mean, `[features]`, starting at zeros; used in evaluation.
    public let runningMean: Tensor
    /// The running (unbiased) variance, `[features]`, starting at ones; used in evaluation.
    public let runningVar: Tensor
    public var isTraining = true

    /// - Throws: ``EngineError/invalidArgument(_:)`` for `features < 1`, a momentum outside [0, 1] or a
    ///   non-positive or non-finite `eps`.
    public init(features: Int, momentum: Float = 0.1, eps: Float = 1e-5) throws {
        try checkBatchNormSettings("BatchNorm1d", channels: features, momentum: momentum, eps: eps)
        self.features = features
        self.momentum = momentum
        self.eps = eps
        gamma = try Tensor.ones([features], requiresGrad: true)
        beta = try Tensor.zeros([features], requiresGrad: true)
        runningMean = try Tensor.zeros([features])
        runningVar = try Tensor.ones([features])
    }

    public var name: String { "BatchNorm1d" }
    /// `BatchNorm1d(100, momentum=0.1, eps=1e-05)`, PyTorch's wording.
    public var description: String { "BatchNorm1d(\(features), momentum=\(momentum), eps=\(eps))" }

    public var parameters: [Tensor] { [gamma, beta] }
    /// Named as PyTorch names them: γ is `weight`, β is `bias`.
    public var state: [(name: String, tensor: Tensor)] {
        [("weight", gamma), ("bias", beta), ("running_mean", runningMean), ("running_var", runningVar)]
    }

    public var expectedInputShape: [Int]? { [features] }

    /// `[features] → [features]`. - Throws: a shape mismatch for any other sample shape.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        try checkSample(inputShape, equals: [features])
        return [features]
    }

    /// Normalizes with the batch's statistics (training, updating the running ones) or the running
    /// statistics (evaluation).
    /// - Throws: when `input` is not `[N, features]`; in training, when N < 2.
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try checkBatch(input, sampleShape: [features])
        let n = input.shape[0]
        if isTraining {
            guard n >= 2 else {
                throw EngineError.invalidArgument(
                    "BatchNorm1d in training needs at least 2 samples per batch; got \(EngineError.format(input.shape))")
            }
        }
        return try normalization(input, outer: n, inner: 1, training: isTraining)
    }

    /// The shared arithmetic, with one channel per feature.
    private var normalization: BatchNormalization {
        BatchNormalization(channels: features, momentum: momentum, eps: eps, gamma: gamma, beta: beta,
                           runningMean: runningMean, runningVar: runningVar)
    }
}

extension BatchNorm1d: RegisteredLayer {
    public static let registration = LayerRegistration(
        name: "batchnorm", tag: "BatchNorm1d",
        summary: "Batch normalization over FEATURES: batch statistics in training, running statistics in evaluation (added after a convolution or pooling, it normalizes each channel, as batchnorm2d).",
        example: "model = sequential\nmodel.add(linear 2 100)\nmodel.add(batchnorm 100)",
        parameters: [.positional("features", "FEATURES", .integer),
                     .keyword("momentum", .number, default: .number(0.1)),
                     .keyword("eps", .number, default: .number(1e-5), shown: "1e-5")],
        usage: "batchnorm 100", output: .vectors,
        stateCount: { a in Arguments.product([a.size("features"), 4]) }  // γ, β, running mean and variance
    ) { a, _ in
        try BatchNorm1d(features: a.integer("features"), momentum: a.float("momentum"), eps: a.float("eps"))
    }

    public var configuration: Arguments {
        Arguments(["features": .integer(features), "momentum": .number(Double(momentum)), "eps": .number(Double(eps))])
    }
}
