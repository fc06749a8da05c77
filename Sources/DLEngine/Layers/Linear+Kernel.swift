/// The dense layer on buffers: the passes ``Tensor/linear(_:weight:bias:)`` runs (``LinearPasses``), so
/// the training step matches the autodiff one to the bit.
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
        LinearPasses.forward(x, y, batch: batch, inputs: inputs, outputs: outputs, w: w, b: b)
    }

    /// dx = dy · wᵀ, and into the tensors' gradients dW = xᵀ · dy and db = Σ_rows dy.
    static func backward(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>?,
                         batch: Int, inputs: Int, outputs: Int, w: UnsafePointer<Float>, weight: Tensor, bias: Tensor?) {
        if let dx { LinearPasses.inputGradient(dy, dx, batch: batch, inputs: inputs, outputs: outputs, w: w) }
        weight.withGradient { LinearPasses.weightGradient(x, dy, $0, batch: batch, inputs: inputs, outputs: outputs) }
        bias?.withGradient { LinearPasses.biasGradient(dy, $0, batch: batch, outputs: outputs) }
    }
}
