/// DirectConvolution's forward pass for a range of images (see the type's summary for the order of
/// operations): eight output channels by two vectors of 16 output pixels per pass, so that each
/// broadcast weight feeds two fused multiply-adds and sixteen independent sums hide the FMA latency (one
/// vector per pass made ten loads per eight FMAs). The weights of eight channels are first packed side
/// by side per tap, so the eight broadcasts of a tap read one 32-byte run through one pointer.
extension DirectConvolution {
    /// ``forward(_:weight:bias:outChannels:window:padded:into:)`` for the images in `images`.
    static func forward(_ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                        outChannels: Int, layout: Layout, offsets: UnsafePointer<Int>,
                        padded: UnsafeMutablePointer<Float>, into y: UnsafeMutablePointer<Float>, images: Range<Int>) {
        let window = layout.window, patch = layout.patch
        guard outChannels > 0, !images.isEmpty else { return }
        // packed[(group·patch + t)·8 + j] = W[group·8 + j, t]; channels past the last repeat it (their sums
        // are not stored).
        let groups = (outChannels + 7) / 8, last = outChannels - 1
        let packed = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(1, groups * patch * 8))
        defer { packed.deallocate() }
        for group in 0 ..< groups {
            for j in 0 ..< 8 {
                let row = weight + Swift.min(group * 8 + j, last) * patch, target = packed + group * patch * 8 + j
                for t in 0 ..< patch { target[t &* 8] = row[t] }
            }
        }
        // The running sums of a pass between k blocks (sixteen vectors).
        let totals = UnsafeMutablePointer<Vector>.allocate(capacity: 16)
        defer { totals.deallocate() }
        for n in images {
            pad(x, image: n, layout: layout, into: padded)
            for group in 0 ..< groups {
                forwardChannels(group * 8, image: n, weights: packed + group * patch * 8, bias: bias,
                                outChannels: outChannels, layout: layout, offsets: offsets,
                                padded: padded + n * layout.paddedImage,
                                into: y + n * outChannels * window.outputPlane, totals: totals)
            }
        }
    }

    /// Output channels `o0 ..< o0 + 8` of one image (`weights`: their packed weights), two vectors of 16
    /// output pixels at a time: the vectors are the rows' 16-pixel pieces in order, and an odd last one is
    /// paired with itself (its copy not stored).
    @inline(__always)
    private static func forwardChannels(_ o0: Int, image n: Int, weights: UnsafePointer<Float>,
                                        bias: UnsafePointer<Float>?, outChannels: Int, layout: Layout,
                                        offsets: UnsafePointer<Int>, padded image: UnsafeMutablePointer<Float>,
                                        into y: UnsafeMutablePointer<Float>, totals: UnsafeMutablePointer<Vector>) {
        let window = layout.window, patch = layout.patch, kc = patch == 0 ? 1 : Gemm.kBlock(k: patch)
        let (outW, plane, wp) = (window.outputWidth, window.outputPlane, layout.paddedWidth)
        let perRow = (outW + 15) / 16, count = window.outputHeight * perRow
        let last = outChannels - 1
        var biases = (Vector(), Vector(), Vector(), Vector(), Vector(), Vector(), Vector(), Vector())
        if let bias {
            func b(_ j: Int) -> Vector { Vector(repeating: bias[Swift.min(o0 + j, last)]) }
            biases = (b(0), b(1), b(2), b(3), b(4), b(5), b(6), b(7))
        }
        var v = 0
        while v < count {
            let u = Swift.min(v + 1, count - 1)
            let (ohA, owA) = (v / perRow, (v % perRow) * 16), (ohB, owB) = (u / perRow, (u % perRow) * 16)
            let baseA = UnsafePointer(image + ohA * wp + owA), baseB = UnsafePointer(image + ohB * wp + owB)
            let positionA = ohA * outW + owA, validA = Swift.min(16, outW - owA)
            let positionB = ohB * outW + owB, validB = Swift.min(16, outW - owB)
            @inline(__always) func put(_ sum: Vector, _ j: Int, _ b: Vector, second: Bool) {
                guard o0 + j <= last, !second || u != v else { return }
                store(sum + b, y + (o0 + j) * plane, at: second ? positionB : positionA, planeSize: plane,
                      valid: second ? validB : validA)
            }
            var k0 = 0
            while k0 < patch {
                let k1 = Swift.min(patch, k0 + kc)
                var a0 = Vector(), a1 = Vector(), a2 = Vector(), a3 = Vector()
                var a4 = Vector(), a5 = Vector(), a6 = Vector(), a7 = Vector()
                var b0 = Vector(), b1 = Vector(), b2 = Vector(), b3 = Vector()
                var b4 = Vector(), b5 = Vector(), b6 = Vector(), b7 = Vector()
                for t in k0 ..< k1 {
                    let offset = offsets[t], w = weights + t &* 8
                    let va = load(baseA + offset), vb = load(baseB + offset)
                    let s0 = Vector(repeating: w[0]), s1 = Vector(repeating: w[1])
                    a0.addProduct(s0, va); b0.addProduct(s0, vb); a1.addProduct(s1, va); b1.addProduct(s1, vb)
                    let s2 = Vector(repeating: w[2]), s3 = Vector(repeating: w[3])
                    a2.addProduct(s2, va); b2.addProduct(s2, vb); a3.addProduct(s3, va); b3.addProduct(s3, vb)
                    let s4 = Vector(repeating: w[4]), s5 = Vector(repeating: w[5])
                    a4.addProduct(s4, va); b4.addProduct(s4, vb); a5.addProduct(s5, va); b5.addProduct(s5, vb)
                    let s6 = Vector(repeating: w[6]), s7 = Vector(repeating: w[7])
                    a6.addProduct(s6, va); b6.addProduct(s6, vb); a7.addProduct(s7, va); b7.addProduct(s7, vb)
                }
                if k0 != 0 {
                    // Block sum + running sum, as the matrix product adds its k blocks.
                    a0 = a0 + totals[0]; a1 = a1 + totals[1]; a2 = a2 + totals[2]; a3 = a3 + totals[3]
                    a4 = a4 + totals[4]; a5 = a5 + totals[5]; a6 = a6 + totals[6]; a7 = a7 + totals[7]
                    b0 = b0 + totals[8]; b1 = b1 + totals[9]; b2 = b2 + totals[10]; b3 = b3 + totals[11]
                    b4 = b4 + totals[12]; b5 = b5 + totals[13]; b6 = b6 + totals[14]; b7 = b7 + totals[15]
                }
                if k1 < patch {
                    totals[0] = a0; totals[1] = a1; totals[2] = a2; totals[3] = a3
                    totals[4] = a4; totals[5] = a5; totals[6] = a6; totals[7] = a7
                    totals[8] = b0; totals[9] = b1; totals[10] = b2; totals[11] = b3
                    totals[12] = b4; totals[13] = b5; totals[14] = b6; totals[15] = b7
                } else {
                    put(a0, 0, biases.0, second: false); put(a1, 1, biases.1, second: false)
                    put(a2, 2, biases.2, second: false); put(a3, 3, biases.3, second: false)
                    put(a4, 4, biases.4, second: false); put(a5, 5, biases.5, second: false)
                    put(a6, 6, biases.6, second: false); put(a7, 7, biases.7, second: false)
                    put(b0, 0, biases.0, second: true); put(b1, 1, biases.1, second: true)
                    put(b2, 2, biases.2, second: true); put(b3, 3, biases.3, second: true)
                    put(b4, 4, biases.4, second: true); put(b5, 5, biases.5, second: true)
                    put(b6, 6, biases.6, second: true); put(b7, 7, biases.7, second: true)
                }
                k0 = k1
            }
            if patch == 0 {
                // No taps: the bias alone (+ 0 without one), as the product of an empty k.
                for j in 0 ..< 8 {
                    let b = bias.map { Vector(repeating: $0[Swift.min(o0 + j, last)]) } ?? Vector()
                    put(Vector(), j, b, second: false); put(Vector(), j, b, second: true)
                }
            }
            v += 2
        }
    }
}
