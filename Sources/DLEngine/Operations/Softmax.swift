#if canImport(Glibc)
import Glibc
#endif

/// Softmax and log-softmax along an axis, computed stably by subtracting each slice's maximum first.
extension Tensor {
    /// e^x / Σ e^x along `axis` (default: the last). Gradient: `y ⊙ (g − Σ g ⊙ y)`.
    public func softmax(axis: Int = -1) throws -> Tensor {
        let out = try normalizedExponential(axis: axis, logarithm: false), y = out.detached()
        let (outer, size, inner, _, _) = try reductionLayout(axis: axis, keepDims: true)
        return Tensor.record(out, "softmax", [self]) { g in
            guard y.count > 0 else { return [g] }
            return [try Tensor.makeChecked(sameCountAs: y.shape, count: y.count) { dx in
                y.withValues { yv in
                    g.withValues { gv in
                        Self.softmaxBackward(y: yv, dy: gv, dx: dx.baseAddress!, outer: outer, size: size, inner: inner)
                    }
                }
            }]
        }
    }

    /// dx = y ⊙ dy − y · Σ (y ⊙ dy) along each slice of `size` elements `inner` apart (`outer · inner`
    /// slices): the softmax's backward pass, for the autodiff operation and the Softmax layer's kernel.
    static func softmaxBackward(y: UnsafePointer<Float>, dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>,
                                outer: Int, size: Int, inner: Int) {
        for o in 0 ..< outer {
            for i in 0 ..< inner {
                let base = o * size * inner + i
                var total: Float = 0
                for k in 0 ..< size { total += dy[base + k * inner] * y[base + k * inner] }
                for k in 0 ..< size {
                    let at = base + k * inner
                    dx[at] = dy[at] * y[at] - y[at] * total
                }
            }
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
        guard count > 0 else { return Tensor(uncheckedShape: shape, data: []) }
        return try Tensor.makeChecked(sameCountAs: shape, count: count) { out in
            data.withUnsafeBufferPointer { x in
                Self.normalizedExponential(x.baseAddress!, out.baseAddress!, outer: outer, size: size, inner: inner,
                                           logarithm: logarithm)
            }
        }
    }

    /// Softmax (or log-softmax) of each slice of `size` elements `inner` apart, stably (each slice's
    /// maximum subtracted first): the forward pass of the autodiff operations and the Softmax layer's kernel.
    static func normalizedExponential(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, outer: Int,
                                      size: Int, inner: Int, logarithm: Bool) {
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
