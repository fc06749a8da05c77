/// One entry of a subscript: an index that removes its axis, or a slice `start:end:step` that keeps it.
/// Negative positions count from the end, as in Python.
public enum TensorIndex: Equatable, Sendable {
    /// A single position; the axis disappears from the result.
    case index(Int)
    /// `start ..< end` by `step` (any may be left out: `nil`), clamped to the axis like Python's slices.
    case slice(start: Int?, end: Int?, step: Int?)
    /// The whole axis (`:`).
    public static let all = TensorIndex.slice(start: nil, end: nil, step: nil)
}

/// Indexing, slicing and concatenation. Slicing copies the selected elements (tensors stay contiguous);
/// its gradient scatters the output gradient back into zeros of the input's shape.
extension Tensor {
    /// The elements selected by `indices`, one entry per leading axis (missing trailing axes are taken
    /// whole): `x[0]`, `x[:, 1]`, `x[1:3, ::2]`.
    /// - Throws: ``EngineError/indexOutOfRange(index:axis:size:)``, or for a zero step or too many indices.
    public func slice(_ indices: [TensorIndex]) throws -> Tensor {
        guard indices.count <= rank else {
            throw EngineError.invalidArgument("too many indices (\(indices.count)) for a tensor of rank \(rank)")
        }
        let strides = Shape.strides(shape)
        var offset = 0, outShape: [Int] = [], outStrides: [Int] = []
        for axis in 0 ..< rank {
            let size = shape[axis]
            switch axis < indices.count ? indices[axis] : .all {
            case .index(let i):
                let resolved = i < 0 ? i + size : i
                guard resolved >= 0 && resolved < size else {
                    throw EngineError.indexOutOfRange(index: i, axis: axis, size: size)
                }
                offset += resolved * strides[axis]
            case let .slice(start, end, step):
                let (first, length, step) = try Tensor.resolveSlice(start: start, end: end, step: step, size: size)
                offset += first * strides[axis]
                outShape.append(length)
                outStrides.append(step * strides[axis])
            }
        }
        let base = offset
        let out = length(of: outShape) == 0
            ? try Tensor(shape: outShape, data: [])
            : try gather(shape: outShape, strides: outStrides, offset: base)
        return Tensor.record(out, "slice", [self]) { g in
            [try g.scatterAdd(into: self.shape, strides: outStrides, offset: base)]
        }
    }

    private func length(of shape: [Int]) -> Int { shape.reduce(1, *) }

    /// Python's slice semantics: the first position, the number of positions and the step.
    static func resolveSlice(start: Int?, end: Int?, step: Int?, size: Int) throws -> (Int, Int, Int) {
        let step = step ?? 1
        guard step != 0 else { throw EngineError.invalidArgument("slice step cannot be zero") }
        func clamp(_ value: Int?, _ defaultValue: Int, low: Int, high: Int) -> Int {
            guard var v = value else { return defaultValue }
            if v < 0 { v += size }
            return Swift.min(Swift.max(v, low), high)
        }
        if step > 0 {
            let first = clamp(start, 0, low: 0, high: size), last = clamp(end, size, low: 0, high: size)
            return (first, Swift.max(0, (last - first + step - 1) / step), step)
        } else {
            let first = clamp(start, size - 1, low: -1, high: size - 1)
            let last = clamp(end, -1, low: -1, high: size - 1)
            return (first, Swift.max(0, (first - last - step - 1) / -step), step)
        }
    }

    /// Tensors joined along `axis`; all other sizes must agree.
    /// - Throws: for an empty list, differing ranks or sizes.
    public static func concatenate(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else {
            throw EngineError.invalidArgument("concatenate needs at least one tensor")
        }
        let a = try Shape.normalize(axis: axis, rank: Swift.max(first.rank, 1))
        guard first.rank > 0 else { throw EngineError.invalidArgument("cannot concatenate scalars; stack them as a vector") }
        for t in tensors {
            var x = t.shape, y = first.shape
            guard x.count == y.count else { throw EngineError.shapeMismatch(operation: "concatenate", first.shape, t.shape) }
            x[a] = 0; y[a] = 0
            guard x == y else { throw EngineError.shapeMismatch(operation: "concatenate", first.shape, t.shape) }
        }
        var outShape = first.shape
        outShape[a] = tensors.reduce(0) { $0 + $1.shape[a] }
        let outer = first.shape[..<a].reduce(1, *), inner = first.shape[(a + 1)...].reduce(1, *)
        let out = try make(shape: outShape) { out in
            var column = 0
            let rowLength = outShape[a] * inner
            for t in tensors {
                let width = t.shape[a] * inner
                t.data.withUnsafeBufferPointer { src in
                    for o in 0 ..< outer {
                        for i in 0 ..< width { out[o * rowLength + column + i] = src[o * width + i] }
                    }
                }
                column += width
            }
        }
        return record(out, "concatenate", tensors) { g in
            var start = 0
            return try tensors.map { t in
                var index = [TensorIndex](repeating: .all, count: a)
                index.append(.slice(start: start, end: start + t.shape[a], step: 1))
                start += t.shape[a]
                return try g.slice(index)
            }
        }
    }

    /// Tensors of one shape stacked along a new axis (NumPy's `stack`).
    public static func stack(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else { throw EngineError.invalidArgument("stack needs at least one tensor") }
        let a = try Shape.normalize(axis: axis, rank: first.rank + 1)
        return try concatenate(tensors.map { try $0.unsqueezed(axis: a) }, axis: a)
    }
}
