/// The dense layer on buffers: the same equations as ``Tensor/linear(_:weight:bias:)``, computed with
/// the same products in the same order, so the fast training loop matches the autodiff one to the bit
/// on each of these steps.
extension Linear: BufferedLayer {
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        _ = try outputShape(for: sampleShape)
        return LinearKernel(self)
    }
}

/// Forward `y = x · W + b` (`[N, in] · [in, out] + [out]`); backward `dx = dy · Wᵀ`, `dW = xᵀ · dy`,
/// `db = Σ_rows dy`, with the transposes inside the matrix kernel.
final class LinearKernel: LayerKernel {
    let layer: Linear
    var inputCount: Int { layer.inputSize }
    var outputCount: Int { layer.outputSize }

    init(_ layer: Linear) { self.layer = layer }

    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int) {
        let (inputs, outputs) = (layer.inputSize, layer.outputSize)
        layer.weight.withValues { w in
            if let bias = layer.bias {
                bias.withValues { Self.forward(x, y, batch: batch, inputs: inputs, outputs: outputs, w: w, b: $0) }
            } else {
                Self.forward(x, y, batch: batch, inputs: inputs, outputs: outputs, w: w, b: nil)
            }
        }
    }

    func backward(x: UnsafePointer<Float>, y: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                  dx: UnsafeMutablePointer<Float>?, batch: Int) {
        layer.weight.withValues { w in
            Self.backward(x, dy, dx, batch: batch, inputs: layer.inputSize, outputs: layer.outputSize, w: w,
                          weight: layer.weight, bias: layer.bias)
        }
    }

    /// y = x · w + b for `batch` rows (shared with ``DropConnectKernel``, which passes masked weights).
    static func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int, inputs: Int,
                        outputs: Int, w: UnsafePointer<Float>, b: UnsafePointer<Float>?) {
        Gemm.multiply(m: batch, n: outputs, k: inputs, a: x, lda: inputs, transposeA: false,
                      b: w, ldb: outputs, transposeB: false, c: y, ldc: outputs, accumulate: false)
        guard let b else { return }
        for row in 0 ..< batch {
            let yRow = y + row * outputs
            for j in 0 ..< outputs { yRow[j] += b[j] }
        }
    }

    /// dx = dy · wᵀ, and into the tensors' gradients dW = xᵀ · dy and db = Σ_rows dy.
    static func backward(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>?,
                         batch: Int, inputs: Int, outputs: Int, w: UnsafePointer<Float>, weight: Tensor, bias: Tensor?) {
        if let dx {
            Gemm.multiply(m: batch, n: inputs, k: outputs, a: dy, lda: outputs, transposeA: false,
                          b: w, ldb: outputs, transposeB: true, c: dx, ldc: inputs, accumulate: false)
        }
        weight.withGradient { dw in
            Gemm.multiply(m: inputs, n: outputs, k: batch, a: x, lda: inputs, transposeA: true,
                          b: dy, ldb: outputs, transposeB: false, c: dw, ldc: outputs, accumulate: false)
        }
        // Rows summed in order, as `sum(axis: 0)` does.
        bias?.withGradient { db in
            db.update(repeating: 0, count: outputs)
            for row in 0 ..< batch {
                let dyRow = dy + row * outputs
                for j in 0 ..< outputs { db[j] += dyRow[j] }
            }
        }
    }
}
