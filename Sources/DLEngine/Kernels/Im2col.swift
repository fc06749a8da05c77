/// The two rearrangements that turn a convolution into one matrix product (and its gradient back):
/// im2col copies every kernel-sized patch of a batch of images into a column of a matrix, col2im adds
/// such columns back onto images.
///
/// Layout of the column matrix for the whole batch, `[C·kH·kW, N·OH·OW]` row-major:
///
///     col[(c·kH + i)·kW + j, n·OH·OW + oh·OW + ow] = x[n, c, oh·s − p + i·d, ow·s − p + j·d]
///
/// (0 where the index falls into the padding). A row is one (channel, kernel offset) pair, so with a
/// weight `[O, C·kH·kW]` the convolution of the whole batch is `W · col`, one large product instead of
/// one small product per image. Each row is written as runs of `OW` values, contiguous when the stride
/// is 1, which the compiler vectorizes.
enum Im2col {
    /// Fills `col` (`C·kH·kW × N·OH·OW`) from `x` (`N × C × H × W`), the images split across threads
    /// (each writes its own columns).
    static func expand(_ x: UnsafePointer<Float>, _ w: SlidingWindow, into col: UnsafeMutablePointer<Float>) {
        let perImage = w.channels * w.kernelHeight * w.kernelWidth * w.outputPlane
        ParallelLoop.forEach(w.batch, workPerItem: perImage) { images in expand(x, w, images: images, into: col) }
    }

    /// ``expand(_:_:into:)`` for the images in `images` only.
    static func expand(_ x: UnsafePointer<Float>, _ w: SlidingWindow, images: Range<Int>, into col: UnsafeMutablePointer<Float>) {
        let (outW, plane, columns) = (w.outputWidth, w.outputPlane, w.batch * w.outputPlane)
        for c in 0 ..< w.channels {
            for i in 0 ..< w.kernelHeight {
                let rowOffset = i * w.dilation - w.padding
                let rows = SlidingWindow.validRange(offset: i * w.dilation, size: w.height,
                                                    outputSize: w.outputHeight, stride: w.stride, padding: w.padding)
                for j in 0 ..< w.kernelWidth {
                    let colOffset = j * w.dilation - w.padding
                    let cols = SlidingWindow.validRange(offset: j * w.dilation, size: w.width,
                                                        outputSize: outW, stride: w.stride, padding: w.padding)
                    let row = col + ((c * w.kernelHeight + i) * w.kernelWidth + j) * columns
                    for n in images {
                        let image = x + (n * w.channels + c) * w.inputPlane
                        let target = row + n * plane
                        for oh in 0 ..< w.outputHeight {
                            let out = target + oh * outW
                            guard rows.contains(oh), !cols.isEmpty else {
                                out.update(repeating: 0, count: outW)
                                continue
                            }
                            let source = image + (oh * w.stride + rowOffset) * w.width
                            if cols.lowerBound > 0 { out.update(repeating: 0, count: cols.lowerBound) }
                            if w.stride == 1 {
                                (out + cols.lowerBound).update(from: source + cols.lowerBound + colOffset,
                                                               count: cols.count)
                            } else {
                                for ow in cols { out[ow] = source[ow * w.stride + colOffset] }
                            }
                            if cols.upperBound < outW {
                                (out + cols.upperBound).update(repeating: 0, count: outW - cols.upperBound)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Adds the columns of `col` (`C·kH·kW × N·OH·OW`) back onto `x` (`N × C × H × W`), the adjoint of
    /// ``expand(_:_:into:)``: every input element receives the sum of the column entries that copied it.
    /// `x` must be initialized (zeros for a fresh gradient). The order of the additions is fixed.
    static func accumulate(_ col: UnsafePointer<Float>, _ w: SlidingWindow, into x: UnsafeMutablePointer<Float>) {
        let perImage = w.channels * w.kernelHeight * w.kernelWidth * w.outputPlane
        ParallelLoop.forEach(w.batch, workPerItem: perImage) { images in accumulate(col, w, images: images, into: x) }
    }

    /// ``accumulate(_:_:into:)`` for the images in `images` only (each image's gradient is written by
    /// one thread, in the same order as on one thread).
    static func accumulate(_ col: UnsafePointer<Float>, _ w: SlidingWindow, images: Range<Int>, into x: UnsafeMutablePointer<Float>) {
        let (outW, plane, columns) = (w.outputWidth, w.outputPlane, w.batch * w.outputPlane)
        for c in 0 ..< w.channels {
            for i in 0 ..< w.kernelHeight {
                let rowOffset = i * w.dilation - w.padding
                let rows = SlidingWindow.validRange(offset: i * w.dilation, size: w.height,
                                                    outputSize: w.outputHeight, stride: w.stride, padding: w.padding)
                for j in 0 ..< w.kernelWidth {
                    let colOffset = j * w.dilation - w.padding
                    let cols = SlidingWindow.validRange(offset: j * w.dilation, size: w.width,
                                                        outputSize: outW, stride: w.stride, padding: w.padding)
                    if cols.isEmpty { continue }
                    let row = col + ((c * w.kernelHeight + i) * w.kernelWidth + j) * columns
                    for n in images {
                        let image = x + (n * w.channels + c) * w.inputPlane
                        let source = row + n * plane
                        for oh in rows {
                            let values = source + oh * outW
                            let target = image + (oh * w.stride + rowOffset) * w.width + colOffset
                            if w.stride == 1 {
                                for ow in cols { target[ow] += values[ow] }
                            } else {
                                for ow in cols { target[ow * w.stride] += values[ow] }
                            }
                        }
                    }
                }
            }
        }
    }
}
