/// DropConnect on buffers: the Linear kernel's products on the masked weights `W ∘ M`, with the mask
/// drawn from the layer's own generator exactly as the autodiff layer draws it (one mask per forward
/// pass in training), and the weight's gradient `(xᵀ · dy) ∘ M` as autodiff's product rule gives it.
extension DropConnect: BufferedLayer {
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        _ = try outputShape(for: sampleShape)
        return DropConnectKernel(self)
    }
}

final class DropConnectKernel: LayerKernel {
    let layer: DropConnect
    var inputCount: Int { layer.inputSize }
    var outputCount: Int { layer.outputSize }
    /// The mask of the last forward pass in training (`nil`: no mask, the plain linear layer).
    private var mask: [Float]?
    /// W ∘ M for that pass.
    private var masked: [Float] = []

    init(_ layer: DropConnect) { self.layer = layer }

    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int) throws {
        let (inputs, outputs) = (layer.inputSize, layer.outputSize)
        if layer.isTraining, layer.rate > 0 {
            let drawn = try dropoutMask(shape: layer.weight.shape, rate: layer.rate, using: &layer.generator).data
            masked = zip(layer.weight.data, drawn).map { $0 * $1 }
            mask = drawn
        } else {
            mask = nil
        }
        let bias = layer.bias
        func run(_ w: UnsafePointer<Float>) {
            if let bias {
                bias.withValues { LinearKernel.forward(x, y, batch: batch, inputs: inputs, outputs: outputs, w: w, b: $0) }
            } else {
                LinearKernel.forward(x, y, batch: batch, inputs: inputs, outputs: outputs, w: w, b: nil)
            }
        }
        if mask != nil { masked.withUnsafeBufferPointer { run($0.baseAddress!) } } else { layer.weight.withValues(run) }
    }

    func backward(x: UnsafePointer<Float>, y: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                  dx: UnsafeMutablePointer<Float>?, batch: Int) {
        let (inputs, outputs) = (layer.inputSize, layer.outputSize)
        func run(_ w: UnsafePointer<Float>) {
            LinearKernel.backward(x, dy, dx, batch: batch, inputs: inputs, outputs: outputs, w: w,
                                  weight: layer.weight, bias: layer.bias)
        }
        if mask != nil { masked.withUnsafeBufferPointer { run($0.baseAddress!) } } else { layer.weight.withValues(run) }
        // d(W ∘ M)/dW = M: the gradient of the masked weights times the mask.
        if let mask {
            layer.weight.withGradient { dw in
                mask.withUnsafeBufferPointer { m in for i in 0 ..< m.count { dw[i] = dw[i] * m[i] } }
            }
        }
    }
}
