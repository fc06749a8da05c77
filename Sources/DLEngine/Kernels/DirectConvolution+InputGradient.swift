/// DirectConvolution's input gradient for a range of images (see the type's summary for the order of
/// operations). When O fits one k block (at most 256 output channels), eight input channels by two
/// vectors of 16 pixels per pass, from weights packed per input-channel group, tap and output channel
/// (the eight broadcasts of a step read one 32-byte run through one pointer: with eight strided pointers
/// the compiler kept them on the stack). More output channels take the one-vector pass.
extension DirectConvolution {
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
        let channels = window.channels, taps = window.kernelHeight * window.kernelWidth
        let groups = (channels + 7) / 8
        let paired = outChannels > 0 && Gemm.kBlock(k: outChannels) >= outChannels
        // packed[((group·taps + tap)·O + o)·8 + k] = W[o, group·8 + k, tap]; channels past the last repeat
        // it (their sums are not stored).
        let packedCount = paired ? groups * taps * outChannels * 8 : 1
        let packed = UnsafeMutablePointer<Float>.allocate(capacity: packedCount)
        defer { packed.deallocate() }
        if paired {
            let last = channels - 1
            for group in 0 ..< groups {
                for k in 0 ..< 8 {
                    let c = Swift.min(group * 8 + k, last)
                    for tap in 0 ..< taps {
                        let target = packed + (group * taps + tap) * outChannels * 8 + k
                        for o in 0 ..< outChannels { target[o &* 8] = weight[o * layout.patch + c * taps + tap] }
                    }
                }
            }
        }
        let sums = UnsafeMutablePointer<Vector>.allocate(capacity: 16)
        defer { sums.deallocate() }
        for n in images {
            (copy + front).update(from: g + n * size, count: size)
            for group in 0 ..< groups {
                let image = dx + n * channels * window.inputPlane
                if paired {
                    inputGradientPairs(group * 8, weights: packed + group * taps * outChannels * 8, gradient: copy + front,
                                       outChannels: outChannels, layout: layout, masks: laneMasks, sums: sums, into: image)
                } else {
                    inputGradientChannels(group * 8, weight: weight, gradient: copy + front, outChannels: outChannels,
                                          layout: layout, masks: laneMasks, into: image)
                }
            }
        }
    }

    /// Input channels `c0 ..< c0 + 8` of one image (`weights`: their packed weights), two vectors of 16
    /// pixels at a time: the vectors are the rows' 16-pixel pieces in order, an odd last one paired with
    /// itself (its copy not stored). A tap that reaches no output column of one vector but does of the
    /// other is computed for both from a safe place and added to the first as +0, which leaves its sums
    /// as they are (a sum that starts at +0 is never -0); the running sums wait in `sums`.
    @inline(__always)
    private static func inputGradientPairs(_ c0: Int, weights: UnsafePointer<Float>, gradient g: UnsafePointer<Float>,
                                           outChannels: Int, layout: Layout, masks: UnsafePointer<SIMD16<UInt32>>,
                                           sums: UnsafeMutablePointer<Vector>, into dx: UnsafeMutablePointer<Float>) {
        let window = layout.window
        let (h, w, p, d) = (window.height, window.width, window.padding, window.dilation)
        let (kH, kW, outH, outW) = (window.kernelHeight, window.kernelWidth, window.outputHeight, window.outputWidth)
        let (inPlane, outPlane) = (window.inputPlane, window.outputPlane)
        let last = window.channels - 1, perRow = (w + 15) / 16, count = h * perRow
        var v = 0
        while v < count {
            let u = Swift.min(v + 1, count - 1)
            let (rowA, colA, rowB, colB) = (v / perRow, (v % perRow) * 16, u / perRow, (u % perRow) * 16)
            for k in 0 ..< 16 { sums[k] = Vector() }
            for i in 0 ..< kH {
                let ohA = rowA + p - i * d, ohB = rowB + p - i * d
                let rowInA = ohA >= 0 && ohA < outH, rowInB = ohB >= 0 && ohB < outH
                if !rowInA && !rowInB { continue }
                for j in 0 ..< kW {
                    let owA = colA + p - j * d, owB = colB + p - j * d
                    // Lanes whose output column exists (none where the row does not).
                    let loA = Swift.max(0, -owA), hiA = rowInA ? Swift.min(16, outW - owA) : 0
                    let loB = Swift.max(0, -owB), hiB = rowInB ? Swift.min(16, outW - owB) : 0
                    let inA = hiA > loA, inB = hiB > loB
                    if !inA && !inB { continue }
                    let maskA = masks[inA ? loA &* 17 &+ hiA : 0], maskB = masks[inB ? loB &* 17 &+ hiB : 0]
                    let sourceA = inA ? g + ohA * outW + owA : g, sourceB = inB ? g + ohB * outW + owB : g
                    let tapWeights = weights + (i * kW + j) * outChannels * 8
                    var a0 = Vector(), a1 = Vector(), a2 = Vector(), a3 = Vector()
                    var a4 = Vector(), a5 = Vector(), a6 = Vector(), a7 = Vector()
                    var b0 = Vector(), b1 = Vector(), b2 = Vector(), b3 = Vector()
                    var b4 = Vector(), b5 = Vector(), b6 = Vector(), b7 = Vector()
                    for o in 0 ..< outChannels {
                        let va = load(sourceA + o &* outPlane), vb = load(sourceB + o &* outPlane)
                        let wo = tapWeights + o &* 8
                        let s0 = Vector(repeating: wo[0]), s1 = Vector(repeating: wo[1])
                        a0.addProduct(s0, va); b0.addProduct(s0, vb); a1.addProduct(s1, va); b1.addProduct(s1, vb)
                        let s2 = Vector(repeating: wo[2]), s3 = Vector(repeating: wo[3])
                        a2.addProduct(s2, va); b2.addProduct(s2, vb); a3.addProduct(s3, va); b3.addProduct(s3, vb)
                        let s4 = Vector(repeating: wo[4]), s5 = Vector(repeating: wo[5])
                        a4.addProduct(s4, va); b4.addProduct(s4, vb); a5.addProduct(s5, va); b5.addProduct(s5, vb)
                        let s6 = Vector(repeating: wo[6]), s7 = Vector(repeating: wo[7])
                        a6.addProduct(s6, va); b6.addProduct(s6, vb); a7.addProduct(s7, va); b7.addProduct(s7, vb)
                    }
                    sums[0] += masked(a0, maskA); sums[1] += masked(a1, maskA)
                    sums[2] += masked(a2, maskA); sums[3] += masked(a3, maskA)
                    sums[4] += masked(a4, maskA); sums[5] += masked(a5, maskA)
                    sums[6] += masked(a6, maskA); sums[7] += masked(a7, maskA)
                    sums[8] += masked(b0, maskB); sums[9] += masked(b1, maskB)
                    sums[10] += masked(b2, maskB); sums[11] += masked(b3, maskB)
                    sums[12] += masked(b4, maskB); sums[13] += masked(b5, maskB)
                    sums[14] += masked(b6, maskB); sums[15] += masked(b7, maskB)
                }
            }
            let positionA = rowA * w + colA, positionB = rowB * w + colB
            for k in 0 ..< 8 where c0 + k <= last {
                store(sums[k], dx + (c0 + k) * inPlane, at: positionA, planeSize: inPlane, valid: Swift.min(16, w - colA))
            }
            if u != v {
                for k in 0 ..< 8 where c0 + k <= last {
                    store(sums[8 + k], dx + (c0 + k) * inPlane, at: positionB, planeSize: inPlane,
                          valid: Swift.min(16, w - colB))
                }
            }
            v += 2
        }
    }
}
