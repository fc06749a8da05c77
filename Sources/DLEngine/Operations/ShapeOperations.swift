/// Operations that rearrange elements without computing new values: reshape, transpose/permute,
/// squeeze/unsqueeze and flatten. Their gradients rearrange the output gradient back.
extension Tensor {
    /// The same elements in a new shape with the same count; one size may be `-1` and is inferred.
    /// - Throws: when the counts differ, more than one size is -1, or a size is negative.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        var resolved = newShape
        let inferred = newShape.indices.filter { newShape[$0] == -1 }
        guard inferred.count <= 1 else {
            throw EngineError.invalidArgument("only one size can be -1 in reshape \(EngineError.format(newShape))")
        }
        if let axis = inferred.first {
            let known = newShape.enumerated().filter { $0.offset != axis }.map(\.element)
            let product = try Shape.elementCount(known)
            guard product > 0, count % product == 0 else {
                throw EngineError.shapeMismatch(operation: "reshape", shape, newShape)
            }
            resolved[axis] = count / product
        }
        guard try Shape.elementCount(resolved) == count else {
            throw EngineError.shapeMismatch(operation: "reshape", shape, newShape)
        }
        if resolved == shape { return self }
        let out = Tensor(uncheckedShape: resolved, data: data)
        return Tensor.record(out, "reshape", [self]) { g in [try g.reshaped(self.shape)] }
    }

    /// The axes reordered: axis i of the result is axis `axes[i]` of this tensor (NumPy's `transpose(axes)`).
    /// - Throws: when `axes` is not a permutation of `0 ..< rank` (negative axes count from the end).
    public func permuted(_ axes: [Int]) throws -> Tensor {
        let resolved = try axes.map { try Shape.normalize(axis: $0, rank: rank) }
        guard resolved.count == rank, Set(resolved).count == rank else {
            throw EngineError.invalidArgument("permute needs each of the \(rank) axes once; got \(EngineError.format(axes))")
        }
        let strides = Shape.strides(shape)
        let out = try gather(shape: resolved.map { shape[$0] }, strides: resolved.map { strides[$0] })
        var inverse = [Int](repeating: 0, count: rank)
        for (i, axis) in resolved.enumerated() { inverse[axis] = i }
        return Tensor.record(out, "permute", [self]) { g in [try g.permuted(inverse)] }
    }

    /// The transpose: the last two axes swapped (a matrix's rows become columns). Vectors and scalars
    /// are returned as they are.
    public func transposed() throws -> Tensor {
        guard rank >= 2 else { return self }
        var axes = Array(0 ..< rank)
        axes.swapAt(rank - 1, rank - 2)
        return try permuted(axes)
    }

    /// A new axis of size 1 inserted at `axis` (`-1` appends).
    public func unsqueezed(axis: Int) throws -> Tensor {
        let a = try Shape.normalize(axis: axis, rank: rank + 1)
        var newShape = shape
        newShape.insert(1, at: a)
        return try reshaped(newShape)
    }

    /// The axes of size 1 removed (or only `axis`, which must have size 1).
    public func squeezed(axis: Int? = nil) throws -> Tensor {
        guard let axis else { return try reshaped(shape.filter { $0 != 1 }) }
        let a = try Shape.normalize(axis: axis, rank: rank)
        guard shape[a] == 1 else {
            throw EngineError.invalidArgument("cannot squeeze axis \(axis) of size \(shape[a])")
        }
        var newShape = shape
        newShape.remove(at: a)
        return try reshaped(newShape)
    }

    /// The axes from `startAxis` on merged into one (PyTorch's `flatten(start_dim)`); with the default 1,
    /// a batch `N × ...` becomes `N × features`.
    public func flattened(startAxis: Int = 0) throws -> Tensor {
        guard rank > 0 else { return try reshaped([1]) }
        let a = try Shape.normalize(axis: startAxis, rank: rank)
        return try reshaped(Array(shape[..<a]) + [shape[a...].reduce(1, *)])
    }
}
