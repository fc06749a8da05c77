/// Conv2D on buffers: the steps of ``Tensor/conv2d(_:weight:bias:stride:padding:dilation:)``
/// (``ConvolutionPasses``) on scratch buffers allocated once, so both training loops agree to the bit.
extension Conv2D: BufferedLayer {
    /// - Throws: the layer's shape errors for `sampleShape`, or
    ///   ``EngineError/allocationTooLarge(shape:limit:)`` for a column matrix beyond the engine's limit.
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        _ = try outputShape(for: sampleShape)
        let window = try SlidingWindow(operation: description, input: [batchCapacity] + sampleShape,
                                       kernelHeight: kernelSize, kernelWidth: kernelSize, stride: stride,
                                       padding: padding, dilation: dilation)
        return try Conv2DKernel(self, window: window)
    }
}

/// Forward `y = W · im2col(x) + b`; backward `dW = g · colᵀ`, `db = Σ g`, `dx = col2im(Wᵀ · g)`, with
/// `g` the output gradient. For stride 1 these run as ``DirectConvolution`` (the same bits, without the
/// column matrix); otherwise as ``ConvolutionPasses`` (one matrix product for the whole batch, `g` in
/// channel-major layout).
///
/// Buffers, direct: `padded` holds the last forward batch's zero-padded input until the backward pass
/// has used it for dW, `blockSums` dW's k-block products. im2col (`patch = C·kH·kW`, `columns =
/// capacity · OH·OW`): `col` (`patch × columns`) holds im2col of the last forward batch until the
/// backward pass has used it for dW, then serves as the scratch for Wᵀ · g; `product` (`O × columns`)
/// holds W · col in the forward pass and g in the backward pass.
final class Conv2DKernel: LayerKernel {
    let layer: Conv2D
    /// The window over a full batch (`capacity` images).
    private let window: SlidingWindow
    let inputCount: Int
    let outputCount: Int
    private let direct: Bool
    private let col: FloatBuffer
    private let product: FloatBuffer

    init(_ layer: Conv2D, window: SlidingWindow) throws {
        self.layer = layer
        self.window = window
        inputCount = try Shape.elementCount([window.channels, window.height, window.width])
        outputCount = try Shape.elementCount([layer.outputChannels, window.outputPlane])
        direct = DirectConvolution.applies(window)
        if direct {
            col = try FloatBuffer(rows: 1, columns: DirectConvolution.paddedCount(window))
            product = try FloatBuffer(rows: 1, columns: DirectConvolution.blockSumsCount(window, outChannels: layer.outputChannels))
        } else {
            let columns = try Shape.elementCount([window.batch, window.outputPlane])
            col = try FloatBuffer(rows: window.channels * window.kernelHeight * window.kernelWidth, columns: columns)
            product = try FloatBuffer(rows: layer.outputChannels, columns: columns)
        }
    }

    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int) {
        let window = SlidingWindow(window, batch: batch), outChannels = layer.outputChannels
        layer.weight.withValues { w in
            ConvolutionPasses.withBias(layer.bias) { b in
                if direct {
                    DirectConvolution.forward(x, weight: w, bias: b, outChannels: outChannels, window: window,
                                              padded: col.pointer, into: y)
                } else {
                    ConvolutionPasses.forward(x, weight: w, bias: b, outChannels: outChannels, window: window,
                                              col: col.pointer, product: product.pointer, into: y)
                }
            }
        }
    }

    func backward(x: UnsafePointer<Float>, y: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                  dx: UnsafeMutablePointer<Float>?, batch: Int) {
        let window = SlidingWindow(window, batch: batch), outChannels = layer.outputChannels
        if direct {
            layer.weight.withGradient { dw in
                DirectConvolution.weightGradient(dy, padded: col.pointer, outChannels: outChannels, window: window,
                                                 blockSums: product.pointer, into: dw)
            }
            layer.bias?.withGradient { db in
                DirectConvolution.biasGradient(dy, outChannels: outChannels, window: window, into: db)
            }
            if let dx {
                layer.weight.withValues { w in
                    DirectConvolution.inputGradient(weight: w, gradient: dy, outChannels: outChannels,
                                                    window: window, into: dx)
                }
            }
            return
        }
        let gradient = product.pointer
        ConvolutionPasses.channelMajor(dy, outChannels: outChannels, window: window, into: gradient)
        layer.weight.withGradient { dw in
            ConvolutionPasses.weightGradient(gradient, col: col.pointer, outChannels: outChannels, window: window, into: dw)
        }
        layer.bias?.withGradient { db in
            ConvolutionPasses.biasGradient(gradient, outChannels: outChannels, window: window, into: db)
        }
        // im2col(x) is no longer needed: its buffer takes Wᵀ · g.
        if let dx {
            layer.weight.withValues { w in
                ConvolutionPasses.inputGradient(weight: w, gradient: gradient, outChannels: outChannels,
                                                window: window, dCol: col.pointer, into: dx)
            }
        }
    }
}
