/// Elementwise comparisons with broadcasting. They give 1 where the relation holds and 0 elsewhere, and
/// record no gradient (their derivative is 0 almost everywhere).
extension Tensor {
    public func equal(_ other: Tensor) throws -> Tensor { try Tensor.broadcastingMap(EqualKernel.self, self, other, operation: "==") }
    public func notEqual(_ other: Tensor) throws -> Tensor { try Tensor.broadcastingMap(NotEqualKernel.self, self, other, operation: "!=") }
    public func less(_ other: Tensor) throws -> Tensor { try Tensor.broadcastingMap(LessKernel.self, self, other, operation: "<") }
    public func lessEqual(_ other: Tensor) throws -> Tensor { try Tensor.broadcastingMap(LessEqualKernel.self, self, other, operation: "<=") }
    public func greater(_ other: Tensor) throws -> Tensor { try Tensor.broadcastingMap(GreaterKernel.self, self, other, operation: ">") }
    public func greaterEqual(_ other: Tensor) throws -> Tensor { try Tensor.broadcastingMap(GreaterEqualKernel.self, self, other, operation: ">=") }

    /// Elementwise choice (NumPy's `where`): `a` where `condition` is nonzero, else `b`, all three
    /// broadcast together. The gradient flows to whichever was chosen.
    public static func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(condition.shape, try Shape.broadcast(a.shape, b.shape, operation: "where"),
                                        operation: "where")
        let (mask, x, y) = try withoutGradient {
            (try condition.broadcast(to: shape).map(NonzeroKernel.self), try a.broadcast(to: shape), try b.broadcast(to: shape))
        }
        let out = try makeChecked(sameCountAs: shape, count: mask.count) { out in
            for i in 0 ..< out.count { out[i] = mask.data[i] != 0 ? x.data[i] : y.data[i] }
        }
        return record(out, "where", [a, b]) { g in
            [try (g * mask).sumToShape(a.shape), try (g * (1 - mask)).sumToShape(b.shape)]
        }
    }

    /// This tensor repeated along new or size-1 axes to `shape` (NumPy's `broadcast_to`, as a copy).
    /// - Throws: when this shape does not broadcast to `shape`.
    public func broadcast(to shape: [Int]) throws -> Tensor {
        if shape == self.shape { return self }
        guard try Shape.broadcast(self.shape, shape, operation: "broadcast") == shape else {
            throw EngineError.shapeMismatch(operation: "broadcast", self.shape, shape)
        }
        let out = try gather(shape: shape, strides: Shape.broadcastStrides(self.shape, to: shape))
        return Tensor.record(out, "broadcast", [self]) { g in [try g.sumToShape(self.shape)] }
    }
}

enum NonzeroKernel: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { x != 0 ? 1 : 0 } }
