/// BatchNorm1d and BatchNorm2d on buffers: the arithmetic of `BatchNormalization` (statistics and
/// gradient sums in Double, in the order outer, channel, inner), for `[N, features]` batches (inner = 1)
/// and `[N, C, H, W]` batches (inner = H·W), so both training loops agree to the bit.
extension BatchNorm1d: BufferedLayer {
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        _ = try outputShape(for: sampleShape)
        return try BatchNormKernel(self, normalization(), sampleShape: sampleShape, batchCapacity: batchCapacity)
    }

    private func normalization() -> BatchNormalization {
        BatchNormalization(channels: features, momentum: momentum, eps: eps, gamma: gamma, beta: beta,
                           runningMean: runningMean, runningVar: runningVar)
    }
}

extension BatchNorm2d: BufferedLayer {
    /// - Throws: the layer's shape errors for `sampleShape` (`[channels, H, W]`).
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        _ = try outputShape(for: sampleShape)
        let normalization = BatchNormalization(channels: channels, momentum: momentum, eps: eps, gamma: gamma,
                                                beta: beta, runningMean: runningMean, runningVar: runningVar)
        return try BatchNormKernel(self, normalization, sampleShape: sampleShape, batchCapacity: batchCapacity)
    }
}

/// Training: `x̂ = (x − μ_B) / √(σ²_B + ε)` with the batch's mean and (biased) variance per channel over
/// its `m = N · inner` values, `y = γ·x̂ + β`, and the running statistics updated with the unbiased
/// variance. Evaluation: the running statistics. Backward with batch statistics, per channel:
/// `dx = γ/(m·√(σ²+ε)) · (m·dy − Σdy − x̂·Σ(dy·x̂))`, `dγ = Σ(dy·x̂)`, `dβ = Σdy`; with running
/// statistics `dx = γ·dy/√(σ²+ε)`.
final class BatchNormKernel: LayerKernel {
    /// The layer, for its training mode and its name in errors.
    let layer: any Layer
    let normalization: BatchNormalization
    /// Values per channel and sample (1, or H·W).
    let inner: Int
    /// `[features]` or `[C, H, W]`, for the error message.
    let sampleShape: [Int]
    var inputCount: Int { normalization.channels * inner }
    var outputCount: Int { inputCount }
    /// x̂ of the last forward pass.
    private let normalized: FloatBuffer
    /// 1/√(σ² + ε) and γ of the last forward pass, and whether it used the batch's statistics.
    private var inverseStd: [Float], gammaUsed: [Float]
    private var batchStatistics = false
    /// Per-channel Double sums, reused by every pass.
    private var sums: [Double], squares: [Double]

    init(_ layer: any Layer, _ normalization: BatchNormalization, sampleShape: [Int], batchCapacity: Int) throws {
        self.layer = layer
        self.sampleShape = sampleShape
        let inner = try Shape.elementCount(Array(sampleShape.dropFirst()))
        self.normalization = normalization
        self.inner = inner
        let f = normalization.channels
        normalized = try FloatBuffer(rows: batchCapacity, columns: try Shape.elementCount([f, inner]))
        inverseStd = [Float](repeating: 0, count: f)
        gammaUsed = inverseStd
        sums = [Double](repeating: 0, count: f)
        squares = sums
    }

    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch n: Int) throws {
        let (f, inner, eps) = (normalization.channels, self.inner, normalization.eps)
        let m = n * inner
        batchStatistics = layer.isTraining
        if batchStatistics {
            guard m >= 2 else {
                let shape = EngineError.format([n] + sampleShape)
                throw EngineError.invalidArgument(layer is BatchNorm1d
                    ? "BatchNorm1d in training needs at least 2 samples per batch; got \(shape)"
                    : "BatchNorm2d in training needs at least 2 values per channel (N·H·W ≥ 2); got \(shape)")
            }
            for j in 0 ..< f { sums[j] = 0; squares[j] = 0 }
            for o in 0 ..< n { for j in 0 ..< f { for i in 0 ..< inner { sums[j] += Double(x[(o * f + j) * inner + i]) } } }
            for j in 0 ..< f { sums[j] /= Double(m) }  // now the mean
            for o in 0 ..< n {
                for j in 0 ..< f {
                    for i in 0 ..< inner {
                        let d = Double(x[(o * f + j) * inner + i]) - sums[j]
                        squares[j] += d * d
                    }
                }
            }
            let rate = Double(normalization.momentum)
            normalization.runningMean.withUnsafeMutableBufferPointer { rm in
                for j in 0 ..< f { rm[j] = Float((1 - rate) * Double(rm[j]) + rate * sums[j]) }
            }
            normalization.runningVar.withUnsafeMutableBufferPointer { rv in
                for j in 0 ..< f { rv[j] = Float((1 - rate) * Double(rv[j]) + rate * (squares[j] / Double(m - 1))) }
            }
            for j in 0 ..< f { inverseStd[j] = 1 / (Float(squares[j] / Double(m)) + eps).squareRoot() }
        } else {
            normalization.runningVar.withValues { rv in
                for j in 0 ..< f { inverseStd[j] = 1 / (rv[j] + eps).squareRoot() }
            }
        }
        normalization.gamma.withValues { g in for j in 0 ..< f { gammaUsed[j] = g[j] } }
        let xhat = normalized.pointer
        // The batch mean rounded to Float, as the autodiff form subtracts it.
        normalization.beta.withValues { b in
            normalization.runningMean.withValues { rm in
                for o in 0 ..< n {
                    for j in 0 ..< f {
                        let mu = batchStatistics ? Float(sums[j]) : rm[j]
                        for i in 0 ..< inner {
                            let k = (o * f + j) * inner + i
                            xhat[k] = (x[k] - mu) * inverseStd[j]
                            y[k] = gammaUsed[j] * xhat[k] + b[j]
                        }
                    }
                }
            }
        }
    }

    func backward(x: UnsafePointer<Float>, y: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                  dx: UnsafeMutablePointer<Float>?, batch n: Int) {
        let (f, inner, xhat) = (normalization.channels, self.inner, normalized.pointer)
        let m = n * inner
        for j in 0 ..< f { sums[j] = 0; squares[j] = 0 }  // Σ dy and Σ dy·x̂
        for o in 0 ..< n {
            for j in 0 ..< f {
                for i in 0 ..< inner {
                    let k = (o * f + j) * inner + i
                    sums[j] += Double(dy[k])
                    squares[j] += Double(dy[k]) * Double(xhat[k])
                }
            }
        }
        if let dx {
            for o in 0 ..< n {
                for j in 0 ..< f {
                    let scale = Double(gammaUsed[j]) * Double(inverseStd[j])
                    for i in 0 ..< inner {
                        let k = (o * f + j) * inner + i
                        dx[k] = batchStatistics
                            ? Float(scale / Double(m) * (Double(m) * Double(dy[k]) - sums[j] - Double(xhat[k]) * squares[j]))
                            : Float(scale * Double(dy[k]))
                    }
                }
            }
        }
        normalization.gamma.withGradient { dg in for j in 0 ..< f { dg[j] = Float(squares[j]) } }
        normalization.beta.withGradient { db in for j in 0 ..< f { db[j] = Float(sums[j]) } }
    }
}
