/// The passes of batch normalization on raw buffers of `outer × channels × inner` values, shared by the
/// autodiff operation (``BatchNormalization/callAsFunction(_:outer:inner:training:)``) and the buffered
/// `BatchNormKernel`, so the two compute the same bits. Sums are in `Double`, in the order outer,
/// channel, inner.
extension BatchNormalization {
    /// The per-channel mean (into `mean`) and sum of squared deviations from it (into `squares`) of `x`.
    static func statistics(_ x: UnsafePointer<Float>, outer: Int, channels f: Int, inner: Int,
                           mean: UnsafeMutablePointer<Double>, squares: UnsafeMutablePointer<Double>) {
        let m = outer * inner
        for j in 0 ..< f { mean[j] = 0; squares[j] = 0 }
        for o in 0 ..< outer { for j in 0 ..< f { for i in 0 ..< inner { mean[j] += Double(x[(o * f + j) * inner + i]) } } }
        for j in 0 ..< f { mean[j] /= Double(m) }
        for o in 0 ..< outer {
            for j in 0 ..< f {
                for i in 0 ..< inner {
                    let d = Double(x[(o * f + j) * inner + i]) - mean[j]
                    squares[j] += d * d
                }
            }
        }
    }

    /// Moves the running statistics towards the batch's (the unbiased variance, `squares / (m − 1)`) and
    /// writes the Float mean and `1/√(σ² + ε)` (biased σ²) the normalization uses.
    func updateRunning(mean: UnsafePointer<Double>, squares: UnsafePointer<Double>, m: Int,
                       meanUsed: UnsafeMutablePointer<Float>, inverseStd: UnsafeMutablePointer<Float>) {
        let (f, rate) = (channels, Double(momentum))
        runningMean.withUnsafeMutableBufferPointer { rm in
            for j in 0 ..< f { rm[j] = Float((1 - rate) * Double(rm[j]) + rate * mean[j]) }
        }
        runningVar.withUnsafeMutableBufferPointer { rv in
            for j in 0 ..< f { rv[j] = Float((1 - rate) * Double(rv[j]) + rate * (squares[j] / Double(m - 1))) }
        }
        for j in 0 ..< f {
            meanUsed[j] = Float(mean[j])
            inverseStd[j] = 1 / (Float(squares[j] / Double(m)) + eps).squareRoot()
        }
    }

    /// The running statistics as the normalization's mean and `1/√(σ² + ε)` (evaluation).
    func runningStatistics(meanUsed: UnsafeMutablePointer<Float>, inverseStd: UnsafeMutablePointer<Float>) {
        runningMean.withValues { rm in for j in 0 ..< channels { meanUsed[j] = rm[j] } }
        runningVar.withValues { rv in for j in 0 ..< channels { inverseStd[j] = 1 / (rv[j] + eps).squareRoot() } }
    }

    /// x̂ = (x − mean) · inverseStd into `normalized`, y = γ · x̂ + β into `y`.
    static func normalize(_ x: UnsafePointer<Float>, outer: Int, channels f: Int, inner: Int,
                          mean: UnsafePointer<Float>, inverseStd: UnsafePointer<Float>, gamma: UnsafePointer<Float>,
                          beta: UnsafePointer<Float>, normalized: UnsafeMutablePointer<Float>,
                          into y: UnsafeMutablePointer<Float>) {
        for o in 0 ..< outer {
            for j in 0 ..< f {
                for i in 0 ..< inner {
                    let k = (o * f + j) * inner + i
                    let xhat = (x[k] - mean[j]) * inverseStd[j]
                    normalized[k] = xhat
                    y[k] = gamma[j] * xhat + beta[j]
                }
            }
        }
    }

    /// Per channel, Σ g into `sumG` and Σ g · x̂ into `sumGX` (dβ and dγ, and terms of dx).
    static func gradientSums(_ g: UnsafePointer<Float>, normalized: UnsafePointer<Float>, outer: Int, channels f: Int,
                             inner: Int, sumG: UnsafeMutablePointer<Double>, sumGX: UnsafeMutablePointer<Double>) {
        for j in 0 ..< f { sumG[j] = 0; sumGX[j] = 0 }
        for o in 0 ..< outer {
            for j in 0 ..< f {
                for i in 0 ..< inner {
                    let k = (o * f + j) * inner + i
                    sumG[j] += Double(g[k])
                    sumGX[j] += Double(g[k]) * Double(normalized[k])
                }
            }
        }
    }

    /// dx: with batch statistics `γ/(m·√(σ²+ε)) · (m·g − Σg − x̂·Σ(g·x̂))`, else `γ·g/√(σ²+ε)`.
    static func inputGradient(_ g: UnsafePointer<Float>, normalized: UnsafePointer<Float>, outer: Int, channels f: Int,
                              inner: Int, gamma: UnsafePointer<Float>, inverseStd: UnsafePointer<Float>,
                              sumG: UnsafePointer<Double>, sumGX: UnsafePointer<Double>, batchStatistics: Bool,
                              into dx: UnsafeMutablePointer<Float>) {
        let m = outer * inner
        for o in 0 ..< outer {
            for j in 0 ..< f {
                let scale = Double(gamma[j]) * Double(inverseStd[j])
                for i in 0 ..< inner {
                    let k = (o * f + j) * inner + i
                    dx[k] = batchStatistics
                        ? Float(scale / Double(m) * (Double(m) * Double(g[k]) - sumG[j] - Double(normalized[k]) * sumGX[j]))
                        : Float(scale * Double(g[k]))
                }
            }
        }
    }
}
