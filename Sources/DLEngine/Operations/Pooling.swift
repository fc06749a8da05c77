/// Max and average pooling over the two spatial axes of NCHW feature maps, each one autodiff node.
extension Tensor {
    /// The largest value in each `kernelSize × kernelSize` window (PyTorch's `max_pool2d`, dilation 1,
    /// no `ceil_mode`).
    ///
    /// - Shapes: input `[N, C, H, W]`; output `[N, C, OH, OW]` with `OH = ⌊(H + 2p − k) / s⌋ + 1`
    ///   (likewise `OW`).
    /// - Parameters:
    ///   - kernelSize: the window's side `k`, at least 1.
    ///   - stride: the step `s` between windows, at least 1; `nil` (the default) means `kernelSize`.
    ///   - padding: `p` on every side, from 0 to `k / 2` (PyTorch's limit, which keeps a real element
    ///     in every window). Padding counts as −∞: it never wins.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for an input that is not rank 4, a kernel or stride
    ///   below 1, a padding outside `0 ... k / 2`, or an output size below 1.
    ///
    /// Backward: each output's gradient goes to the position of its window's maximum; when several
    /// elements tie for the maximum, to the first in row-major order (PyTorch's choice). A NaN in a
    /// window is its maximum, as in PyTorch (its gradient goes to the window's last NaN). Overlapping
    /// windows (stride < k) add their gradients.
    public func maxPool2d(kernelSize: Int, stride: Int? = nil, padding: Int = 0) throws -> Tensor {
        let window = try poolingWindow("maxPool2d", kernelSize: kernelSize, stride: stride, padding: padding)
        let outputShape = [window.batch, window.channels, window.outputHeight, window.outputWidth]
        var winners = [Int](repeating: 0, count: try Shape.elementCount(outputShape))
        let out = try Tensor.make(shape: outputShape) { y in
            data.withUnsafeBufferPointer { x in
                winners.withUnsafeMutableBufferPointer { winners in
                    guard let x = x.baseAddress, let y = y.baseAddress, let winners = winners.baseAddress else { return }
                    PoolingPasses.maxForward(x, window, into: y, winners: winners)
                }
            }
        }
        let inputShape = shape, argmax = winners
        return Tensor.record(out, "max_pool2d", [self]) { g in
            [try Tensor.make(shape: inputShape) { dx in
                g.data.withUnsafeBufferPointer { gp in
                    argmax.withUnsafeBufferPointer { argmax in
                        guard let gp = gp.baseAddress, let argmax = argmax.baseAddress, let dx = dx.baseAddress else {
                            return dx.update(repeating: 0)
                        }
                        PoolingPasses.maxBackward(gp, winners: argmax, window, into: dx)
                    }
                }
            }]
        }
    }

    /// The mean of each `kernelSize × kernelSize` window (PyTorch's `avg_pool2d` with its defaults,
    /// `count_include_pad = True`, no `ceil_mode`): the sum of the window's real elements divided by
    /// `k²` always, so padding counts as zeros in the mean.
    ///
    /// - Shapes: input `[N, C, H, W]`; output `[N, C, OH, OW]` with `OH = ⌊(H + 2p − k) / s⌋ + 1`.
    /// - Parameters: as ``maxPool2d(kernelSize:stride:padding:)``.
    /// - Throws: as ``maxPool2d(kernelSize:stride:padding:)``.
    ///
    /// Backward: each output's gradient, divided by `k²`, goes to every real element of its window.
    public func avgPool2d(kernelSize: Int, stride: Int? = nil, padding: Int = 0) throws -> Tensor {
        let window = try poolingWindow("avgPool2d", kernelSize: kernelSize, stride: stride, padding: padding)
        let out = try Tensor.make(shape: [window.batch, window.channels, window.outputHeight, window.outputWidth]) { y in
            data.withUnsafeBufferPointer { x in
                guard let x = x.baseAddress, let y = y.baseAddress else { return y.update(repeating: 0) }
                PoolingPasses.averageForward(x, window, into: y)
            }
        }
        let inputShape = shape
        return Tensor.record(out, "avg_pool2d", [self]) { g in
            [try Tensor.make(shape: inputShape) { dx in
                g.data.withUnsafeBufferPointer { gp in
                    guard let gp = gp.baseAddress, let dx = dx.baseAddress else { return dx.update(repeating: 0) }
                    PoolingPasses.averageBackward(gp, window, into: dx)
                }
            }]
        }
    }

    /// Checks a pooling call and computes its window: rank 4, stride defaulting to the kernel size,
    /// padding at most half the kernel.
    private func poolingWindow(_ operation: String, kernelSize: Int, stride: Int?, padding: Int) throws -> SlidingWindow {
        guard rank == 4 else {
            throw EngineError.invalidArgument(
                "\(operation) takes feature maps of shape [N, C, H, W]; got \(EngineError.format(shape))")
        }
        let s = stride ?? kernelSize
        try SlidingWindow.checkHyperparameters(operation, kernel: [kernelSize], stride: s, padding: padding, dilation: 1)
        guard padding <= kernelSize / 2 else {
            throw EngineError.invalidArgument(
                "\(operation) needs a padding of at most half the kernel size (\(kernelSize / 2)); got \(padding)")
        }
        return try SlidingWindow(operation: operation, input: shape, kernelHeight: kernelSize,
                                 kernelWidth: kernelSize, stride: s, padding: padding, dilation: 1)
    }
}
