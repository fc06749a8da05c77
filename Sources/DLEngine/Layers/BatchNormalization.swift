/// The arithmetic of batch normalization shared by ``BatchNorm1d`` (`[N, features]`) and
/// ``BatchNorm2d`` (`[N, C, H, W]`): both see their input as `outer × channels × inner` (inner = 1 for
/// the 1-d layer, `H·W` for the 2-d one) and keep one statistic per channel over the
/// `m = outer · inner` values of that channel. The equations are in ``BatchNorm1d``'s documentation,
/// with `N` read as `m`.
///
/// Sums are accumulated in `Double`, in the order outer, channel, inner, so the statistics do not lose
/// precision on large batches and the 1-d layer computes exactly what it did before the 2-d one existed.
struct BatchNormalization {
    let channels: Int
    let momentum: Float
    let eps: Float
    let gamma: Tensor, beta: Tensor, runningMean: Tensor, runningVar: Tensor

    /// Normalizes with the batch's statistics (training: also moves the running statistics; needs
    /// `m ≥ 2`, checked by the caller) or with the running statistics (evaluation).
    func callAsFunction(_ input: Tensor, outer: Int, inner: Int, training: Bool) throws -> Tensor {
        guard training else {
            let inverseStd = runningVar.data.map { 1 / ($0 + eps).squareRoot() }
            return try affine(input, outer: outer, inner: inner, mean: runningMean.data, inverseStd: inverseStd,
                              batchStatistics: false)
        }
        let (f, m) = (channels, outer * inner)
        var sum = [Double](repeating: 0, count: f), squares = [Double](repeating: 0, count: f)
        input.data.withUnsafeBufferPointer { x in
            for o in 0 ..< outer { for j in 0 ..< f { for i in 0 ..< inner { sum[j] += Double(x[(o * f + j) * inner + i]) } } }
            for j in 0 ..< f { sum[j] /= Double(m) }  // now the mean
            for o in 0 ..< outer {
                for j in 0 ..< f {
                    for i in 0 ..< inner {
                        let d = Double(x[(o * f + j) * inner + i]) - sum[j]
                        squares[j] += d * d
                    }
                }
            }
        }
        let mean = sum.map(Float.init)
        let variance = squares.map { Float($0 / Double(m)) }
        let unbiased = squares.map { $0 / Double(m - 1) }
        let rate = Double(momentum)
        runningMean.withUnsafeMutableBufferPointer { rm in
            for j in 0 ..< f { rm[j] = Float((1 - rate) * Double(rm[j]) + rate * sum[j]) }
        }
        runningVar.withUnsafeMutableBufferPointer { rv in
            for j in 0 ..< f { rv[j] = Float((1 - rate) * Double(rv[j]) + rate * unbiased[j]) }
        }
        let inverseStd = variance.map { 1 / ($0 + eps).squareRoot() }
        return try affine(input, outer: outer, inner: inner, mean: mean, inverseStd: inverseStd, batchStatistics: true)
    }

    /// y = γ · (x − mean) · inverseStd + β as one autodiff node. With `batchStatistics`, mean and
    /// inverseStd depend on x and the backward pass is the full closed form; otherwise they are constants.
    private func affine(_ input: Tensor, outer: Int, inner: Int, mean: [Float], inverseStd: [Float],
                        batchStatistics: Bool) throws -> Tensor {
        let (f, m) = (channels, outer * inner)
        let g0 = gamma.data, b0 = beta.data
        var normalized = [Float](repeating: 0, count: input.count), output = normalized
        input.data.withUnsafeBufferPointer { x in
            for o in 0 ..< outer {
                for j in 0 ..< f {
                    for i in 0 ..< inner {
                        let k = (o * f + j) * inner + i
                        let xhat = (x[k] - mean[j]) * inverseStd[j]
                        normalized[k] = xhat
                        output[k] = g0[j] * xhat + b0[j]
                    }
                }
            }
        }
        let out = try Tensor(shape: input.shape, data: output)
        let (gamma, beta) = (self.gamma, self.beta)
        return Tensor.record(out, "batch_norm", [input, gamma, beta]) { [normalized] g in
            // Per-channel Σ g and Σ g · x̂, shared by all three gradients.
            var sumG = [Double](repeating: 0, count: f), sumGX = sumG
            g.data.withUnsafeBufferPointer { gp in
                for o in 0 ..< outer {
                    for j in 0 ..< f {
                        for i in 0 ..< inner {
                            let k = (o * f + j) * inner + i
                            sumG[j] += Double(gp[k])
                            sumGX[j] += Double(gp[k]) * Double(normalized[k])
                        }
                    }
                }
            }
            var dx: Tensor?
            if input.requiresGrad {
                var values = [Float](repeating: 0, count: input.count)
                g.data.withUnsafeBufferPointer { gp in
                    for o in 0 ..< outer {
                        for j in 0 ..< f {
                            let scale = Double(g0[j]) * Double(inverseStd[j])
                            for i in 0 ..< inner {
                                let k = (o * f + j) * inner + i
                                values[k] = batchStatistics
                                    ? Float(scale / Double(m) * (Double(m) * Double(gp[k]) - sumG[j]
                                                                 - Double(normalized[k]) * sumGX[j]))
                                    : Float(scale * Double(gp[k]))
                            }
                        }
                    }
                }
                dx = try Tensor(shape: input.shape, data: values)
            }
            let dGamma = gamma.requiresGrad ? Tensor(sumGX.map(Float.init)) : nil
            let dBeta = beta.requiresGrad ? Tensor(sumG.map(Float.init)) : nil
            return [dx, dGamma, dBeta]
        }
    }
}

/// Checks BatchNorm's settings: channels ≥ 1, momentum in [0, 1], eps positive and finite.
func checkBatchNormSettings(_ layer: String, channels: Int, momentum: Float, eps: Float) throws {
    guard channels > 0 else { throw EngineError.invalidArgument("\(layer) needs \(layer == "BatchNorm1d" ? "features" : "channels") > 0; got \(channels)") }
    guard momentum >= 0, momentum <= 1 else {
        throw EngineError.invalidArgument("\(layer) needs a momentum in [0, 1]; got \(momentum)")
    }
    guard eps > 0, eps.isFinite else { throw EngineError.invalidArgument("\(layer) needs eps > 0; got \(eps)") }
}
