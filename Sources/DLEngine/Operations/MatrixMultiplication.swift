/// Matrix products with NumPy's `matmul` rules, on the packed SIMD kernel ``Gemm``.
extension Tensor {
    /// The matrix product (NumPy's `matmul`, the language's `@`).
    ///
    /// Shapes: `[m, k] · [k, n] → [m, n]`; leading batch axes broadcast (`[b, m, k] · [k, n] → [b, m, n]`);
    /// a vector on the left acts as a row and on the right as a column, and its axis is dropped from the
    /// result (`[k] · [k] → []`).
    /// - Throws: ``EngineError/shapeMismatch(operation:_:_:)`` naming both shapes when the inner sizes
    ///   differ or the batch axes do not broadcast; for scalars.
    public func matmul(_ other: Tensor) throws -> Tensor {
        guard rank >= 1, other.rank >= 1 else {
            throw EngineError.invalidArgument("matmul needs tensors with at least one axis; use * for scalars")
        }
        let left = rank == 1 ? try unsqueezed(axis: 0) : self
        let right = other.rank == 1 ? try other.unsqueezed(axis: 1) : other
        guard left.shape[left.rank - 1] == right.shape[right.rank - 2] else {
            throw EngineError.shapeMismatch(operation: "matmul", shape, other.shape)
        }
        var product = try Tensor.batchedProduct(left, right, operation: "matmul", originalShapes: (shape, other.shape))
        if rank == 1 { product = try product.squeezed(axis: -2) }
        if other.rank == 1 { product = try product.squeezed(axis: -1) }
        return product
    }

    /// `a · b` for tensors of rank ≥ 2 with broadcast batch axes; records the gradients
    /// `dA = G · Bᵀ` and `dB = Aᵀ · G`, summed over broadcast batch axes.
    static func batchedProduct(_ a: Tensor, _ b: Tensor, operation: String, originalShapes: ([Int], [Int])) throws -> Tensor {
        let out = try multiplyMatrices(a, transposeA: false, b, transposeB: false, operation: operation, originalShapes: originalShapes)
        return record(out, "matmul", [a, b]) { g in
            [a.requiresGrad ? try multiplyMatrices(g, transposeA: false, b, transposeB: true, operation: operation,
                                                   originalShapes: originalShapes).sumToShape(a.shape) : nil,
             b.requiresGrad ? try multiplyMatrices(a, transposeA: true, g, transposeB: false, operation: operation,
                                                   originalShapes: originalShapes).sumToShape(b.shape) : nil]
        }
    }

    /// op(a) · op(b) over broadcast batch axes, without recording; `op` transposes the last two axes.
    static func multiplyMatrices(_ a: Tensor, transposeA: Bool, _ b: Tensor, transposeB: Bool,
                                 operation: String, originalShapes: ([Int], [Int])) throws -> Tensor {
        let (ra, ca) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let (rb, cb) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
        let (m, k) = transposeA ? (ca, ra) : (ra, ca)
        let (kb, n) = transposeB ? (cb, rb) : (rb, cb)
        guard k == kb else { throw EngineError.shapeMismatch(operation: operation, originalShapes.0, originalShapes.1) }
        let batchA = Array(a.shape.dropLast(2)), batchB = Array(b.shape.dropLast(2))
        let batch: [Int]
        do { batch = try Shape.broadcast(batchA, batchB, operation: operation) } catch {
            throw EngineError.shapeMismatch(operation: operation, originalShapes.0, originalShapes.1)
        }
        let stridesA = Shape.broadcastStrides(batchA, to: batch), stridesB = Shape.broadcastStrides(batchB, to: batch)
        let batchCount = batch.reduce(1, *)
        return try make(shape: batch + [m, n]) { out in
            guard m > 0 && n > 0 else { return }
            guard k > 0 else { out.initialize(repeating: 0); return }  // an empty sum
            a.data.withUnsafeBufferPointer { pa in
                b.data.withUnsafeBufferPointer { pb in
                    var index = [Int](repeating: 0, count: batch.count)
                    for item in 0 ..< batchCount {
                        var offsetA = 0, offsetB = 0
                        for axis in 0 ..< batch.count {
                            offsetA += index[axis] * stridesA[axis]
                            offsetB += index[axis] * stridesB[axis]
                        }
                        Gemm.multiply(m: m, n: n, k: k,
                                      a: pa.baseAddress! + offsetA * ra * ca, lda: ca, transposeA: transposeA,
                                      b: pb.baseAddress! + offsetB * rb * cb, ldb: cb, transposeB: transposeB,
                                      c: out.baseAddress! + item * m * n, ldc: n, accumulate: false)
                        var axis = batch.count - 1
                        while axis >= 0 {
                            index[axis] += 1
                            if index[axis] < batch[axis] { break }
                            index[axis] = 0
                            axis -= 1
                        }
                    }
                }
            }
        }
    }
}
