/// Max and average pooling on raw NCHW buffers, shared by ``Tensor/maxPool2d(kernelSize:stride:padding:)``,
/// ``Tensor/avgPool2d(kernelSize:stride:padding:)`` and the buffered pooling kernels, so both training
/// loops compute the same bits. The window is square (`kernelHeight` is used), dilation 1, and its
/// settings were checked when it was made.
enum PoolingPasses {
    /// y = the maximum of each window, and in `winners` the index into `x` of the element that won.
    /// - Shapes: x `N × C × H × W`; y and winners `N × C × OH × OW`.
    static func maxForward(_ x: UnsafePointer<Float>, _ window: SlidingWindow, into y: UnsafeMutablePointer<Float>,
                           winners: UnsafeMutablePointer<Int>) {
        let (k, s, p) = (window.kernelHeight, window.stride, window.padding)
        let (h, w, outH, outW) = (window.height, window.width, window.outputHeight, window.outputWidth)
        ParallelLoop.forEach(window.batch * window.channels, workPerItem: h * w) { planeRange in
            for plane in planeRange {
                let (source, target) = (plane * h * w, plane * outH * outW)
                for oh in 0 ..< outH {
                    if p == 0, k == 2, s == 2 {
                        maxRow2x2(x, plane: source, planeSize: h * w, width: w, outputRow: oh, outputWidth: outW,
                                  into: y + target, winners: winners + target, outputPlane: outH * outW)
                        continue
                    }
                    if p == 0, k == 2 {
                        // The usual 2 × 2 window without padding: the same comparisons with constant
                        // trip counts, which the compiler unrolls.
                        let row = source &+ oh &* s &* w
                        for ow in 0 ..< outW {
                            let (best, winner) = windowMaximum(x, from: row, rowLength: w, rows: 2,
                                                               cols: ow &* s ..< ow &* s &+ 2)
                            y[target &+ oh &* outW &+ ow] = best
                            winners[target &+ oh &* outW &+ ow] = winner
                        }
                        continue
                    }
                    let rows = Swift.max(0, oh * s - p) ..< Swift.min(h, oh * s - p + k)
                    for ow in 0 ..< outW {
                        let cols = Swift.max(0, ow * s - p) ..< Swift.min(w, ow * s - p + k)
                        let (best, winner) = windowMaximum(x, from: source &+ rows.lowerBound &* w, rowLength: w,
                                                           rows: rows.count, cols: cols)
                        y[target &+ oh &* outW &+ ow] = best
                        winners[target &+ oh &* outW &+ ow] = winner
                    }
                }
            }
        }
    }

    /// The even (odd) elements of `a` then `b`: SIMD32's evenHalf and oddHalf written out, because
    /// here those compiled to out-of-line calls (about 5% of the cnn profile).
    @inline(__always)
    private static func evens(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
        SIMD16(a[0], a[2], a[4], a[6], a[8], a[10], a[12], a[14], b[0], b[2], b[4], b[6], b[8], b[10], b[12], b[14])
    }

    @inline(__always)
    private static func odds(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
        SIMD16(a[1], a[3], a[5], a[7], a[9], a[11], a[13], a[15], b[1], b[3], b[5], b[7], b[9], b[11], b[13], b[15])
    }

    /// One output row of the 2 × 2, stride 2, unpadded max pooling: 16 outputs at a time, each lane
    /// comparing its four elements in the scalar order (the first, then each strictly larger one or a
    /// NaN replaces it), so the same maxima and winners as ``windowMaximum(_:from:rowLength:rows:cols:)``.
    /// Vectors that would read past the plane (its last rows) fall back to the scalar loop; stores that
    /// would pass the output plane's end keep only their valid lanes.
    @inline(__always)
    private static func maxRow2x2(_ x: UnsafePointer<Float>, plane source: Int, planeSize: Int, width w: Int,
                                  outputRow oh: Int, outputWidth outW: Int, into y: UnsafeMutablePointer<Float>,
                                  winners: UnsafeMutablePointer<Int>, outputPlane: Int) {
        let row = source &+ 2 &* oh &* w
        let lanes = SIMD16<Int>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        var ow0 = 0
        while ow0 < outW {
            let valid = Swift.min(16, outW &- ow0), position = oh &* outW &+ ow0
            // The vector reads 32 floats of the row and of the next, from column 2·ow0.
            guard row &- source &+ w &+ 2 &* ow0 &+ 32 <= planeSize else {
                for ow in ow0 ..< ow0 &+ valid {
                    let (best, winner) = windowMaximum(x, from: row, rowLength: w, rows: 2, cols: 2 &* ow ..< 2 &* ow &+ 2)
                    y[position &+ ow &- ow0] = best
                    winners[position &+ ow &- ow0] = winner
                }
                ow0 &+= 16
                continue
            }
            let top0 = UnsafeRawPointer(x + (row &+ 2 &* ow0)).loadUnaligned(as: SIMD16<Float>.self)
            let top1 = UnsafeRawPointer(x + (row &+ 2 &* ow0 &+ 16)).loadUnaligned(as: SIMD16<Float>.self)
            let bottom0 = UnsafeRawPointer(x + (row &+ w &+ 2 &* ow0)).loadUnaligned(as: SIMD16<Float>.self)
            let bottom1 = UnsafeRawPointer(x + (row &+ w &+ 2 &* ow0 &+ 16)).loadUnaligned(as: SIMD16<Float>.self)
            var best = evens(top0, top1), code = SIMD16<Int32>()
            @inline(__always) func consider(_ candidate: SIMD16<Float>, _ value: Int32) {
                let take = (candidate .> best) .| (candidate .!= candidate)  // never both: NaN > best is false
                best.replace(with: candidate, where: take)
                code.replace(with: value, where: take)
            }
            consider(odds(top0, top1), 1)
            consider(evens(bottom0, bottom1), 2)
            consider(odds(bottom0, bottom1), 3)
            // The codes (0 ... 3) widened to Int lanes (on little-endian machines by interleaving them
            // with zero high words: the generic conversion was not inlined), then the winner's offset
            // in its window: + 1 for the right column, + w for the lower row.
            #if _endian(little)
            var halves = SIMD32<Int32>()
            halves.evenHalf = code
            let wide = unsafeBitCast(halves, to: SIMD16<Int>.self)
            #else
            let wide = SIMD16<Int>(truncatingIfNeeded: code)
            #endif
            let index = (lanes &* 2 &+ (row &+ 2 &* ow0)) &+ (wide & 1) &+ ((SIMD16<Int>() &- (wide &>> 1)) & w)
            if position &+ 16 <= outputPlane {
                UnsafeMutableRawPointer(y + position).storeBytes(of: best, as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(winners + position).storeBytes(of: index, as: SIMD16<Int>.self)
            } else {
                for l in 0 ..< valid {
                    y[position &+ l] = best[l]
                    winners[position &+ l] = index[l]
                }
            }
            ow0 &+= 16
        }
    }

    /// dx = each output's gradient `g` added at its window's winner; `dx` (`N × C × H × W`) is overwritten.
    static func maxBackward(_ g: UnsafePointer<Float>, winners: UnsafePointer<Int>, _ window: SlidingWindow,
                            into dx: UnsafeMutablePointer<Float>) {
        let (h, w, outPlane) = (window.height, window.width, window.outputPlane)
        let planes = window.batch * window.channels, inputCount = planes * h * w
        // Each plane's winners lie in that plane, so planes can go to different threads, each zeroing
        // its own planes just before adding to them (while they are in cache; one serial memset of the
        // whole gradient first cost about as much as the additions).
        ParallelLoop.forEach(planes, workPerItem: h * w) { planeRange in
            (dx + planeRange.lowerBound * h * w).update(repeating: 0, count: planeRange.count * h * w)
            for o in planeRange.lowerBound * outPlane ..< planeRange.upperBound * outPlane {
                let winner = winners[o]
                if winner >= 0 && winner < inputCount { dx[winner] += g[o] }
            }
        }
    }

    /// y = the sum of each window's real elements divided by `k²` (padding counts as zeros).
    static func averageForward(_ x: UnsafePointer<Float>, _ window: SlidingWindow, into y: UnsafeMutablePointer<Float>) {
        let outputs = window.batch * window.channels * window.outputPlane
        y.update(repeating: 0, count: outputs)
        forEachPair(window) { i, o in y[o] += x[i] }
        let scale = averageScale(window)
        for o in 0 ..< outputs { y[o] *= scale }
    }

    /// dx = each output's gradient divided by `k²`, added to every real element of its window; `dx` is
    /// overwritten.
    static func averageBackward(_ g: UnsafePointer<Float>, _ window: SlidingWindow, into dx: UnsafeMutablePointer<Float>) {
        dx.update(repeating: 0, count: window.batch * window.channels * window.inputPlane)
        let scale = averageScale(window)
        forEachPair(window) { i, o in dx[i] += g[o] * scale }
    }

    /// 1 / k², the same for every window (`count_include_pad = True`).
    private static func averageScale(_ window: SlidingWindow) -> Float {
        1 / (Float(window.kernelHeight) * Float(window.kernelHeight))
    }

    /// Calls `body(input index, output index)` for every (element, window) pair, in a fixed order.
    @inline(__always)
    private static func forEachPair(_ window: SlidingWindow, _ body: (Int, Int) -> Void) {
        let (k, s, p) = (window.kernelHeight, window.stride, window.padding)
        let (h, w, outH, outW) = (window.height, window.width, window.outputHeight, window.outputWidth)
        for plane in 0 ..< window.batch * window.channels {
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

    /// The largest of `rows × cols.count` elements of `x` (rows `rowLength` apart, the first at `start +
    /// cols.lowerBound`) and its index: the first element, then each strictly larger one (or a NaN)
    /// replaces it, so the first of tied maxima wins. Written with selects and wrapping arithmetic on
    /// indices known to be in range (the window lies inside the image), which the compiler keeps free of
    /// branches: on random data a branch per comparison mispredicted half the time.
    @inline(__always)
    private static func windowMaximum(_ x: UnsafePointer<Float>, from start: Int, rowLength: Int, rows: Int,
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
}
