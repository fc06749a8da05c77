/// BatchNorm1d and BatchNorm2d on buffers: the passes of `BatchNormalization` (statistics and gradient
/// sums in Double, in the order outer, channel, inner; `BatchNormalization+Passes.swift`), for `[N, features]` batches (inner = 1)
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
    /// The mean, 1/√(σ² + ε) and γ of the last forward pass, and whether it used the batch's statistics.
    private var meanUsed: [Float], inverseStd: [Float], gammaUsed: [Float]
    private var batchStatistics = false
    /// Per-channel Double sums, reused by every pass.
    private var sums: [Double], squares: [Double]

    init(_ layer: any Layer, _ normalization: BatchNormalization, sampleShape: [Int], batchCapacity: Int) throws {
        self.layer = layer
        self.normalization = normalization
        self.sampleShape = sampleShape
        inner = try Shape.elementCount(Array(sampleShape.dropFirst()))
        let f = normalization.channels
        normalized = try FloatBuffer(rows: batchCapacity, columns: try Shape.elementCount([f, inner]))
        meanUsed = [Float](repeating: 0, count: f)
        inverseStd = meanUsed
        gammaUsed = meanUsed
        sums = [Double](repeating: 0, count: f)
        squares = sums
    }

    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch n: Int) throws {
        let (f, inner) = (normalization.channels, self.inner)
        batchStatistics = layer.isTraining
        if batchStatistics {
            guard n * inner >= 2 else {
                let shape = EngineError.format([n] + sampleShape)
                throw EngineError.invalidArgument(layer is BatchNorm1d
                    ? "BatchNorm1d in training needs at least 2 samples per batch; got \(shape)"
                    : "BatchNorm2d in training needs at least 2 values per channel (N·H·W ≥ 2); got \(shape)")
            }
            BatchNormalization.statistics(x, outer: n, channels: f, inner: inner, mean: &sums, squares: &squares)
            normalization.updateRunning(mean: sums, squares: squares, m: n * inner, meanUsed: &meanUsed,
                                        inverseStd: &inverseStd)
        } else {
            normalization.runningStatistics(meanUsed: &meanUsed, inverseStd: &inverseStd)
        }
        normalization.gamma.withValues { g in for j in 0 ..< f { gammaUsed[j] = g[j] } }
        normalization.beta.withValues { b in
            BatchNormalization.normalize(x, outer: n, channels: f, inner: inner, mean: meanUsed, inverseStd: inverseStd,
                                         gamma: gammaUsed, beta: b, normalized: normalized.pointer, into: y)
        }
    }

    func backward(x: UnsafePointer<Float>, y: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                  dx: UnsafeMutablePointer<Float>?, batch n: Int) {
        let (f, inner, xhat) = (normalization.channels, self.inner, normalized.pointer)
        // Σ dy into sums, Σ dy·x̂ into squares.
        BatchNormalization.gradientSums(dy, normalized: xhat, outer: n, channels: f, inner: inner, sumG: &sums,
                                        sumGX: &squares)
        if let dx {
            BatchNormalization.inputGradient(dy, normalized: xhat, outer: n, channels: f, inner: inner,
                                             gamma: gammaUsed, inverseStd: inverseStd, sumG: sums, sumGX: squares,
                                             batchStatistics: batchStatistics, into: dx)
        }
        normalization.gamma.withGradient { dg in for j in 0 ..< f { dg[j] = Float(squares[j]) } }
        normalization.beta.withGradient { db in for j in 0 ..< f { db[j] = Float(sums[j]) } }
    }
}
