/// DirectConvolution's weight and bias gradients (see the type's summary for the order of operations),
/// and the in-register 16 × 16 transpose dW reads g through.
extension DirectConvolution {
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
        // A block of g transposed (16 or 32 output channels per column, 32 floats apart) and its columns'
        // places in the padded input. Lanes past O hold zeros or an earlier chunk's values: their products
        // are not stored.
        let transposed = UnsafeMutablePointer<Float>.allocate(capacity: kc * 32)
        transposed.initialize(repeating: 0, count: kc * 32)
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
            let block = sums + b * outChannels * patch
            var o0 = 0
            while o0 < outChannels {
                let lanes = Swift.min(16, outChannels - o0)
                transposeColumns(g, outChannels: outChannels, plane: plane, q0: q0, count: count, o0: o0, lanes: lanes,
                                 into: transposed)
                if outChannels - o0 > 16 {
                    // 32 channels: a second chunk beside the first, and eight taps per pass.
                    transposeColumns(g, outChannels: outChannels, plane: plane, q0: q0, count: count, o0: o0 + 16,
                                     lanes: Swift.min(16, outChannels - o0 - 16), into: transposed + 16)
                    pairProducts(transposed, padded: padded, bases: bases, count: count, offsets: offsets, patch: patch,
                                 o0: o0, outChannels: outChannels, into: block)
                    o0 += 32
                } else {
                    chunkProducts(transposed, padded: padded, bases: bases, count: count, offsets: offsets, patch: patch,
                                  o0: o0, outChannels: outChannels, into: block)
                    o0 += 16
                }
            }
        }
    }

    /// Copies channels `o0 ..< o0 + lanes` of the k block's columns `q0 ..< q0 + count` of `g` (NCHW)
    /// transposed into `target`: column t's 16 channels at `target + t·32`.
    @inline(__always)
    static func transposeColumns(_ g: UnsafePointer<Float>, outChannels: Int, plane: Int, q0: Int, count: Int,
                                 o0: Int, lanes: Int, into transposed: UnsafeMutablePointer<Float>) {
        // Runs of the block within one image's planes.
        var t = 0, n = q0 / plane, position = q0 % plane
        while t < count {
            let run = Swift.min(plane - position, count - t)
            let source = g + (n * outChannels + o0) * plane + position
            var r = 0
            while r + 16 <= run {
                transpose16(source + r, rowStride: plane, rows: lanes, into: transposed + (t + r) * 32, columnStride: 32)
                r += 16
            }
            for l in 0 ..< lanes {
                let row = source + l * plane, target = transposed + t * 32 + l
                for r in r ..< run { target[r &* 32] = row[r] }
            }
            t += run; n += 1; position = 0
        }
    }

    /// dW's block product for the 16 channels from `o0` (their columns at `transposed + t·32`), twelve taps
    /// at a time (the cnn workload's 9 and 72 taps waste nothing or 3 lanes); the taps past the last are
    /// copies of it and are not stored.
    @inline(__always)
    static func chunkProducts(_ transposed: UnsafePointer<Float>, padded: UnsafePointer<Float>, bases: UnsafePointer<Int>,
                              count: Int, offsets: UnsafePointer<Int>, patch: Int, o0: Int, outChannels: Int,
                              into block: UnsafeMutablePointer<Float>) {
        let lanes = Swift.min(16, outChannels - o0), last = patch - 1
        var t0 = 0
        while t0 < patch {
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
                let v = load(transposed + t &* 32), x = padded + bases[t]
                a0.addProduct(Vector(repeating: x[f0]), v); a1.addProduct(Vector(repeating: x[f1]), v)
                a2.addProduct(Vector(repeating: x[f2]), v); a3.addProduct(Vector(repeating: x[f3]), v)
                a4.addProduct(Vector(repeating: x[f4]), v); a5.addProduct(Vector(repeating: x[f5]), v)
                a6.addProduct(Vector(repeating: x[f6]), v); a7.addProduct(Vector(repeating: x[f7]), v)
                a8.addProduct(Vector(repeating: x[f8]), v); a9.addProduct(Vector(repeating: x[f9]), v)
                a10.addProduct(Vector(repeating: x[f10]), v); a11.addProduct(Vector(repeating: x[f11]), v)
            }
            func put(_ product: Vector, _ j: Int) {
                guard t0 + j <= last else { return }
                for l in 0 ..< lanes { block[(o0 + l) * patch + t0 + j] = product[l] }
            }
            put(a0, 0); put(a1, 1); put(a2, 2); put(a3, 3); put(a4, 4); put(a5, 5)
            put(a6, 6); put(a7, 7); put(a8, 8); put(a9, 9); put(a10, 10); put(a11, 11)
            t0 += 12
        }
    }

    /// dW's block product for the (up to) 32 channels from `o0` (their columns at `transposed + t·32`, two
    /// vectors), eight taps at a time: sixteen accumulators, each broadcast of the input used twice, and
    /// few enough offsets to stay in registers (twelve taps of one vector spilled them to the stack).
    @inline(__always)
    static func pairProducts(_ transposed: UnsafePointer<Float>, padded: UnsafePointer<Float>, bases: UnsafePointer<Int>,
                             count: Int, offsets: UnsafePointer<Int>, patch: Int, o0: Int, outChannels: Int,
                             into block: UnsafeMutablePointer<Float>) {
        let lanes = Swift.min(32, outChannels - o0), last = patch - 1
        var t0 = 0
        while t0 < patch {
            let f0 = offsets[Swift.min(t0, last)], f1 = offsets[Swift.min(t0 + 1, last)]
            let f2 = offsets[Swift.min(t0 + 2, last)], f3 = offsets[Swift.min(t0 + 3, last)]
            let f4 = offsets[Swift.min(t0 + 4, last)], f5 = offsets[Swift.min(t0 + 5, last)]
            let f6 = offsets[Swift.min(t0 + 6, last)], f7 = offsets[Swift.min(t0 + 7, last)]
            var a0 = Vector(), a1 = Vector(), a2 = Vector(), a3 = Vector()
            var a4 = Vector(), a5 = Vector(), a6 = Vector(), a7 = Vector()
            var b0 = Vector(), b1 = Vector(), b2 = Vector(), b3 = Vector()
            var b4 = Vector(), b5 = Vector(), b6 = Vector(), b7 = Vector()
            for t in 0 ..< count {
                let column = transposed + t &* 32, x = padded + bases[t]
                let v = load(column), u = load(column + 16)
                let s0 = Vector(repeating: x[f0]), s1 = Vector(repeating: x[f1])
                a0.addProduct(s0, v); b0.addProduct(s0, u); a1.addProduct(s1, v); b1.addProduct(s1, u)
                let s2 = Vector(repeating: x[f2]), s3 = Vector(repeating: x[f3])
                a2.addProduct(s2, v); b2.addProduct(s2, u); a3.addProduct(s3, v); b3.addProduct(s3, u)
                let s4 = Vector(repeating: x[f4]), s5 = Vector(repeating: x[f5])
                a4.addProduct(s4, v); b4.addProduct(s4, u); a5.addProduct(s5, v); b5.addProduct(s5, u)
                let s6 = Vector(repeating: x[f6]), s7 = Vector(repeating: x[f7])
                a6.addProduct(s6, v); b6.addProduct(s6, u); a7.addProduct(s7, v); b7.addProduct(s7, u)
            }
            func put(_ low: Vector, _ high: Vector, _ j: Int) {
                guard t0 + j <= last else { return }
                for l in 0 ..< 16 { block[(o0 + l) * patch + t0 + j] = low[l] }
                for l in 16 ..< lanes { block[(o0 + l) * patch + t0 + j] = high[l - 16] }
            }
            put(a0, b0, 0); put(a1, b1, 1); put(a2, b2, 2); put(a3, b3, 3)
            put(a4, b4, 4); put(a5, b5, 5); put(a6, b6, 6); put(a7, b7, 7)
            t0 += 8
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

    /// Transposes the 16 × 16 block whose row l (l < `rows`; zeros for the others) is the 16 floats at
    /// `source + l·rowStride`, storing column j as the 16 floats at `target + j·columnStride`. Four rounds of
    /// unzipping row pairs into even and odd elements (each round rotates the element's 8-bit
    /// row-column index right by one; four rounds swap row and column).
    @inline(__always)
    static func transpose16(_ source: UnsafePointer<Float>, rowStride: Int, rows: Int,
                            into target: UnsafeMutablePointer<Float>, columnStride: Int = 16) {
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
        let s = columnStride
        store(h0, target); store(h1, target + s); store(h2, target + 2 &* s); store(h3, target + 3 &* s)
        store(h4, target + 4 &* s); store(h5, target + 5 &* s); store(h6, target + 6 &* s); store(h7, target + 7 &* s)
        store(h8, target + 8 &* s); store(h9, target + 9 &* s); store(h10, target + 10 &* s); store(h11, target + 11 &* s)
        store(h12, target + 12 &* s); store(h13, target + 13 &* s); store(h14, target + 14 &* s)
        store(h15, target + 15 &* s)
    }
}
