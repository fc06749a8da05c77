import Testing
@testable import DLEngine

/// The direct convolution passes (stride 1) against the im2col passes, bit for bit: forward, dx, dW and
/// db, at odd sizes, with zeros and negative zeros in the data, several k blocks, and the work split
/// between calls in different ways (what the threads do).
@Suite struct DirectConvolutionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var n: Int, c: Int, h: Int, w: Int, o: Int, kh: Int, kw: Int, padding = 0, dilation = 1, bias = true
        var testDescription: String {
            "N\(n) C\(c) \(h)×\(w) O\(o) k\(kh)×\(kw) p\(padding) d\(dilation)\(bias ? "" : " no bias")"
        }
    }

    static let cases: [Case] = [
        Case(n: 64, c: 1, h: 28, w: 28, o: 8, kh: 3, kw: 3, padding: 1),    // the cnn workload's layers
        Case(n: 64, c: 8, h: 14, w: 14, o: 16, kh: 3, kw: 3, padding: 1),
        Case(n: 3, c: 1, h: 28, w: 28, o: 8, kh: 3, kw: 3, padding: 1),     // a partial batch
        Case(n: 3, c: 3, h: 32, w: 32, o: 32, kh: 3, kw: 3, padding: 1),    // the cnn32 workload's layers
        Case(n: 2, c: 32, h: 16, w: 16, o: 64, kh: 3, kw: 3, padding: 1),   // (dW: 32 channels per pass)
        Case(n: 3, c: 5, h: 7, w: 9, o: 40, kh: 3, kw: 3, padding: 1),      // 32 + 8 channels, odd pixel vectors
        Case(n: 2, c: 4, h: 6, w: 20, o: 20, kh: 3, kw: 3, padding: 1, bias: false),  // 20 channels: 16 + 4 lanes
        Case(n: 5, c: 9, h: 13, w: 21, o: 17, kh: 3, kw: 2, padding: 2),    // odd sizes, 6 dW blocks
        Case(n: 2, c: 3, h: 7, w: 37, o: 5, kh: 3, kw: 3, padding: 0, bias: false),
        Case(n: 3, c: 2, h: 9, w: 8, o: 3, kh: 3, kw: 3, padding: 2, dilation: 2),
        Case(n: 1, c: 2, h: 5, w: 5, o: 2, kh: 3, kw: 3, padding: 0, dilation: 2),  // inputs no tap reaches
        Case(n: 2, c: 30, h: 5, w: 6, o: 3, kh: 3, kw: 3, padding: 1),      // C·kH·kW = 270: two k blocks
        Case(n: 2, c: 2, h: 4, w: 17, o: 260, kh: 2, kw: 2, padding: 1),    // O = 260: two k blocks in dx
        Case(n: 4, c: 3, h: 1, w: 1, o: 2, kh: 1, kw: 1),
        Case(n: 0, c: 3, h: 5, w: 5, o: 2, kh: 3, kw: 3, padding: 1),
    ]

    /// Random values with some exact zeros and negative zeros.
    static func values(_ count: Int, seed: UInt64) -> [Float] {
        var rng = RandomGenerator(seed: seed)
        return (0 ..< count).map { i in
            switch i % 11 {
            case 3: return 0
            case 7: return -0.0
            default: return Float(rng.nextUnit() * 2 - 1)
            }
        }
    }

    struct Results: Equatable {
        var y: [UInt32], dx: [UInt32], dw: [UInt32], db: [UInt32]
    }

    static func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

    static func window(_ t: Case) throws -> SlidingWindow {
        try SlidingWindow(operation: "test", input: [t.n, t.c, t.h, t.w], kernelHeight: t.kh, kernelWidth: t.kw,
                          stride: 1, padding: t.padding, dilation: t.dilation)
    }

    /// The im2col passes.
    static func im2col(_ t: Case, x: [Float], w: [Float], b: [Float]?, g: [Float]) throws -> Results {
        let window = try window(t)
        let patch = t.c * t.kh * t.kw, columns = t.n * window.outputPlane
        var col = [Float](repeating: 0, count: patch * columns), product = [Float](repeating: 0, count: t.o * columns)
        var y = [Float](repeating: 0, count: t.o * columns), dx = [Float](repeating: 0, count: x.count)
        var dw = [Float](repeating: 0, count: w.count), db = [Float](repeating: 0, count: t.o)
        typealias P = ConvolutionPasses
        x.withUnsafeBufferPointer { x in w.withUnsafeBufferPointer { w in g.withUnsafeBufferPointer { g in
            col.withUnsafeMutableBufferPointer { col in product.withUnsafeMutableBufferPointer { product in
                y.withUnsafeMutableBufferPointer { y in
                    func forward(_ bias: UnsafePointer<Float>?) {
                        P.forward(P.start(x), weight: P.start(w), bias: bias, outChannels: t.o, window: window,
                                  col: P.start(col), product: P.start(product), into: P.start(y))
                    }
                    if let b { b.withUnsafeBufferPointer { forward($0.baseAddress) } } else { forward(nil) }
                }
                P.channelMajor(P.start(g), outChannels: t.o, window: window, into: P.start(product))
                dw.withUnsafeMutableBufferPointer {
                    P.weightGradient(P.start(product), col: P.start(col), outChannels: t.o, window: window, into: P.start($0))
                }
                db.withUnsafeMutableBufferPointer {
                    P.biasGradient(P.start(product), outChannels: t.o, window: window, into: P.start($0))
                }
                dx.withUnsafeMutableBufferPointer {
                    P.inputGradient(weight: P.start(w), gradient: P.start(product), outChannels: t.o, window: window,
                                    dCol: P.start(col), into: P.start($0))
                }
            } }
        } } }
        return Results(y: bits(y), dx: bits(dx), dw: bits(dw), db: bits(db))
    }

    /// The direct passes; `split` runs the images and dW blocks in separate calls of `split` items each
    /// (0: the public entry points, on the thread pool).
    static func direct(_ t: Case, x: [Float], w: [Float], b: [Float]?, g: [Float], split: Int = 0) throws -> Results {
        let window = try window(t)
        let layout = DirectConvolution.Layout(window), offsets = layout.tapOffsets()
        let columns = t.n * window.outputPlane
        var padded = [Float](repeating: 0, count: try DirectConvolution.paddedCount(window))
        var sums = [Float](repeating: 0, count: try DirectConvolution.blockSumsCount(window, outChannels: t.o))
        var y = [Float](repeating: 0, count: t.o * columns), dx = [Float](repeating: 0, count: x.count)
        var dw = [Float](repeating: 0, count: w.count), db = [Float](repeating: 0, count: t.o)
        typealias P = ConvolutionPasses
        typealias D = DirectConvolution
        func pieces(_ count: Int) -> [Range<Int>] {
            stride(from: 0, to: count, by: split).map { $0 ..< Swift.min(count, $0 + split) }
        }
        x.withUnsafeBufferPointer { x in w.withUnsafeBufferPointer { w in g.withUnsafeBufferPointer { g in
            offsets.withUnsafeBufferPointer { offsets in
            padded.withUnsafeMutableBufferPointer { padded in sums.withUnsafeMutableBufferPointer { sums in
                y.withUnsafeMutableBufferPointer { y in
                    func forward(_ bias: UnsafePointer<Float>?) {
                        if split == 0 {
                            D.forward(P.start(x), weight: P.start(w), bias: bias, outChannels: t.o, window: window,
                                      padded: P.start(padded), into: P.start(y))
                        } else {
                            for images in pieces(t.n) {
                                D.forward(P.start(x), weight: P.start(w), bias: bias, outChannels: t.o, layout: layout,
                                          offsets: P.start(offsets), padded: P.start(padded), into: P.start(y),
                                          images: images)
                            }
                        }
                    }
                    if let b { b.withUnsafeBufferPointer { forward($0.baseAddress) } } else { forward(nil) }
                }
                dw.withUnsafeMutableBufferPointer { dw in
                    if split == 0 || columns == 0 {
                        D.weightGradient(P.start(g), padded: P.start(padded), outChannels: t.o, window: window,
                                         blockSums: P.start(sums), into: P.start(dw))
                    } else {
                        // The blocks in separate calls, then the sum of the block products in order.
                        let kc = Gemm.kBlock(k: columns), blocks = (columns + kc - 1) / kc
                        for range in pieces(blocks) {
                            D.blockProducts(P.start(g), padded: P.start(padded), outChannels: t.o, layout: layout,
                                            offsets: P.start(offsets), blocks: range, into: P.start(sums))
                        }
                        let size = t.o * layout.patch
                        for e in 0 ..< size {
                            var total = sums[e]
                            for block in 1 ..< blocks { total = total + sums[block * size + e] }
                            dw[e] = total
                        }
                    }
                }
                db.withUnsafeMutableBufferPointer {
                    D.biasGradient(P.start(g), outChannels: t.o, window: window, into: P.start($0))
                }
                dx.withUnsafeMutableBufferPointer { dx in
                    if split == 0 {
                        D.inputGradient(weight: P.start(w), gradient: P.start(g), outChannels: t.o, window: window,
                                        into: P.start(dx))
                    } else {
                        for images in pieces(t.n) {
                            D.inputGradient(weight: P.start(w), gradient: P.start(g), outChannels: t.o, layout: layout,
                                            into: P.start(dx), images: images)
                        }
                    }
                }
            } }
            }
        } } }
        return Results(y: bits(y), dx: bits(dx), dw: bits(dw), db: bits(db))
    }

    @Test(arguments: cases) func matchesTheIm2colPassesToTheBit(_ t: Case) throws {
        let window = try Self.window(t)
        #expect(DirectConvolution.applies(window))
        let x = Self.values(t.n * t.c * t.h * t.w, seed: 1), w = Self.values(t.o * t.c * t.kh * t.kw, seed: 2)
        let b = t.bias ? Self.values(t.o, seed: 3) : nil
        let g = Self.values(t.n * t.o * window.outputPlane, seed: 4)
        let expected = try Self.im2col(t, x: x, w: w, b: b, g: g)
        let pooled = try Self.direct(t, x: x, w: w, b: b, g: g)  // on the thread pool
        // Compared as Bools, so that a failure does not print thousands of values.
        let (sameY, sameDx) = (pooled.y == expected.y, pooled.dx == expected.dx)
        let (sameDw, sameDb) = (pooled.dw == expected.dw, pooled.db == expected.db)
        #expect(sameY, "forward")
        #expect(sameDx, "dx")
        #expect(sameDw, "dW")
        #expect(sameDb, "db")
        for split in [1, 2, 3] {
            let same = try Self.direct(t, x: x, w: w, b: b, g: g, split: split) == expected
            #expect(same, "split \(split)")
        }
    }

    @Test func strideTwoTakesTheIm2colPath() throws {
        let window = try SlidingWindow(operation: "test", input: [1, 1, 5, 5], kernelHeight: 3, kernelWidth: 3,
                                       stride: 2, padding: 1, dilation: 1)
        #expect(!DirectConvolution.applies(window))
    }
}
