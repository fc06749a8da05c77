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
        let (k, s, p) = (kernelSize, window.stride, padding)
        let (h, w, outH, outW) = (window.height, window.width, window.outputHeight, window.outputWidth)
        let planes = window.batch * window.channels
        let outputShape = [window.batch, window.channels, outH, outW]
        var winners = [Int](repeating: 0, count: try Shape.elementCount(outputShape))
        let out = try Tensor.make(shape: outputShape) { y in
            data.withUnsafeBufferPointer { x in
                winners.withUnsafeMutableBufferPointer { winners in
                    ParallelLoop.forEach(planes, workPerItem: h * w) { planeRange in
                        for plane in planeRange {
                            let (source, target) = (plane * h * w, plane * outH * outW)
                            for oh in 0 ..< outH {
                                if p == 0, k == 2 {
                                    // The usual 2 × 2 window without padding: the same comparisons with
                                    // constant trip counts, which the compiler unrolls.
                                    let row = source &+ oh &* s &* w
                                    for ow in 0 ..< outW {
                                        let (best, winner) = Self.windowMaximum(x, from: row, rowLength: w, rows: 2,
                                                                                cols: ow &* s ..< ow &* s &+ 2)
                                        y[target &+ oh &* outW &+ ow] = best
                                        winners[target &+ oh &* outW &+ ow] = winner
                                    }
                                    continue
                                }
                                let rows = Swift.max(0, oh * s - p) ..< Swift.min(h, oh * s - p + k)
                                for ow in 0 ..< outW {
                                    let cols = Swift.max(0, ow * s - p) ..< Swift.min(w, ow * s - p + k)
                                    let (best, winner) = Self.windowMaximum(x, from: source &+ rows.lowerBound &* w,
                                                                            rowLength: w, rows: rows.count, cols: cols)
                                    y[target &+ oh &* outW &+ ow] = best
                                    winners[target &+ oh &* outW &+ ow] = winner
                                }
                            }
                        }
                    }
                }
            }
        }
        let inputShape = shape, inputCount = count, argmax = winners
        return Tensor.record(out, "max_pool2d", [self]) { g in
            [try Tensor.make(shape: inputShape) { dx in
                dx.update(repeating: 0)
                g.data.withUnsafeBufferPointer { gp in
                    argmax.withUnsafeBufferPointer { argmax in
                        // Each plane's winners lie in that plane, so planes can go to different threads.
                        ParallelLoop.forEach(planes, workPerItem: h * w) { planeRange in
                            for o in planeRange.lowerBound * outH * outW ..< planeRange.upperBound * outH * outW {
                                let winner = argmax[o]
                                if winner >= 0 && winner < inputCount { dx[winner] += gp[o] }
                            }
                        }
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
        let (k, s, p) = (kernelSize, window.stride, padding)
        let (h, w, outH, outW) = (window.height, window.width, window.outputHeight, window.outputWidth)
        let planes = window.batch * window.channels
        let scale = 1 / (Float(k) * Float(k))
        /// Calls `body(input index, output index)` for every (element, window) pair, in a fixed order.
        func forEachPair(_ body: (Int, Int) -> Void) {
            for plane in 0 ..< planes {
                let (source, target) = (plane * h * w, plane * outH * outW)
                for oh in 0 ..< outH {
                    let rows = Swift.max(0, oh * s - p) ..< Swift.min(h, oh * s - p + k)
                    for ow in 0 ..< outW {
                        let cols = Swift.max(0, ow * s - p) ..< Swift.min(w, ow * s - p + k)
                        for r in rows { for c in cols { body(source + r * w + c, target + oh * outW + ow) } }
                    }
                }
            }
        }
        let out = try Tensor.make(shape: [window.batch, window.channels, outH, outW]) { y in
            y.update(repeating: 0)
            data.withUnsafeBufferPointer { x in forEachPair { i, o in y[o] += x[i] } }
            for o in y.indices { y[o] *= scale }
        }
        let inputShape = shape
        return Tensor.record(out, "avg_pool2d", [self]) { g in
            [try Tensor.make(shape: inputShape) { dx in
                dx.update(repeating: 0)
                g.data.withUnsafeBufferPointer { gp in forEachPair { i, o in dx[i] += gp[o] * scale } }
            }]
        }
    }

    /// The largest of `rows × cols.count` elements of `x` (rows `rowLength` apart, the first at `start +
    /// cols.lowerBound`) and its index: the first element, then each strictly larger one (or a NaN)
    /// replaces it, so the first of tied maxima wins. Written with selects and wrapping arithmetic on
    /// indices known to be in range (the window lies inside the image), which the compiler keeps free of
    /// branches: on random data a branch per comparison mispredicted half the time.
    @inline(__always)
    private static func windowMaximum(_ x: UnsafeBufferPointer<Float>, from start: Int, rowLength: Int, rows: Int,
                                      cols: Range<Int>) -> (Float, Int) {
        var winner = start &+ cols.lowerBound, best = x[winner]
        for r in 0 ..< rows {
            let row = start &+ r &* rowLength
            for c in cols {
                let index = row &+ c, v = x[index]
                let take = (v > best) != v.isNaN  // never both: NaN > best is false
                best = take ? v : best
                winner = take ? index : winner
            }
        }
        return (best, winner)
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
