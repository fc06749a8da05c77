#if canImport(Glibc)
import Glibc
#endif

/// Softmax and log-softmax along an axis, computed stably by subtracting each slice's maximum first.
extension Tensor {
    /// e^x / Σ e^x along `axis` (default: the last). Gradient: `y ⊙ (g − Σ g ⊙ y)`.
    public func softmax(axis: Int = -1) throws -> Tensor {
        let out = try normalizedExponential(axis: axis, logarithm: false), y = out.detached()
        return Tensor.record(out, "softmax", [self]) { g in
            let gy = try g * y
            return [try gy - y * gy.sum(axis: axis, keepDims: true)]
        }
    }

    /// x − log Σ e^x along `axis` (default: the last). Gradient: `g − softmax(x) ⊙ Σ g`.
    public func logSoftmax(axis: Int = -1) throws -> Tensor {
        let out = try normalizedExponential(axis: axis, logarithm: true), y = out.detached()
        return Tensor.record(out, "log_softmax", [self]) { g in
            [try g - y.exp() * g.sum(axis: axis, keepDims: true)]
        }
    }

    /// The shared forward pass: softmax, or its logarithm, along `axis`.
    private func normalizedExponential(axis: Int, logarithm: Bool) throws -> Tensor {
        guard rank > 0 else { throw EngineError.invalidArgument("softmax needs a tensor with at least one axis") }
        let (outer, size, inner, _, _) = try reductionLayout(axis: axis, keepDims: true)
        return Tensor.make(sameCountAs: shape, count: count) { out in
            data.withUnsafeBufferPointer { x in
                for o in 0 ..< outer {
                    for i in 0 ..< inner {
                        let base = o * size * inner + i
                        var largest = -Float.infinity
                        for k in 0 ..< size { largest = Swift.max(largest, x[base + k * inner]) }
                        if !largest.isFinite { largest = 0 }  // all -inf (or inf/NaN): keep NaN/inf honest
                        var total: Float = 0
                        for k in 0 ..< size {
                            let e = expf(x[base + k * inner] - largest)
                            out[base + k * inner] = e
                            total += e
                        }
                        if logarithm {
                            let logTotal = logf(total)
                            for k in 0 ..< size { out[base + k * inner] = x[base + k * inner] - largest - logTotal }
                        } else {
                            for k in 0 ..< size { out[base + k * inner] /= total }
                        }
                    }
                }
            }
        }
    }
}
