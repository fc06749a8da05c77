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
        let (n, inputs, outputs) = (input.shape[0], weight.shape[0], weight.shape[1])
        let out = try make(shape: [n, outputs]) { y in
            guard let y = y.baseAddress else { return }
            input.withElements { x in
                weight.withElements { w in
                    if let bias {
                        bias.withElements { LinearPasses.forward(x, y, batch: n, inputs: inputs, outputs: outputs, w: w, b: $0) }
                    } else {
                        LinearPasses.forward(x, y, batch: n, inputs: inputs, outputs: outputs, w: w, b: nil)
                    }
                }
            }
        }
        return record(out, "linear", [input, weight] + (bias.map { [$0] } ?? [])) { g in
            try g.withElements { dy in
                try input.withElements { x in
                    try weight.withElements { w in
                        let dx = input.requiresGrad
                            ? try make(shape: input.shape) { guard let dx = $0.baseAddress else { return }; LinearPasses.inputGradient(dy, dx, batch: n, inputs: inputs, outputs: outputs, w: w) }
                            : nil
                        let dw = weight.requiresGrad
                            ? try make(shape: weight.shape) { guard let dw = $0.baseAddress else { return }; LinearPasses.weightGradient(x, dy, dw, batch: n, inputs: inputs, outputs: outputs) }
                            : nil
                        let db = bias?.requiresGrad == true
                            ? try make(shape: [outputs]) { guard let db = $0.baseAddress else { return }; LinearPasses.biasGradient(dy, db, batch: n, outputs: outputs) }
                            : nil
                        return [dx, dw, db]
                    }
                }
            }
        }
    }
}

/// The passes of a dense layer on raw row-major buffers, the one implementation of its math: the autodiff
/// op (``Tensor/linear(_:weight:bias:)``), the layer's training kernel (``LinearKernel``) and DropConnect's
/// call them. The fused dense kernel (``DenseStack``) computes the same bits with its own product layouts.
enum LinearPasses {
    /// y = x · w + b for `batch` rows (`x`: `batch × inputs`, `w`: `inputs × outputs`).
    static func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int, inputs: Int,
                        outputs: Int, w: UnsafePointer<Float>, b: UnsafePointer<Float>?) {
        guard batch > 0, outputs > 0 else { return }
        if inputs == 0 {
            y.update(repeating: 0, count: batch * outputs)  // an empty sum
        } else {
            Gemm.multiply(m: batch, n: outputs, k: inputs, a: x, lda: inputs, transposeA: false,
                          b: w, ldb: outputs, transposeB: false, c: y, ldc: outputs, accumulate: false)
        }
        guard let b else { return }
        for row in 0 ..< batch {
            let yRow = y + row * outputs
            for j in 0 ..< outputs { yRow[j] += b[j] }
        }
    }

    /// dx = dy · wᵀ.
    static func inputGradient(_ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, batch: Int, inputs: Int,
                              outputs: Int, w: UnsafePointer<Float>) {
        guard batch > 0, inputs > 0 else { return }
        guard outputs > 0 else { return dx.update(repeating: 0, count: batch * inputs) }
        Gemm.multiply(m: batch, n: inputs, k: outputs, a: dy, lda: outputs, transposeA: false,
                      b: w, ldb: outputs, transposeB: true, c: dx, ldc: inputs, accumulate: false)
    }

    /// dW = xᵀ · dy.
    static func weightGradient(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dw: UnsafeMutablePointer<Float>,
                               batch: Int, inputs: Int, outputs: Int) {
        guard inputs > 0, outputs > 0 else { return }
        guard batch > 0 else { return dw.update(repeating: 0, count: inputs * outputs) }
        Gemm.multiply(m: inputs, n: outputs, k: batch, a: x, lda: inputs, transposeA: true,
                      b: dy, ldb: outputs, transposeB: false, c: dw, ldc: outputs, accumulate: false)
    }

    /// db = Σ_rows dy, rows added in order from zero.
    static func biasGradient(_ dy: UnsafePointer<Float>, _ db: UnsafeMutablePointer<Float>, batch: Int, outputs: Int) {
        db.update(repeating: 0, count: outputs)
        for row in 0 ..< batch {
            let dyRow = dy + row * outputs
            for j in 0 ..< outputs { db[j] += dyRow[j] }
        }
    }
}

private extension Tensor {
    /// The elements, or for an empty tensor a pointer the passes never read (they check their sizes).
    func withElements<R>(_ body: (UnsafePointer<Float>) throws -> R) rethrows -> R {
        guard count > 0 else {
            var none: Float = 0
            return try withUnsafePointer(to: &none) { try body($0) }
        }
        return try withValues(body)
    }
}
