/// Two-dimensional convolution (cross-correlation, as in every deep-learning library) as one fused
/// autodiff node, computed directly for stride 1 and with im2col and the matrix kernel otherwise (the
/// same bits either way).
extension Tensor {
    /// The 2-d convolution of a batch of feature maps with a bank of filters, plus a bias per output channel:
    ///
    ///     y[n, o, oh, ow] = b[o] + Σ_c Σ_i Σ_j  W[o, c, i, j] · x[n, c, oh·s − p + i·d, ow·s − p + j·d]
    ///
    /// with zeros outside the input (the padding). PyTorch's `conv2d` with `groups = 1`.
    ///
    /// - Shapes: input `[N, C, H, W]`, weight `[O, C, kH, kW]` (rectangular kernels allowed), bias `[O]`;
    ///   output `[N, O, OH, OW]` with `OH = ⌊(H + 2p − d·(kH − 1) − 1) / s⌋ + 1` and likewise `OW`.
    /// - Parameters:
    ///   - input: the feature maps, NCHW.
    ///   - weight: the filters.
    ///   - bias: one value per output channel, or `nil` for none.
    ///   - stride: the step `s` between output positions, on both axes; at least 1.
    ///   - padding: `p` zeros added on every side, on both axes; at least 0.
    ///   - dilation: the spacing `d` between kernel taps (1: adjacent); at least 1.
    /// - Throws: ``EngineError/shapeMismatch(operation:_:_:)`` naming the input's and the weight's shapes
    ///   when either is not rank 4 or their channel counts differ (or naming the bias's shape and `[O]`);
    ///   ``EngineError/invalidArgument(_:)`` for a stride, dilation or kernel size below 1, a negative
    ///   padding, or an output size below 1; an allocation error when the column matrix
    ///   (`C·kH·kW × N·OH·OW` floats; for stride 1 the padded input) would be too large.
    ///
    /// How, as defined (and computed for strides above 1): the batch is unrolled into one column matrix
    /// `col` (`C·kH·kW × N·OH·OW`, see ``Im2col``), and the whole batch is the single product `W · col`
    /// (`O × N·OH·OW`), rearranged to NCHW while the bias is added. Backward, with `g` the output
    /// gradient rearranged to `O × N·OH·OW`:
    ///
    ///     ∂L/∂W = g · colᵀ                 (the transpose done by the kernel's packing)
    ///     ∂L/∂x = col2im(Wᵀ · g)           (the adjoint of im2col: overlapping patches add up)
    ///     ∂L/∂b = Σ over n, oh, ow of g
    ///
    /// For stride 1, ``DirectConvolution`` computes the same sums in the same order from the NCHW
    /// tensors and a zero-padded copy of the input (kept for ∂L/∂W instead of `col`), 16 pixels or 16
    /// channels per vector, images (∂L/∂W: k blocks) split between threads. In the cnn workload (batch
    /// 64, 3 × 3, padding 1), with the pooling and threading changes made with it, this took the
    /// training step from about 14k to 24-27k samples/s on 2 cores: the column matrices (1.8 and
    /// 3.6 MB) no longer pass through the 2 MB L2 several times per step.
    /// Edge cases: N = 0 gives an empty output; an input that does not require a gradient (the images)
    /// costs no input gradient.
    public static func conv2d(_ input: Tensor, weight: Tensor, bias: Tensor? = nil,
                              stride: Int = 1, padding: Int = 0, dilation: Int = 1) throws -> Tensor {
        guard input.rank == 4, weight.rank == 4, input.shape[1] == weight.shape[1] else {
            throw EngineError.shapeMismatch(operation: "conv2d", input.shape, weight.shape)
        }
        let outChannels = weight.shape[0]
        if let bias, bias.shape != [outChannels] {
            throw EngineError.shapeMismatch(operation: "conv2d bias", bias.shape, [outChannels])
        }
        let window = try SlidingWindow(operation: "conv2d", input: input.shape, kernelHeight: weight.shape[2],
                                       kernelWidth: weight.shape[3], stride: stride, padding: padding,
                                       dilation: dilation)
        let patch = window.channels * window.kernelHeight * window.kernelWidth  // C·kH·kW
        let positions = window.outputPlane                                     // OH·OW
        let columns = try Shape.elementCount([window.batch, positions])       // N·OH·OW
        let colCount = try Shape.elementCount([patch, columns])
        let outputShape = [window.batch, outChannels, window.outputHeight, window.outputWidth]
        let product = try Shape.elementCount([outChannels, columns])

        typealias Passes = ConvolutionPasses
        if DirectConvolution.applies(window) {
            return try directConv2d(input, weight: weight, bias: bias, window: window, outputShape: outputShape)
        }
        // im2col(x), kept for the weight's gradient, and the product W · col (O × N·OH·OW).
        var col = uninitialized(colCount), channelMajor = uninitialized(product)
        let out = try Tensor.make(shape: outputShape) { y in
            input.data.withUnsafeBufferPointer { x in
                weight.data.withUnsafeBufferPointer { w in
                    col.withUnsafeMutableBufferPointer { col in
                        channelMajor.withUnsafeMutableBufferPointer { z in
                            Passes.withBias(bias) { b in
                                Passes.forward(Passes.start(x), weight: Passes.start(w), bias: b,
                                               outChannels: outChannels, window: window, col: Passes.start(col),
                                               product: Passes.start(z), into: Passes.start(y))
                            }
                        }
                    }
                }
            }
        }
        return record(out, "conv2d", [input, weight] + (bias.map { [$0] } ?? [])) { [col] g in
            // g rearranged to O × N·OH·OW, the layout of the forward product.
            var gradient = uninitialized(product)
            g.data.withUnsafeBufferPointer { gp in
                gradient.withUnsafeMutableBufferPointer {
                    Passes.channelMajor(Passes.start(gp), outChannels: outChannels, window: window, into: Passes.start($0))
                }
            }
            var dInput: Tensor?
            if input.requiresGrad {
                var dCol = uninitialized(colCount)
                dInput = try Tensor.make(shape: input.shape) { dx in
                    weight.data.withUnsafeBufferPointer { w in
                        gradient.withUnsafeBufferPointer { gp in
                            dCol.withUnsafeMutableBufferPointer { dCol in
                                Passes.inputGradient(weight: Passes.start(w), gradient: Passes.start(gp),
                                                     outChannels: outChannels, window: window,
                                                     dCol: Passes.start(dCol), into: Passes.start(dx))
                            }
                        }
                    }
                }
            }
            var dWeight: Tensor?
            if weight.requiresGrad {
                var values = uninitialized(weight.count)
                gradient.withUnsafeBufferPointer { gp in
                    col.withUnsafeBufferPointer { col in
                        values.withUnsafeMutableBufferPointer {
                            Passes.weightGradient(Passes.start(gp), col: Passes.start(col), outChannels: outChannels,
                                                  window: window, into: Passes.start($0))
                        }
                    }
                }
                dWeight = Tensor(uncheckedShape: weight.shape, data: values)
            }
            var dBias: Tensor?
            if let bias, bias.requiresGrad {
                var sums = uninitialized(outChannels)
                gradient.withUnsafeBufferPointer { gp in
                    sums.withUnsafeMutableBufferPointer {
                        Passes.biasGradient(Passes.start(gp), outChannels: outChannels, window: window, into: Passes.start($0))
                    }
                }
                dBias = Tensor(uncheckedShape: bias.shape, data: sums)
            }
            return [dInput, dWeight, dBias]
        }
    }

    /// ``conv2d(_:weight:bias:stride:padding:dilation:)`` for stride 1 by ``DirectConvolution``: the same
    /// bits as the im2col path, keeping only the zero-padded input (not the column matrix) for the
    /// backward pass.
    private static func directConv2d(_ input: Tensor, weight: Tensor, bias: Tensor?, window: SlidingWindow,
                                     outputShape: [Int]) throws -> Tensor {
        typealias Passes = ConvolutionPasses
        let outChannels = weight.shape[0]
        var padded = [Float](repeating: 0, count: try DirectConvolution.paddedCount(window))
        let blockSums = try DirectConvolution.blockSumsCount(window, outChannels: outChannels)
        let out = try Tensor.make(shape: outputShape) { y in
            input.data.withUnsafeBufferPointer { x in
                weight.data.withUnsafeBufferPointer { w in
                    padded.withUnsafeMutableBufferPointer { padded in
                        Passes.withBias(bias) { b in
                            DirectConvolution.forward(Passes.start(x), weight: Passes.start(w), bias: b,
                                                      outChannels: outChannels, window: window,
                                                      padded: Passes.start(padded), into: Passes.start(y))
                        }
                    }
                }
            }
        }
        return record(out, "conv2d", [input, weight] + (bias.map { [$0] } ?? [])) { [padded] g in
            var dInput: Tensor?
            if input.requiresGrad {
                dInput = try Tensor.make(shape: input.shape) { dx in
                    weight.data.withUnsafeBufferPointer { w in
                        g.data.withUnsafeBufferPointer { gp in
                            DirectConvolution.inputGradient(weight: Passes.start(w), gradient: Passes.start(gp),
                                                            outChannels: outChannels, window: window,
                                                            into: Passes.start(dx))
                        }
                    }
                }
            }
            var dWeight: Tensor?
            if weight.requiresGrad {
                var values = uninitialized(weight.count), scratch = uninitialized(blockSums)
                g.data.withUnsafeBufferPointer { gp in
                    padded.withUnsafeBufferPointer { padded in
                        scratch.withUnsafeMutableBufferPointer { scratch in
                            values.withUnsafeMutableBufferPointer {
                                DirectConvolution.weightGradient(Passes.start(gp), padded: Passes.start(padded),
                                                                 outChannels: outChannels, window: window,
                                                                 blockSums: Passes.start(scratch),
                                                                 into: Passes.start($0))
                            }
                        }
                    }
                }
                dWeight = Tensor(uncheckedShape: weight.shape, data: values)
            }
            var dBias: Tensor?
            if let bias, bias.requiresGrad {
                var sums = uninitialized(outChannels)
                g.data.withUnsafeBufferPointer { gp in
                    sums.withUnsafeMutableBufferPointer {
                        DirectConvolution.biasGradient(Passes.start(gp), outChannels: outChannels, window: window,
                                                       into: Passes.start($0))
                    }
                }
                dBias = Tensor(uncheckedShape: bias.shape, data: sums)
            }
            return [dInput, dWeight, dBias]
        }
    }

    /// The sum of `count` floats from `start`: eight float lanes per block of 1024 values, the block sums
    /// added in `Double`, so it vectorizes and still loses little precision over long rows.
    static func sum(_ values: UnsafeBufferPointer<Float>, from start: Int, count: Int) -> Double {
        var total = 0.0, blockStart = start
        let end = start + count
        while blockStart < end {
            let blockEnd = Swift.min(end, blockStart + 1024)
            var lanes = SIMD8<Float>(), i = blockStart
            while i + 8 <= blockEnd {
                lanes += SIMD8<Float>(values[i ..< i + 8])
                i += 8
            }
            var block = Double(lanes.sum())
            while i < blockEnd { block += Double(values[i]); i += 1 }
            total += block
            blockStart = blockEnd
        }
        return total
    }

    /// An array of `count` floats whose contents the caller then overwrites entirely (a product with
    /// `accumulate: false`, a rearrangement): it skips the zero-filling, measurable at these sizes.
    private static func uninitialized(_ count: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }
}
