/// BatchNorm1d on buffers: the arithmetic of `BatchNormalization` (statistics and gradient sums in
/// Double, in the same order), for `[N, features]` batches, so both training loops agree.
extension BatchNorm1d: BufferedLayer {
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        _ = try outputShape(for: sampleShape)
        return BatchNorm1dKernel(self, normalized: try FloatBuffer(rows: batchCapacity, columns: features))
    }
}

/// Training: `x̂ = (x − μ_B) / √(σ²_B + ε)` with the batch's mean and (biased) variance, `y = γ·x̂ + β`,
/// and the running statistics updated with the unbiased variance. Evaluation: the running statistics.
/// Backward with batch statistics, per feature over the m samples:
/// `dx = γ/(m·√(σ²+ε)) · (m·dy − Σdy − x̂·Σ(dy·x̂))`, `dγ = Σ(dy·x̂)`, `dβ = Σdy`; with running
/// statistics `dx = γ·dy/√(σ²+ε)`.
final class BatchNorm1dKernel: LayerKernel {
    let layer: BatchNorm1d
    var inputCount: Int { layer.features }
    var outputCount: Int { layer.features }
    /// x̂ of the last forward pass.
    private let normalized: FloatBuffer
    /// 1/√(σ² + ε) and γ of the last forward pass, and whether it used the batch's statistics.
    private var inverseStd: [Float], gammaUsed: [Float]
    private var batchStatistics = false
    /// Per-feature Double sums, reused by every pass.
    private var sums: [Double], squares: [Double]

    init(_ layer: BatchNorm1d, normalized: FloatBuffer) {
        self.layer = layer
        self.normalized = normalized
        let f = layer.features
        inverseStd = [Float](repeating: 0, count: f)
        gammaUsed = inverseStd
        sums = [Double](repeating: 0, count: f)
        squares = sums
    }

    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch m: Int) throws {
        let f = layer.features, eps = layer.eps
        batchStatistics = layer.isTraining
        if batchStatistics {
            guard m >= 2 else {
                throw EngineError.invalidArgument(
                    "BatchNorm1d in training needs at least 2 samples per batch; got \(EngineError.format([m, f]))")
            }
            for j in 0 ..< f { sums[j] = 0; squares[j] = 0 }
            for o in 0 ..< m { for j in 0 ..< f { sums[j] += Double(x[o * f + j]) } }
            for j in 0 ..< f { sums[j] /= Double(m) }  // now the mean
            for o in 0 ..< m {
                for j in 0 ..< f {
                    let d = Double(x[o * f + j]) - sums[j]
                    squares[j] += d * d
                }
            }
            let rate = Double(layer.momentum)
            layer.runningMean.withUnsafeMutableBufferPointer { rm in
                for j in 0 ..< f { rm[j] = Float((1 - rate) * Double(rm[j]) + rate * sums[j]) }
            }
            layer.runningVar.withUnsafeMutableBufferPointer { rv in
                for j in 0 ..< f { rv[j] = Float((1 - rate) * Double(rv[j]) + rate * (squares[j] / Double(m - 1))) }
            }
            for j in 0 ..< f { inverseStd[j] = 1 / (Float(squares[j] / Double(m)) + eps).squareRoot() }
        } else {
            layer.runningVar.withValues { rv in
                for j in 0 ..< f { inverseStd[j] = 1 / (rv[j] + eps).squareRoot() }
            }
        }
        layer.gamma.withValues { g in for j in 0 ..< f { gammaUsed[j] = g[j] } }
        let xhat = normalized.pointer
        // The batch mean rounded to Float, as the autodiff form subtracts it.
        layer.beta.withValues { b in
            layer.runningMean.withValues { rm in
                for o in 0 ..< m {
                    for j in 0 ..< f {
                        let k = o * f + j
                        let mu = batchStatistics ? Float(sums[j]) : rm[j]
                        xhat[k] = (x[k] - mu) * inverseStd[j]
                        y[k] = gammaUsed[j] * xhat[k] + b[j]
                    }
                }
            }
        }
    }

    func backward(x: UnsafePointer<Float>, y: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                  dx: UnsafeMutablePointer<Float>?, batch m: Int) {
        let f = layer.features, xhat = normalized.pointer
        for j in 0 ..< f { sums[j] = 0; squares[j] = 0 }  // Σ dy and Σ dy·x̂
        for o in 0 ..< m {
            for j in 0 ..< f {
                let k = o * f + j
                sums[j] += Double(dy[k])
                squares[j] += Double(dy[k]) * Double(xhat[k])
            }
        }
        if let dx {
            for o in 0 ..< m {
                for j in 0 ..< f {
                    let k = o * f + j, scale = Double(gammaUsed[j]) * Double(inverseStd[j])
                    dx[k] = batchStatistics
                        ? Float(scale / Double(m) * (Double(m) * Double(dy[k]) - sums[j] - Double(xhat[k]) * squares[j]))
                        : Float(scale * Double(dy[k]))
                }
            }
        }
        layer.gamma.withGradient { dg in for j in 0 ..< f { dg[j] = Float(squares[j]) } }
        layer.beta.withGradient { db in for j in 0 ..< f { db[j] = Float(sums[j]) } }
    }
}
