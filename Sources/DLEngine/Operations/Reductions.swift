/// Reductions over all elements or along one axis: sum, mean, max, min, and the index-valued argmax/argmin.
///
/// Along an axis, a tensor is viewed as `outer × size × inner` and each output element is accumulated in
/// index order, so results never depend on how work is split.
extension Tensor {
    /// The sum of all elements (`axis: nil`) or along `axis`, keeping that axis with size 1 when `keepDims`.
    public func sum(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        let (outer, size, inner, outShape, keptShape) = try reductionLayout(axis: axis, keepDims: keepDims)
        let out = try Tensor.make(shape: outShape) { out in
            data.withUnsafeBufferPointer { x in
                Tensor.sumAlongAxis(x, outer: outer, size: size, inner: inner, into: out)
            }
        }
        return Tensor.record(out, "sum", [self]) { g in
            [try g.reshaped(keptShape).broadcast(to: self.shape)]
        }
    }

    /// The mean of all elements or along `axis` (NaN for an empty reduction, as in NumPy).
    public func mean(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        let size = try reductionLayout(axis: axis, keepDims: keepDims).size
        return try sum(axis: axis, keepDims: keepDims) / Float(size)
    }

    /// The variance of all elements or along `axis`: Σ (x − mean)² / (N − `correction`), as PyTorch's
    /// `var` (whose default correction is 1, Bessel's; NumPy's `var` is `ddof=0`). Computed in two passes
    /// (the mean, then the squared deviations from it) from autodiff operations, so it has their
    /// gradient. N ≤ `correction` divides by zero: NaN, or infinity, as PyTorch gives.
    /// - Throws: for a negative `correction`, or an axis out of range.
    public func variance(axis: Int? = nil, keepDims: Bool = false, correction: Int = 1) throws -> Tensor {
        guard correction >= 0 else {
            throw EngineError.invalidArgument("the correction must be at least 0, got \(correction)")
        }
        let size = try reductionLayout(axis: axis, keepDims: keepDims).size
        let deviations = try self - (try mean(axis: axis, keepDims: true))
        let divisor = size > correction ? Float(size - correction) : 0
        return try (try deviations * deviations).sum(axis: axis, keepDims: keepDims) / divisor
    }

    /// The standard deviation: the square root of ``variance(axis:keepDims:correction:)``.
    public func standardDeviation(axis: Int? = nil, keepDims: Bool = false, correction: Int = 1) throws -> Tensor {
        try variance(axis: axis, keepDims: keepDims, correction: correction).sqrt()
    }

    /// The largest element overall or along `axis`. The gradient goes to the first largest element
    /// (the one ``argmax(axis:)`` names). - Throws: for an empty reduction.
    public func max(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        try extremum(axis: axis, keepDims: keepDims, largest: true)
    }

    /// The smallest element overall or along `axis`; the gradient goes to the first smallest element.
    public func min(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        try extremum(axis: axis, keepDims: keepDims, largest: false)
    }

    /// The index of the first largest element overall (into the flattened tensor) or along `axis`, as a
    /// float tensor; no gradient.
    public func argmax(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        let (_, indices, shape) = try extremumIndices(axis: axis, keepDims: keepDims, largest: true)
        return Tensor(uncheckedShape: shape, data: indices.map(Float.init))
    }

    /// The index of the first smallest element overall or along `axis`; no gradient.
    public func argmin(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        let (_, indices, shape) = try extremumIndices(axis: axis, keepDims: keepDims, largest: false)
        return Tensor(uncheckedShape: shape, data: indices.map(Float.init))
    }

    /// For a matrix of scores (rows are samples), the index of each row's largest score: the predicted class.
    public func argmaxRows() throws -> [Int] {
        guard rank == 2 else {
            throw EngineError.invalidArgument("class predictions need a 2-d tensor of scores; got shape \(EngineError.format(shape))")
        }
        return try extremumIndices(axis: 1, keepDims: false, largest: true).indices
    }

    private func extremum(axis: Int?, keepDims: Bool, largest: Bool) throws -> Tensor {
        let (values, indices, outShape) = try extremumIndices(axis: axis, keepDims: keepDims, largest: largest)
        let (_, size, inner, _, _) = try reductionLayout(axis: axis, keepDims: keepDims)
        let out = Tensor(uncheckedShape: outShape, data: values)
        return Tensor.record(out, largest ? "max" : "min", [self]) { g in
            // Route each output gradient to the position its value came from.
            [try Tensor.make(shape: self.shape) { dx in
                dx.initialize(repeating: 0)
                for (j, index) in indices.enumerated() {
                    let o = j / inner, i = j % inner
                    dx[(o * size + index) * inner + i] += g.data[j]
                }
            }]
        }
    }

    /// Values and within-axis indices of the extrema (the first one on ties; NaN counts as an extremum).
    private func extremumIndices(axis: Int?, keepDims: Bool, largest: Bool) throws -> (values: [Float], indices: [Int], shape: [Int]) {
        let (outer, size, inner, outShape, _) = try reductionLayout(axis: axis, keepDims: keepDims)
        guard size > 0 else {
            throw EngineError.invalidArgument("cannot take the \(largest ? "max" : "min") of an empty axis")
        }
        // A value and an index per output element (argmax of a [3e8, 2] tensor: 3.6 GB).
        try MemoryBudget.check(outer * inner, of: (Float, Int).self, shape: outShape)
        var values = [Float](repeating: 0, count: outer * inner)
        var indices = [Int](repeating: 0, count: outer * inner)
        data.withUnsafeBufferPointer { x in
            for o in 0 ..< outer {
                for i in 0 ..< inner {
                    var best = x[o * size * inner + i], bestIndex = 0
                    for k in 1 ..< size where !best.isNaN {
                        let v = x[(o * size + k) * inner + i]
                        if v.isNaN || (largest ? v > best : v < best) { best = v; bestIndex = k }
                    }
                    values[o * inner + i] = best
                    indices[o * inner + i] = bestIndex
                }
            }
        }
        return (values, indices, outShape)
    }

    /// The `outer × size × inner` view for a reduction, the output shape, and the output shape with the
    /// reduced axis kept as 1 (used to broadcast gradients back). `axis: nil` reduces everything.
    func reductionLayout(axis: Int?, keepDims: Bool) throws
        -> (outer: Int, size: Int, inner: Int, shape: [Int], keptShape: [Int]) {
        guard let axis else {
            let kept = [Int](repeating: 1, count: rank)
            return (1, count, 1, keepDims ? kept : [], kept)
        }
        let a = try Shape.normalize(axis: axis, rank: rank)
        let outer = shape[..<a].reduce(1, *), inner = shape[(a + 1)...].reduce(1, *)
        var kept = shape
        kept[a] = 1
        var dropped = shape
        dropped.remove(at: a)
        return (outer, shape[a], inner, keepDims ? kept : dropped, kept)
    }

    /// Sums `outer × size × inner` along the middle axis into `out` (`outer × inner`), in index order.
    static func sumAlongAxis(_ x: UnsafeBufferPointer<Float>, outer: Int, size: Int, inner: Int,
                             into out: UnsafeMutableBufferPointer<Float>) {
        guard out.count > 0 else { return }
        if inner == 1 {
            for o in 0 ..< outer {
                out[o] = x.baseAddress.map { sumContiguous($0 + o * size, count: size) } ?? 0
            }
            return
        }
        out.initialize(repeating: 0)
        for o in 0 ..< outer {
            let row = out.baseAddress! + o * inner
            for k in 0 ..< size {
                let src = x.baseAddress! + (o * size + k) * inner
                for i in 0 ..< inner { row[i] += src[i] }
            }
        }
    }

    /// The sum of `count` contiguous floats in a fixed order: blocks of 4096 summed with sixteen float
    /// lanes (vectorized), block totals added in Double. Accurate for long sums (a million 0.1s give
    /// 100000.1, not 100958) and the same result every time.
    static func sumContiguous(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var total: Double = 0
        var start = 0
        while start < count {
            let end = Swift.min(start + 4096, count)
            var partial = SIMD16<Float>.zero
            var i = start
            while i + 16 <= end {
                partial += UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self)
                i += 16
            }
            var block = partial.sum()
            while i < end { block += x[i]; i += 1 }
            total += Double(block)
            start = end
        }
        return Float(total)
    }
}
