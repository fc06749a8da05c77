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
        let f = channels
        var mean = [Float](repeating: 0, count: f), inverseStd = mean
        mean.withUnsafeMutableBufferPointer { mean in
            inverseStd.withUnsafeMutableBufferPointer { inverseStd in
                guard training else {
                    return runningStatistics(meanUsed: mean.baseAddress!, inverseStd: inverseStd.baseAddress!)
                }
                var sum = [Double](repeating: 0, count: f), squares = sum
                sum.withUnsafeMutableBufferPointer { sum in
                    squares.withUnsafeMutableBufferPointer { squares in
                        input.data.withUnsafeBufferPointer { x in
                            guard let x = x.baseAddress else { return }  // no values: zero sums
                            Self.statistics(x, outer: outer, channels: f, inner: inner, mean: sum.baseAddress!,
                                            squares: squares.baseAddress!)
                        }
                        updateRunning(mean: sum.baseAddress!, squares: squares.baseAddress!, m: outer * inner,
                                      meanUsed: mean.baseAddress!, inverseStd: inverseStd.baseAddress!)
                    }
                }
            }
        }
        return try affine(input, outer: outer, inner: inner, mean: mean, inverseStd: inverseStd, batchStatistics: training)
    }

    /// y = γ · (x − mean) · inverseStd + β as one autodiff node. With `batchStatistics`, mean and
    /// inverseStd depend on x and the backward pass is the full closed form; otherwise they are constants.
    private func affine(_ input: Tensor, outer: Int, inner: Int, mean: [Float], inverseStd: [Float],
                        batchStatistics: Bool) throws -> Tensor {
        let f = channels
        try MemoryBudget.check(2 * input.count, of: Float.self, shape: input.shape)  // x̂ and y
        var normalized = [Float](repeating: 0, count: input.count), output = normalized
        input.data.withUnsafeBufferPointer { x in
            self.gamma.withValues { g in
                self.beta.withValues { b in
                    normalized.withUnsafeMutableBufferPointer { xhat in
                        output.withUnsafeMutableBufferPointer { y in
                            // An empty batch (evaluation) has nothing to normalize.
                            guard let x = x.baseAddress, let xhat = xhat.baseAddress, let y = y.baseAddress else { return }
                            Self.normalize(x, outer: outer, channels: f, inner: inner, mean: mean, inverseStd: inverseStd,
                                           gamma: g, beta: b, normalized: xhat, into: y)
                        }
                    }
                }
            }
        }
        let out = try Tensor(shape: input.shape, data: output)
        let (gamma, beta) = (self.gamma, self.beta)
        let gammaUsed = gamma.data  // γ as it was in the forward pass
        return Tensor.record(out, "batch_norm", [input, gamma, beta]) { [normalized] g in
            // Per-channel Σ g and Σ g · x̂, shared by all three gradients.
            var sumG = [Double](repeating: 0, count: f), sumGX = sumG
            try MemoryBudget.check(input.count, of: Float.self, shape: input.shape)
            var values = [Float](repeating: 0, count: input.count)
            g.data.withUnsafeBufferPointer { gp in
                normalized.withUnsafeBufferPointer { xhat in
                    guard let gp = gp.baseAddress, let xhat = xhat.baseAddress else { return }
                    Self.gradientSums(gp, normalized: xhat, outer: outer, channels: f, inner: inner, sumG: &sumG,
                                      sumGX: &sumGX)
                    guard input.requiresGrad else { return }
                    values.withUnsafeMutableBufferPointer { dx in
                        Self.inputGradient(gp, normalized: xhat, outer: outer, channels: f, inner: inner,
                                           gamma: gammaUsed, inverseStd: inverseStd, sumG: sumG, sumGX: sumGX,
                                           batchStatistics: batchStatistics, into: dx.baseAddress!)
                    }
                }
            }
            let dx = input.requiresGrad ? try Tensor(shape: input.shape, data: values) : nil
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
