/// Layer normalization (Ba, Kiros & Hinton 2016), PyTorch's `nn.LayerNorm`: each sample is normalized
/// over its last dimensions, `normalizedShape`, with its own mean and variance, the same in training
/// and evaluation (no running statistics).
///
/// Shapes: input `[N, ..., normalizedShape...]`, output the same. With `affine` (PyTorch's
/// `elementwise_affine`, the default) the parameters are `weight` (γ, starting at ones) and `bias` (β,
/// zeros), each of shape `normalizedShape`, so `2 · D` parameters with `D = normalizedShape`'s element
/// count (`LayerNorm([64])`: 128). No L1/L2 penalty applies.
///
/// For each row x of D values (every position of the leading axes):
///
///     μ  = (1/D) Σ_i x_i                     mean
///     σ² = (1/D) Σ_i (x_i − μ)²              biased variance, as PyTorch
///     r  = 1 / √(σ² + ε)
///     x̂_i = (x_i − μ) · r
///     y_i = γ_i · x̂_i + β_i
///
/// Backward (one fused node; the closed form through μ and σ², with ĝ_i = g_i · γ_i):
///
///     ∂L/∂x_i = (r / D) · (D · ĝ_i − Σ_k ĝ_k − x̂_i · Σ_k ĝ_k · x̂_k)
///     ∂L/∂γ_i = Σ_rows g_i · x̂_i,    ∂L/∂β_i = Σ_rows g_i
///
/// The passes on buffers (`LayerNorm+Kernel.swift`) are shared by this autodiff operation and the
/// buffered kernel; sums are in `Double`.
public final class LayerNorm: Layer {
    /// The trailing dimensions normalized over (PyTorch's `normalized_shape`).
    public let normalizedShape: [Int]
    /// Added to the variance before the square root; positive.
    public let eps: Float
    /// γ, of shape ``normalizedShape``, starting at ones; `nil` without `affine`.
    public let weight: Tensor?
    /// β, of shape ``normalizedShape``, starting at zeros; `nil` without `affine`.
    public let bias: Tensor?
    public var isTraining = true

    /// Values per normalized row, D.
    let width: Int

    /// - Throws: ``EngineError/invalidArgument(_:)`` for an empty shape, a dimension below 1, or a
    ///   non-positive or non-finite `eps`; an allocation error for a huge shape.
    public init(normalizedShape: [Int], eps: Float = 1e-5, affine: Bool = true) throws {
        guard !normalizedShape.isEmpty, normalizedShape.allSatisfy({ $0 > 0 }) else {
            throw EngineError.invalidArgument("LayerNorm needs a shape of positive sizes; got \(EngineError.format(normalizedShape))")
        }
        guard eps > 0, eps.isFinite else { throw EngineError.invalidArgument("LayerNorm needs eps > 0; got \(eps)") }
        self.normalizedShape = normalizedShape
        self.eps = eps
        width = try Shape.elementCount(normalizedShape)
        weight = affine ? try Tensor.ones(normalizedShape, requiresGrad: true) : nil
        bias = affine ? try Tensor.zeros(normalizedShape, requiresGrad: true) : nil
    }

    /// Whether the layer has γ and β.
    public var isAffine: Bool { weight != nil }

    public var name: String { "LayerNorm" }
    /// `LayerNorm([64], eps=1e-05)`, with `affine=false` when it has no γ and β.
    public var description: String {
        "LayerNorm(\(EngineError.format(normalizedShape)), eps=\(eps)" + (isAffine ? ")" : ", affine=false)")
    }

    public var parameters: [Tensor] { [weight, bias].compactMap { $0 } }
    /// Named as PyTorch names them.
    public var state: [(name: String, tensor: Tensor)] {
        guard let weight, let bias else { return [] }
        return [("weight", weight), ("bias", bias)]
    }

    /// The same shape. - Throws: a shape mismatch unless the sample shape ends with ``normalizedShape``.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count >= normalizedShape.count, Array(inputShape.suffix(normalizedShape.count)) == normalizedShape else {
            throw EngineError.shapeMismatch(operation: "LayerNorm", inputShape, normalizedShape)
        }
        return inputShape
    }

    /// - Throws: a shape mismatch unless `input` is `[N, ..., normalizedShape...]`.
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        guard input.rank > normalizedShape.count else {
            throw EngineError.shapeMismatch(operation: "LayerNorm", input.shape, normalizedShape)
        }
        _ = try outputShape(for: Array(input.shape.dropFirst()))
        let (d, rows) = (width, input.count / width)
        try MemoryBudget.check(2 * input.count, of: Float.self, shape: input.shape)  // x̂ and y
        var normalized = [Float](repeating: 0, count: input.count), output = normalized
        var inverseStd = [Float](repeating: 0, count: rows)
        let gammaUsed = weight?.data, betaUsed = bias?.data
        if rows > 0 {
            input.withValues { x in
                withOptionalValues(gammaUsed) { gamma in
                    withOptionalValues(betaUsed) { beta in
                        LayerNormPasses.forward(x, rows: rows, width: d, eps: eps, gamma: gamma, beta: beta,
                                                normalized: &normalized, inverseStd: &inverseStd, into: &output)
                    }
                }
            }
        }
        let out = try Tensor(shape: input.shape, data: output)
        let (weight, bias) = (self.weight, self.bias)
        return Tensor.record(out, "layer_norm", [input] + parameters) { [normalized, inverseStd] g in
            try MemoryBudget.check(input.count, of: Float.self, shape: input.shape)
            var dx = [Float](repeating: 0, count: input.count)
            var sumG = [Double](repeating: 0, count: d), sumGX = sumG
            if rows > 0 {
                g.withValues { g in
                    withOptionalValues(gammaUsed) { gamma in
                        dx.withUnsafeMutableBufferPointer { dx in
                            LayerNormPasses.backward(g, normalized: normalized, inverseStd: inverseStd, rows: rows, width: d,
                                                     gamma: gamma, into: input.requiresGrad ? dx.baseAddress : nil,
                                                     sumG: &sumG, sumGX: &sumGX)
                        }
                    }
                }
            }
            var gradients: [Tensor?] = [input.requiresGrad ? try Tensor(shape: input.shape, data: dx) : nil]
            if let weight, let bias {
                gradients.append(weight.requiresGrad ? try Tensor(shape: weight.shape, data: sumGX.map(Float.init)) : nil)
                gradients.append(bias.requiresGrad ? try Tensor(shape: bias.shape, data: sumG.map(Float.init)) : nil)
            }
            return gradients
        }
    }
}

/// `body` on the elements of `values`, or on `nil` without them.
private func withOptionalValues<R>(_ values: [Float]?, _ body: (UnsafePointer<Float>?) -> R) -> R {
    guard let values else { return body(nil) }
    return values.withUnsafeBufferPointer { body($0.baseAddress) }
}

extension LayerNorm: RegisteredLayer {
    public static let registration = LayerRegistration(
        name: "layernorm", tag: "LayerNorm",
        summary: "Layer normalization: each sample normalized over its last dimensions SHAPE (a size or a list), with learnable scale and shift unless affine=false.",
        example: "model = sequential\nmodel.add(linear 2 16)\nmodel.add(layernorm 16)",
        parameters: [.positional("shape", "SHAPE", .shape), .keyword("eps", .number, default: .number(1e-5), shown: "1e-5"),
                     .keyword("affine", .flag, default: .flag(true))],
        usage: "layernorm 16",
        stateCount: { a in
            (try? a.flag("affine")) == true ? Arguments.product([2] + ((try? a.integers("shape")) ?? []).map { Swift.max(0, $0) }) : 0
        }
    ) { a, _ in try LayerNorm(normalizedShape: a.integers("shape"), eps: a.float("eps"), affine: a.flag("affine")) }

    public var configuration: Arguments {
        Arguments(["shape": .integers(normalizedShape), "eps": .number(Double(eps)), "affine": .flag(isAffine)])
    }
}
