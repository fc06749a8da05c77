/// The convolution's passes without im2col, for stride 1 (any padding, dilation and kernel shape): the
/// forward pass, dx, dW and db computed from the NCHW tensors and a zero-padded copy of the input, with
/// the same float operations in the same order as the im2col path (``ConvolutionPasses``), so the two
/// give the same bits. Why: the im2col matrices of a batch (1.8 and 3.6 MB in the cnn workload) do not
/// fit in the 2 MB L2, and the products around them spent most of their time copying (packing, the
/// NCHW ↔ channel-major rearrangements, col2im) rather than multiplying.
///
/// The order of operations, element by element (what the im2col path's `Gemm.multiply` calls promise):
/// - y[n, o, oh, ow]: over the taps `t = (c·kH + i)·kW + j` in k blocks of `Gemm.kBlock(k: C·kH·kW)`,
///   each block summed from zero with fused multiply-adds in increasing t, the block sums added in
///   order (block + running sum), then `+ b[o]` (`+ 0` without a bias). Padding taps are multiplied
///   too (by zeros read from the padded copy), as the im2col matrix's zeros are.
/// - dx[n, c, h, w]: starts at 0; for each tap (i, j) in increasing order whose output position exists,
///   `+= Σ_o W[o, c, i, j] · g[n, o, oh, ow]`, that sum over o in k blocks of `Gemm.kBlock(k: O)` as
///   above (col2im of Wᵀ · g).
/// - dW[o, t]: over the columns `q = (n, oh, ow)` in k blocks of `Gemm.kBlock(k: N·OH·OW)`, each block
///   from zero with fused multiply-adds in increasing q, the block sums added in order (running sum +
///   block), as `GemmKBlocks` does.
/// - db[o]: ``Tensor/sum(_:from:count:)``'s blocks of 1024 over the channel-major row of g.
///
/// Vectors: the forward pass and dx compute 16 consecutive pixels of a row at a time (each lane its own
/// sum; the forward pass two such vectors per pass, `DirectConvolution+Forward.swift`), dW 16 or 32 output
/// channels at a time (g transposed a block at a time). Threads split images (dW: k
/// blocks, db: channels); every element is computed by one thread with the same operations, so the results do not
/// depend on the thread count.
enum DirectConvolution {
    typealias Vector = SIMD16<Float>

    /// Whether these passes handle `window` (stride 1); otherwise the im2col path does.
    static func applies(_ window: SlidingWindow) -> Bool { window.stride == 1 }

    /// Floats read past the end of a padded image by the last vector of its last row.
    static let slack = 16

    /// The zero-padded input's geometry: per image, `C × (H + 2p) × (W + 2p)` then ``slack`` floats.
    struct Layout {
        let window: SlidingWindow
        let paddedHeight: Int, paddedWidth: Int
        let patch: Int

        init(_ window: SlidingWindow) {
            self.window = window
            paddedHeight = window.height + 2 * window.padding
            paddedWidth = window.width + 2 * window.padding
            patch = window.channels * window.kernelHeight * window.kernelWidth
        }

        var paddedPlane: Int { paddedHeight * paddedWidth }
        /// Floats per image: its padded planes, then ``DirectConvolution/slack`` floats that the last
        /// vector of its last row may read (so no read strays into another thread's image).
        var paddedImage: Int { window.channels * paddedPlane + DirectConvolution.slack }

        /// For each tap t = (c·kH + i)·kW + j, its offset in a padded image from the window's top-left.
        func tapOffsets() -> [Int] {
            var offsets: [Int] = []
            offsets.reserveCapacity(patch)
            for c in 0 ..< window.channels {
                for i in 0 ..< window.kernelHeight {
                    for j in 0 ..< window.kernelWidth {
                        offsets.append(c * paddedPlane + i * window.dilation * paddedWidth + j * window.dilation)
                    }
                }
            }
            return offsets
        }
    }

    /// Floats of the padded input buffer for `window`'s batch.
    /// - Throws: ``EngineError/allocationTooLarge(shape:limit:)`` beyond the engine's limit.
    static func paddedCount(_ window: SlidingWindow) throws -> Int {
        let p = window.padding
        let image = try Shape.elementCount([window.channels, window.height + 2 * p, window.width + 2 * p]) + slack
        return try Shape.elementCount([window.batch, image])
    }

    /// Floats of the scratch ``weightGradient(_:padded:outChannels:window:blockSums:into:)`` needs:
    /// one `O × C·kH·kW` product per k block of the columns.
    static func blockSumsCount(_ window: SlidingWindow, outChannels: Int) throws -> Int {
        let columns = try Shape.elementCount([window.batch, window.outputPlane])
        let blocks = columns == 0 ? 0 : (columns + Gemm.kBlock(k: columns) - 1) / Gemm.kBlock(k: columns)
        let patch = window.channels * window.kernelHeight * window.kernelWidth
        return try Shape.elementCount([blocks, outChannels, patch])
    }

    @inline(__always)
    static func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector.self)
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(p).loadUnaligned(as: Vector.self)
    }

    /// Stores the first `valid` lanes of `v` at `plane + position`: all 16 when they stay inside the plane
    /// (`planeSize` floats; lanes past the row land on later rows, which are written afterwards), else
    /// only the valid ones.
    @inline(__always)
    static func store(_ v: Vector, _ plane: UnsafeMutablePointer<Float>, at position: Int, planeSize: Int, valid: Int) {
        if position &+ 16 <= planeSize {
            UnsafeMutableRawPointer(plane + position).storeBytes(of: v, as: Vector.self)
        } else {
            for l in 0 ..< valid { plane[position &+ l] = v[l] }
        }
    }

    // MARK: Forward

    /// y = the convolution of `x` plus the bias, NCHW; `padded` (``paddedCount(_:)`` floats) is left
    /// holding the padded input for ``weightGradient(_:padded:outChannels:window:blockSums:into:)``.
    static func forward(_ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                        outChannels: Int, window: SlidingWindow, padded: UnsafeMutablePointer<Float>,
                        into y: UnsafeMutablePointer<Float>) {
        let layout = Layout(window)
        let offsets = layout.tapOffsets()
        offsets.withUnsafeBufferPointer { offsets in
            let work = outChannels * window.outputPlane * Swift.max(1, layout.patch / 4)
            ParallelLoop.forEach(window.batch, workPerItem: work) { images in
                forward(x, weight: weight, bias: bias, outChannels: outChannels, layout: layout,
                        offsets: ConvolutionPasses.start(offsets), padded: padded, into: y, images: images)
            }
        }
    }

    /// Copies image `n` of `x` into its padded place, the border zeroed.
    static func pad(_ x: UnsafePointer<Float>, image n: Int, layout: Layout, into padded: UnsafeMutablePointer<Float>) {
        let w = layout.window, p = w.padding, wp = layout.paddedWidth
        for c in 0 ..< w.channels {
            let target = padded + n * layout.paddedImage + c * layout.paddedPlane
            let source = x + (n * w.channels + c) * w.inputPlane
            target.update(repeating: 0, count: p * wp)
            for r in 0 ..< w.height {
                let row = target + (r + p) * wp
                row.update(repeating: 0, count: p)
                (row + p).update(from: source + r * w.width, count: w.width)
                (row + p + w.width).update(repeating: 0, count: p)
            }
            (target + (p + w.height) * wp).update(repeating: 0, count: p * wp)
        }
        (padded + (n + 1) * layout.paddedImage - slack).update(repeating: 0, count: slack)
    }

    // MARK: Input gradient

    /// dx (NCHW, overwritten) from the output gradient `g` (NCHW).
    static func inputGradient(weight: UnsafePointer<Float>, gradient g: UnsafePointer<Float>, outChannels: Int,
                              window: SlidingWindow, into dx: UnsafeMutablePointer<Float>) {
        let layout = Layout(window)
        let taps = window.kernelHeight * window.kernelWidth
        let work = window.channels * window.inputPlane * Swift.max(1, outChannels * taps / 4)
        ParallelLoop.forEach(window.batch, workPerItem: work) { images in
            inputGradient(weight: weight, gradient: g, outChannels: outChannels, layout: layout, into: dx, images: images)
        }
    }

    /// Input channels `c0 ..< c0 + 8` of one image (the ones past the last computed as copies of it and
    /// not stored), 16 pixels of a row at a time.
    @inline(__always)
    static func inputGradientChannels(_ c0: Int, weight: UnsafePointer<Float>, gradient g: UnsafePointer<Float>,
                                              outChannels: Int, layout: Layout, masks: UnsafePointer<SIMD16<UInt32>>,
                                              into dx: UnsafeMutablePointer<Float>) {
        let window = layout.window, patch = layout.patch
        let kc = outChannels == 0 ? 1 : Gemm.kBlock(k: outChannels)
        let (h, w, p, d) = (window.height, window.width, window.padding, window.dilation)
        let (kH, kW, outH, outW) = (window.kernelHeight, window.kernelWidth, window.outputHeight, window.outputWidth)
        let (inPlane, outPlane, taps) = (window.inputPlane, window.outputPlane, kH * kW)
        let last = window.channels - 1
        // W[o, c, i, j] = weight[o·patch + c·taps + i·kW + j]
        let w0 = weight + Swift.min(c0, last) * taps, w1 = weight + Swift.min(c0 + 1, last) * taps
        let w2 = weight + Swift.min(c0 + 2, last) * taps, w3 = weight + Swift.min(c0 + 3, last) * taps
        let w4 = weight + Swift.min(c0 + 4, last) * taps, w5 = weight + Swift.min(c0 + 5, last) * taps
        let w6 = weight + Swift.min(c0 + 6, last) * taps, w7 = weight + Swift.min(c0 + 7, last) * taps
        for row in 0 ..< h {
            var col0 = 0
            while col0 < w {
                var x0 = Vector(), x1 = Vector(), x2 = Vector(), x3 = Vector()
                var x4 = Vector(), x5 = Vector(), x6 = Vector(), x7 = Vector()
                for i in 0 ..< kH {
                    let oh = row + p - i * d
                    if oh < 0 || oh >= outH { continue }
                    for j in 0 ..< kW {
                        let ow0 = col0 + p - j * d
                        // Lanes whose output column ow0 + l exists.
                        let lo = Swift.max(0, -ow0), hi = Swift.min(16, outW - ow0)
                        if hi <= lo { continue }
                        let mask = masks[lo &* 17 &+ hi]
                        let source = g + oh * outW + ow0, tap = i * kW + j
                        var t0 = Vector(), t1 = Vector(), t2 = Vector(), t3 = Vector()
                        var t4 = Vector(), t5 = Vector(), t6 = Vector(), t7 = Vector()
                        var k0 = 0
                        while k0 < outChannels {
                            let k1 = Swift.min(outChannels, k0 + kc)
                            var a0 = Vector(), a1 = Vector(), a2 = Vector(), a3 = Vector()
                            var a4 = Vector(), a5 = Vector(), a6 = Vector(), a7 = Vector()
                            for o in k0 ..< k1 {
                                let v = load(source + o &* outPlane), e = o &* patch &+ tap
                                a0.addProduct(Vector(repeating: w0[e]), v); a1.addProduct(Vector(repeating: w1[e]), v)
                                a2.addProduct(Vector(repeating: w2[e]), v); a3.addProduct(Vector(repeating: w3[e]), v)
                                a4.addProduct(Vector(repeating: w4[e]), v); a5.addProduct(Vector(repeating: w5[e]), v)
                                a6.addProduct(Vector(repeating: w6[e]), v); a7.addProduct(Vector(repeating: w7[e]), v)
                            }
                            if k0 == 0 {
                                (t0, t1, t2, t3, t4, t5, t6, t7) = (a0, a1, a2, a3, a4, a5, a6, a7)
                            } else {
                                t0 = a0 + t0; t1 = a1 + t1; t2 = a2 + t2; t3 = a3 + t3
                                t4 = a4 + t4; t5 = a5 + t5; t6 = a6 + t6; t7 = a7 + t7
                            }
                            k0 = k1
                        }
                        // Lanes without an output column add +0, which leaves them as they are: a sum
                        // that starts at +0 is never -0.
                        x0 += masked(t0, mask); x1 += masked(t1, mask); x2 += masked(t2, mask); x3 += masked(t3, mask)
                        x4 += masked(t4, mask); x5 += masked(t5, mask); x6 += masked(t6, mask); x7 += masked(t7, mask)
                    }
                }
                let position = row * w + col0, valid = Swift.min(16, w - col0)
                func put(_ sum: Vector, _ k: Int) {
                    guard c0 + k <= last else { return }
                    store(sum, dx + (c0 + k) * inPlane, at: position, planeSize: inPlane, valid: valid)
                }
                put(x0, 0); put(x1, 1); put(x2, 2); put(x3, 3); put(x4, 4); put(x5, 5); put(x6, 6); put(x7, 7)
                col0 += 16
            }
        }
    }

    /// laneMasks[lo·17 + hi]: all ones in lanes lo ..< hi, zeros elsewhere.
    nonisolated(unsafe) static let laneMasks: UnsafePointer<SIMD16<UInt32>> = {
        let masks = UnsafeMutablePointer<SIMD16<UInt32>>.allocate(capacity: 17 * 17)
        for lo in 0 ... 16 {
            for hi in 0 ... 16 {
                var mask = SIMD16<UInt32>()
                for l in 0 ..< 16 where l >= lo && l < hi { mask[l] = .max }
                masks[lo * 17 + hi] = mask
            }
        }
        return UnsafePointer(masks)
    }()

    /// `v` where `mask` is all ones, +0 elsewhere.
    @inline(__always)
    static func masked(_ v: Vector, _ mask: SIMD16<UInt32>) -> Vector {
        unsafeBitCast(unsafeBitCast(v, to: SIMD16<UInt32>.self) & mask, to: Vector.self)
    }
}
