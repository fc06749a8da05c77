/// The steps of ``Tensor/conv2d(_:weight:bias:stride:padding:dilation:)`` on raw buffers, shared by the
/// autodiff operation and the buffered `Conv2DKernel`, so the two compute the same bits.
///
/// Sizes, for a window over `N` images: `patch = C·kH·kW`, `positions = OH·OW`, `columns = N·positions`.
/// The column matrix `col` is `patch × columns` (see ``Im2col``), the product and its gradient are
/// channel-major, `O × columns`; the convolution's input and output are NCHW.
enum ConvolutionPasses {
    /// y = W · im2col(x) + b, rearranged to NCHW.
    /// - Parameters:
    ///   - x: `N × C × H × W`; weight: `O × patch`; bias: `O` values or `nil`.
    ///   - col: scratch of `patch × columns` floats, left holding im2col(x) for ``weightGradient``.
    ///   - product: scratch of `O × columns` floats.
    ///   - y: `N × O × OH × OW`.
    static func forward(_ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                        outChannels: Int, window: SlidingWindow, col: UnsafeMutablePointer<Float>,
                        product: UnsafeMutablePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        let patch = window.channels * window.kernelHeight * window.kernelWidth
        let positions = window.outputPlane, columns = window.batch * positions
        Im2col.expand(x, window, into: col)
        Gemm.multiply(m: outChannels, n: columns, k: patch, a: weight, lda: patch, transposeA: false,
                      b: col, ldb: columns, transposeB: false, c: product, ldc: columns, accumulate: false)
        ParallelLoop.forEach(window.batch, workPerItem: outChannels * positions) { images in
            for n in images {
                for o in 0 ..< outChannels {
                    let b = bias?[o] ?? 0
                    let from = o * columns + n * positions, to = (n * outChannels + o) * positions
                    for p in 0 ..< positions { y[to + p] = product[from + p] + b }
                }
            }
        }
    }

    /// The output gradient `g` (NCHW) rearranged into `gradient` (`O × columns`), the layout of the
    /// forward product, which the three gradients below read.
    static func channelMajor(_ g: UnsafePointer<Float>, outChannels: Int, window: SlidingWindow,
                             into gradient: UnsafeMutablePointer<Float>) {
        let positions = window.outputPlane, columns = window.batch * positions
        ParallelLoop.forEach(window.batch, workPerItem: outChannels * positions) { images in
            for n in images {
                for o in 0 ..< outChannels {
                    let from = (n * outChannels + o) * positions, to = o * columns + n * positions
                    for p in 0 ..< positions { gradient[to + p] = g[from + p] }
                }
            }
        }
    }

    /// dx = col2im(Wᵀ · gradient), with `dCol` (`patch × columns`) as scratch; `dx` is overwritten.
    static func inputGradient(weight: UnsafePointer<Float>, gradient: UnsafePointer<Float>, outChannels: Int,
                              window: SlidingWindow, dCol: UnsafeMutablePointer<Float>,
                              into dx: UnsafeMutablePointer<Float>) {
        let patch = window.channels * window.kernelHeight * window.kernelWidth
        let columns = window.batch * window.outputPlane
        Gemm.multiply(m: patch, n: columns, k: outChannels, a: weight, lda: patch, transposeA: true,
                      b: gradient, ldb: columns, transposeB: false, c: dCol, ldc: columns, accumulate: false)
        dx.update(repeating: 0, count: window.batch * window.channels * window.inputPlane)
        Im2col.accumulate(dCol, window, into: dx)
    }

    /// dW = gradient · colᵀ (`O × patch`), the transpose done by the matrix kernel's packing.
    static func weightGradient(_ gradient: UnsafePointer<Float>, col: UnsafePointer<Float>, outChannels: Int,
                               window: SlidingWindow, into dw: UnsafeMutablePointer<Float>) {
        let patch = window.channels * window.kernelHeight * window.kernelWidth
        let columns = window.batch * window.outputPlane
        Gemm.multiply(m: outChannels, n: patch, k: columns, a: gradient, lda: columns, transposeA: false,
                      b: col, ldb: columns, transposeB: true, c: dw, ldc: patch, accumulate: false)
    }

    /// db[o] = the sum of row o of `gradient` (``Tensor/sum(_:from:count:)``'s blocked order).
    static func biasGradient(_ gradient: UnsafePointer<Float>, outChannels: Int, window: SlidingWindow,
                             into db: UnsafeMutablePointer<Float>) {
        let columns = window.batch * window.outputPlane
        let rows = UnsafeBufferPointer(start: gradient, count: outChannels * columns)
        for o in 0 ..< outChannels { db[o] = Float(Tensor.sum(rows, from: o * columns, count: columns)) }
    }

    /// Runs `body` on the bias's values, or on `nil` when there is no bias.
    static func withBias<R>(_ bias: Tensor?, _ body: (UnsafePointer<Float>?) -> R) -> R {
        guard let bias else { return body(nil) }
        return bias.withValues { body($0) }
    }

    /// A buffer's start, or for an empty one (a batch of 0 images, 0 channels) a non-null address that
    /// is never read or written: the matrix kernel and the loops touch nothing of a zero-sized operand.
    static func start(_ buffer: UnsafeBufferPointer<Float>) -> UnsafePointer<Float> {
        buffer.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<Float>.alignment)!
    }

    static func start(_ buffer: UnsafeBufferPointer<Int>) -> UnsafePointer<Int> {
        buffer.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<Int>.alignment)!
    }

    static func start(_ buffer: UnsafeMutableBufferPointer<Float>) -> UnsafeMutablePointer<Float> {
        buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: MemoryLayout<Float>.alignment)!
    }
}
