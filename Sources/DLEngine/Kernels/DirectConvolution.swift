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
/// sum), dW 16 output channels at a time (g transposed a block at a time). Threads split images (dW: k
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

    /// ``forward(_:weight:bias:outChannels:window:padded:into:)`` for the images in `images`.
    static func forward(_ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                        outChannels: Int, layout: Layout, offsets: UnsafePointer<Int>,
                        padded: UnsafeMutablePointer<Float>, into y: UnsafeMutablePointer<Float>, images: Range<Int>) {
        let window = layout.window
        for n in images {
            pad(x, image: n, layout: layout, into: padded)
            var o0 = 0
            while o0 < outChannels {
                forwardChannels(o0, image: n, weight: weight, bias: bias, outChannels: outChannels, layout: layout,
                                offsets: offsets, padded: padded + n * layout.paddedImage,
                                into: y + n * outChannels * window.outputPlane)
                o0 += 8
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

    /// Output channels `o0 ..< o0 + 8` (the ones past the last computed as copies of it and not
    /// stored) of one image, 16 pixels of a row at a time.
    @inline(__always)
    private static func forwardChannels(_ o0: Int, image n: Int, weight: UnsafePointer<Float>,
                                        bias: UnsafePointer<Float>?, outChannels: Int, layout: Layout,
                                        offsets: UnsafePointer<Int>, padded image: UnsafeMutablePointer<Float>,
                                        into y: UnsafeMutablePointer<Float>) {
        let window = layout.window, patch = layout.patch, kc = patch == 0 ? 1 : Gemm.kBlock(k: patch)
        let (outH, outW, plane, wp) = (window.outputHeight, window.outputWidth, window.outputPlane, layout.paddedWidth)
        let last = outChannels - 1
        let w0 = weight + Swift.min(o0, last) * patch, w1 = weight + Swift.min(o0 + 1, last) * patch
        let w2 = weight + Swift.min(o0 + 2, last) * patch, w3 = weight + Swift.min(o0 + 3, last) * patch
        let w4 = weight + Swift.min(o0 + 4, last) * patch, w5 = weight + Swift.min(o0 + 5, last) * patch
        let w6 = weight + Swift.min(o0 + 6, last) * patch, w7 = weight + Swift.min(o0 + 7, last) * patch
        for oh in 0 ..< outH {
            var ow0 = 0
            while ow0 < outW {
                let base = UnsafePointer(image + oh * wp + ow0)
                var t0 = Vector(), t1 = Vector(), t2 = Vector(), t3 = Vector()
                var t4 = Vector(), t5 = Vector(), t6 = Vector(), t7 = Vector()
                var k0 = 0
                while k0 < patch {
                    let k1 = Swift.min(patch, k0 + kc)
                    var a0 = Vector(), a1 = Vector(), a2 = Vector(), a3 = Vector()
                    var a4 = Vector(), a5 = Vector(), a6 = Vector(), a7 = Vector()
                    for t in k0 ..< k1 {
                        let v = load(base + offsets[t])
                        a0.addProduct(Vector(repeating: w0[t]), v); a1.addProduct(Vector(repeating: w1[t]), v)
                        a2.addProduct(Vector(repeating: w2[t]), v); a3.addProduct(Vector(repeating: w3[t]), v)
                        a4.addProduct(Vector(repeating: w4[t]), v); a5.addProduct(Vector(repeating: w5[t]), v)
                        a6.addProduct(Vector(repeating: w6[t]), v); a7.addProduct(Vector(repeating: w7[t]), v)
                    }
                    if k0 == 0 {
                        (t0, t1, t2, t3, t4, t5, t6, t7) = (a0, a1, a2, a3, a4, a5, a6, a7)
                    } else {
                        t0 = a0 + t0; t1 = a1 + t1; t2 = a2 + t2; t3 = a3 + t3
                        t4 = a4 + t4; t5 = a5 + t5; t6 = a6 + t6; t7 = a7 + t7
                    }
                    k0 = k1
                }
                let position = oh * outW + ow0, valid = Swift.min(16, outW - ow0)
                func put(_ sum: Vector, _ j: Int) {
                    guard o0 + j <= last else { return }
                    let b = bias?[o0 + j] ?? 0
                    store(sum + Vector(repeating: b), y + (o0 + j) * plane, at: position, planeSize: plane, valid: valid)
                }
                put(t0, 0); put(t1, 1); put(t2, 2); put(t3, 3); put(t4, 4); put(t5, 5); put(t6, 6); put(t7, 7)
                ow0 += 16
            }
        }
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

    /// ``inputGradient(weight:gradient:outChannels:window:into:)`` for the images in `images`.
    static func inputGradient(weight: UnsafePointer<Float>, gradient g: UnsafePointer<Float>, outChannels: Int,
                              layout: Layout, into dx: UnsafeMutablePointer<Float>, images: Range<Int>) {
        let window = layout.window
        // One image's gradient with margins, so that the shifted vector loads stay inside the buffer.
        let front = (window.kernelWidth - 1) * window.dilation, back = front + 16
        let size = outChannels * window.outputPlane
        let copy = UnsafeMutablePointer<Float>.allocate(capacity: front + size + back)
        copy.initialize(repeating: 0, count: front + size + back)
        defer { copy.deallocate() }
        for n in images {
            (copy + front).update(from: g + n * size, count: size)
            var c0 = 0
            while c0 < window.channels {
                inputGradientChannels(c0, weight: weight, gradient: copy + front, outChannels: outChannels,
                                      layout: layout, masks: laneMasks, into: dx + n * window.channels * window.inputPlane)
                c0 += 8
            }
        }
    }

    /// Input channels `c0 ..< c0 + 8` of one image (the ones past the last computed as copies of it and
    /// not stored), 16 pixels of a row at a time.
    @inline(__always)
    private static func inputGradientChannels(_ c0: Int, weight: UnsafePointer<Float>, gradient g: UnsafePointer<Float>,
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

    /// Transposes the 16 × 16 block whose row l (l < `rows`; zeros for the others) is the 16 floats at
    /// `source + l·rowStride`, storing column j as the 16 floats at `target + j·16`. Four rounds of
    /// unzipping row pairs into even and odd elements (each round rotates the element's 8-bit
    /// row-column index right by one; four rounds swap row and column).
    @inline(__always)
    static func transpose16(_ source: UnsafePointer<Float>, rowStride: Int, rows: Int,
                            into target: UnsafeMutablePointer<Float>) {
        @inline(__always) func row(_ l: Int) -> Vector { l < rows ? load(source + l &* rowStride) : Vector() }
        let r0 = row(0); let r1 = row(1); let r2 = row(2); let r3 = row(3)
        let r4 = row(4); let r5 = row(5); let r6 = row(6); let r7 = row(7)
        let r8 = row(8); let r9 = row(9); let r10 = row(10); let r11 = row(11)
        let r12 = row(12); let r13 = row(13); let r14 = row(14); let r15 = row(15)
        let a0 = SIMD32(lowHalf: r0, highHalf: r1)
        let a1 = SIMD32(lowHalf: r2, highHalf: r3)
        let a2 = SIMD32(lowHalf: r4, highHalf: r5)
        let a3 = SIMD32(lowHalf: r6, highHalf: r7)
        let a4 = SIMD32(lowHalf: r8, highHalf: r9)
        let a5 = SIMD32(lowHalf: r10, highHalf: r11)
        let a6 = SIMD32(lowHalf: r12, highHalf: r13)
        let a7 = SIMD32(lowHalf: r14, highHalf: r15)
        let e0 = a0.evenHalf, e8 = a0.oddHalf; let e1 = a1.evenHalf, e9 = a1.oddHalf
        let e2 = a2.evenHalf, e10 = a2.oddHalf; let e3 = a3.evenHalf, e11 = a3.oddHalf
        let e4 = a4.evenHalf, e12 = a4.oddHalf; let e5 = a5.evenHalf, e13 = a5.oddHalf
        let e6 = a6.evenHalf, e14 = a6.oddHalf; let e7 = a7.evenHalf, e15 = a7.oddHalf
        let b0 = SIMD32(lowHalf: e0, highHalf: e1)
        let b1 = SIMD32(lowHalf: e2, highHalf: e3)
        let b2 = SIMD32(lowHalf: e4, highHalf: e5)
        let b3 = SIMD32(lowHalf: e6, highHalf: e7)
        let b4 = SIMD32(lowHalf: e8, highHalf: e9)
        let b5 = SIMD32(lowHalf: e10, highHalf: e11)
        let b6 = SIMD32(lowHalf: e12, highHalf: e13)
        let b7 = SIMD32(lowHalf: e14, highHalf: e15)
        let f0 = b0.evenHalf, f8 = b0.oddHalf; let f1 = b1.evenHalf, f9 = b1.oddHalf
        let f2 = b2.evenHalf, f10 = b2.oddHalf; let f3 = b3.evenHalf, f11 = b3.oddHalf
        let f4 = b4.evenHalf, f12 = b4.oddHalf; let f5 = b5.evenHalf, f13 = b5.oddHalf
        let f6 = b6.evenHalf, f14 = b6.oddHalf; let f7 = b7.evenHalf, f15 = b7.oddHalf
        let c0 = SIMD32(lowHalf: f0, highHalf: f1)
        let c1 = SIMD32(lowHalf: f2, highHalf: f3)
        let c2 = SIMD32(lowHalf: f4, highHalf: f5)
        let c3 = SIMD32(lowHalf: f6, highHalf: f7)
        let c4 = SIMD32(lowHalf: f8, highHalf: f9)
        let c5 = SIMD32(lowHalf: f10, highHalf: f11)
        let c6 = SIMD32(lowHalf: f12, highHalf: f13)
        let c7 = SIMD32(lowHalf: f14, highHalf: f15)
        let g0 = c0.evenHalf, g8 = c0.oddHalf; let g1 = c1.evenHalf, g9 = c1.oddHalf
        let g2 = c2.evenHalf, g10 = c2.oddHalf; let g3 = c3.evenHalf, g11 = c3.oddHalf
        let g4 = c4.evenHalf, g12 = c4.oddHalf; let g5 = c5.evenHalf, g13 = c5.oddHalf
        let g6 = c6.evenHalf, g14 = c6.oddHalf; let g7 = c7.evenHalf, g15 = c7.oddHalf
        let d0 = SIMD32(lowHalf: g0, highHalf: g1)
        let d1 = SIMD32(lowHalf: g2, highHalf: g3)
        let d2 = SIMD32(lowHalf: g4, highHalf: g5)
        let d3 = SIMD32(lowHalf: g6, highHalf: g7)
        let d4 = SIMD32(lowHalf: g8, highHalf: g9)
        let d5 = SIMD32(lowHalf: g10, highHalf: g11)
        let d6 = SIMD32(lowHalf: g12, highHalf: g13)
        let d7 = SIMD32(lowHalf: g14, highHalf: g15)
        let h0 = d0.evenHalf, h8 = d0.oddHalf; let h1 = d1.evenHalf, h9 = d1.oddHalf
        let h2 = d2.evenHalf, h10 = d2.oddHalf; let h3 = d3.evenHalf, h11 = d3.oddHalf
        let h4 = d4.evenHalf, h12 = d4.oddHalf; let h5 = d5.evenHalf, h13 = d5.oddHalf
        let h6 = d6.evenHalf, h14 = d6.oddHalf; let h7 = d7.evenHalf, h15 = d7.oddHalf
        store(h0, target + 0); store(h1, target + 16); store(h2, target + 32); store(h3, target + 48)
        store(h4, target + 64); store(h5, target + 80); store(h6, target + 96); store(h7, target + 112)
        store(h8, target + 128); store(h9, target + 144); store(h10, target + 160); store(h11, target + 176)
        store(h12, target + 192); store(h13, target + 208); store(h14, target + 224); store(h15, target + 240)
    }

    /// `v` where `mask` is all ones, +0 elsewhere.
    @inline(__always)
    static func masked(_ v: Vector, _ mask: SIMD16<UInt32>) -> Vector {
        unsafeBitCast(unsafeBitCast(v, to: SIMD16<UInt32>.self) & mask, to: Vector.self)
    }

    // MARK: Weight and bias gradients

    /// dW (`O × C·kH·kW`, overwritten) from the output gradient `g` (NCHW) and the padded input the
    /// forward pass left in `padded`; `blockSums` is scratch of ``blockSumsCount(_:outChannels:)`` floats.
    static func weightGradient(_ g: UnsafePointer<Float>, padded: UnsafePointer<Float>, outChannels: Int,
                               window: SlidingWindow, blockSums: UnsafeMutablePointer<Float>,
                               into dw: UnsafeMutablePointer<Float>) {
        let layout = Layout(window), patch = layout.patch, size = outChannels * patch
        let columns = window.batch * window.outputPlane
        if size == 0 { return }
        guard columns > 0 else { return dw.update(repeating: 0, count: size) }
        let kc = Gemm.kBlock(k: columns), blocks = (columns + kc - 1) / kc
        let offsets = layout.tapOffsets()
        offsets.withUnsafeBufferPointer { offsets in
            ParallelLoop.forEach(blocks, workPerItem: kc * size) { range in
                blockProducts(g, padded: padded, outChannels: outChannels, layout: layout,
                              offsets: ConvolutionPasses.start(offsets), blocks: range, into: blockSums)
            }
        }
        dw.update(from: blockSums, count: size)
        for b in 1 ..< blocks {
            let block = blockSums + b * size
            for e in 0 ..< size { dw[e] = dw[e] + block[e] }
        }
    }

    /// The products of the k blocks in `blocks`, block b into `sums + b·O·patch`.
    static func blockProducts(_ g: UnsafePointer<Float>, padded: UnsafePointer<Float>, outChannels: Int,
                              layout: Layout, offsets: UnsafePointer<Int>, blocks: Range<Int>,
                              into sums: UnsafeMutablePointer<Float>) {
        let window = layout.window, patch = layout.patch
        let (outW, plane) = (window.outputWidth, window.outputPlane)
        let columns = window.batch * plane, kc = Gemm.kBlock(k: columns)
        // A block of g transposed (16 output channels per column) and its columns' places in the padded
        // input. Lanes past O hold zeros or an earlier chunk's values: their products are not stored.
        let transposed = UnsafeMutablePointer<Float>.allocate(capacity: kc * 16)
        transposed.initialize(repeating: 0, count: kc * 16)
        let bases = UnsafeMutablePointer<Int>.allocate(capacity: kc)
        defer { transposed.deallocate(); bases.deallocate() }
        for b in blocks {
            let q0 = b * kc, count = Swift.min(kc, columns - q0)
            do {
                var n = q0 / plane, position = q0 % plane
                var oh = position / outW, ow = position - oh * outW
                var image = n &* layout.paddedImage
                for t in 0 ..< count {
                    bases[t] = image &+ oh &* layout.paddedWidth &+ ow
                    ow &+= 1
                    if ow == outW {
                        ow = 0; oh &+= 1
                        if oh == window.outputHeight { oh = 0; n &+= 1; image &+= layout.paddedImage }
                    }
                }
            }
            var o0 = 0
            while o0 < outChannels {
                let lanes = Swift.min(16, outChannels - o0)
                // Runs of the block within one image's planes, copied 16 floats apart.
                var t = 0, n = q0 / plane, position = q0 % plane
                while t < count {
                    let run = Swift.min(plane - position, count - t)
                    let source = g + (n * outChannels + o0) * plane + position
                    var r = 0
                    while r + 16 <= run {
                        transpose16(source + r, rowStride: plane, rows: lanes, into: transposed + (t + r) * 16)
                        r += 16
                    }
                    for l in 0 ..< lanes {
                        let row = source + l * plane, target = transposed + t * 16 + l
                        for r in r ..< run { target[r &* 16] = row[r] }
                    }
                    t += run; n += 1; position = 0
                }
                // Twelve taps at a time (the cnn workload's 9 and 72 taps waste nothing or 3 lanes); the
                // ones past the last tap are copies of it and are not stored.
                var t0 = 0
                while t0 < patch {
                    let last = patch - 1
                    let f0 = offsets[Swift.min(t0, last)], f1 = offsets[Swift.min(t0 + 1, last)]
                    let f2 = offsets[Swift.min(t0 + 2, last)], f3 = offsets[Swift.min(t0 + 3, last)]
                    let f4 = offsets[Swift.min(t0 + 4, last)], f5 = offsets[Swift.min(t0 + 5, last)]
                    let f6 = offsets[Swift.min(t0 + 6, last)], f7 = offsets[Swift.min(t0 + 7, last)]
                    let f8 = offsets[Swift.min(t0 + 8, last)], f9 = offsets[Swift.min(t0 + 9, last)]
                    let f10 = offsets[Swift.min(t0 + 10, last)], f11 = offsets[Swift.min(t0 + 11, last)]
                    var a0 = Vector(), a1 = Vector(), a2 = Vector(), a3 = Vector()
                    var a4 = Vector(), a5 = Vector(), a6 = Vector(), a7 = Vector()
                    var a8 = Vector(), a9 = Vector(), a10 = Vector(), a11 = Vector()
                    for t in 0 ..< count {
                        let v = load(transposed + t &* 16), x = padded + bases[t]
                        a0.addProduct(Vector(repeating: x[f0]), v); a1.addProduct(Vector(repeating: x[f1]), v)
                        a2.addProduct(Vector(repeating: x[f2]), v); a3.addProduct(Vector(repeating: x[f3]), v)
                        a4.addProduct(Vector(repeating: x[f4]), v); a5.addProduct(Vector(repeating: x[f5]), v)
                        a6.addProduct(Vector(repeating: x[f6]), v); a7.addProduct(Vector(repeating: x[f7]), v)
                        a8.addProduct(Vector(repeating: x[f8]), v); a9.addProduct(Vector(repeating: x[f9]), v)
                        a10.addProduct(Vector(repeating: x[f10]), v); a11.addProduct(Vector(repeating: x[f11]), v)
                    }
                    let block = sums + b * outChannels * patch
                    func put(_ product: Vector, _ j: Int) {
                        guard t0 + j <= last else { return }
                        for l in 0 ..< lanes { block[(o0 + l) * patch + t0 + j] = product[l] }
                    }
                    put(a0, 0); put(a1, 1); put(a2, 2); put(a3, 3); put(a4, 4); put(a5, 5)
                    put(a6, 6); put(a7, 7); put(a8, 8); put(a9, 9); put(a10, 10); put(a11, 11)
                    t0 += 12
                }
                o0 += 16
            }
        }
    }

    /// db[o] = the sum of g's channel o over the batch, in ``Tensor/sum(_:from:count:)``'s order over the
    /// channel-major row (what the im2col path sums): blocks of 1024, eight float lanes per block, the
    /// block sums added in Double. Read from the images' planes in place.
    static func biasGradient(_ g: UnsafePointer<Float>, outChannels: Int, window: SlidingWindow,
                             into db: UnsafeMutablePointer<Float>) {
        let plane = window.outputPlane, columns = window.batch * plane
        ParallelLoop.forEach(outChannels, workPerItem: columns) { channels in
            for o in channels {
                var total = 0.0, start = 0
                while start < columns {
                    let end = Swift.min(columns, start + 1024)
                    var lanes = SIMD8<Float>(), i = start
                    // The cursor: image n, position in its plane of channel o.
                    var n = i / plane, position = i % plane
                    var row = g + (n * outChannels + o) * plane
                    @inline(__always) func advance() {
                        position &+= 1
                        if position == plane { position = 0; n &+= 1; row = g + (n * outChannels + o) * plane }
                    }
                    while i + 8 <= end {
                        if position &+ 8 < plane {
                            lanes += UnsafeRawPointer(row + position).loadUnaligned(as: SIMD8<Float>.self)
                            position &+= 8
                        } else {
                            var v = SIMD8<Float>()
                            for l in 0 ..< 8 { v[l] = row[position]; advance() }
                            lanes += v
                        }
                        i += 8
                    }
                    var block = Double(lanes.sum())
                    while i < end { block += Double(row[position]); advance(); i += 1 }
                    total += block
                    start = end
                }
                db[o] = Float(total)
            }
        }
    }
}
