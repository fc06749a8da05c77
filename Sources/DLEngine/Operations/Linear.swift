/// The fused affine map of a dense layer, `x · W + b`, as one autodiff node.
extension Tensor {
    /// `input · weight + bias`: `[N, in] · [in, out] + [out] → [N, out]` (weights stored `in × out`, as in
    /// the article, so no transpose is needed on the forward pass).
    ///
    /// Backward: `dx = g · Wᵀ`, `dW = xᵀ · g`, `db = Σ_rows g`, with the transposes done inside the
    /// matrix kernel's packing rather than as copies.
    /// - Throws: a shape mismatch naming both shapes when `input`'s last size differs from `weight`'s first.
    public static func linear(_ input: Tensor, weight: Tensor, bias: Tensor?) throws -> Tensor {
        guard input.rank == 2, weight.rank == 2, input.shape[1] == weight.shape[0] else {
            throw EngineError.shapeMismatch(operation: "linear", input.shape, weight.shape)
        }
        if let bias, bias.shape != [weight.shape[1]] {
            throw EngineError.shapeMismatch(operation: "linear bias", bias.shape, [weight.shape[1]])
        }
        let (n, outputs) = (input.shape[0], weight.shape[1])
        let shapes = (input.shape, weight.shape)
        let out = try multiplyMatrices(input, transposeA: false, weight, transposeB: false,
                                       operation: "linear", originalShapes: shapes)
        if let bias {
            out.data.withUnsafeMutableBufferPointer { y in
                bias.data.withUnsafeBufferPointer { b in
                    for row in 0 ..< n {
                        for j in 0 ..< outputs { y[row * outputs + j] += b[j] }
                    }
                }
            }
        }
        return record(out, "linear", [input, weight] + (bias.map { [$0] } ?? [])) { g in
            let dx = input.requiresGrad
                ? try multiplyMatrices(g, transposeA: false, weight, transposeB: true, operation: "linear", originalShapes: shapes)
                : nil
            let dw = weight.requiresGrad
                ? try multiplyMatrices(input, transposeA: true, g, transposeB: false, operation: "linear", originalShapes: shapes)
                : nil
            let db = bias?.requiresGrad == true ? try g.sum(axis: 0) : nil
            return [dx, dw, db]
        }
    }
}
