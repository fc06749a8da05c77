import Testing
@testable import DLEngine

/// Max pooling's passes (the vectorized 2 × 2, stride 2 rows and the scalar windows): the forward pass
/// against the definition written here (each window's first element, replaced by each strictly larger
/// one or a NaN, in row order; values and winners' indices exactly), the backward pass against
/// `dx[winner] += g` on zeros (bit for bit, every element written).
@Suite struct PoolingPassesTests {
    static func expected(_ x: [Float], planes: Int, h: Int, w: Int, k: Int, s: Int, p: Int,
                         outH: Int, outW: Int) -> ([UInt32], [Int]) {
        var y: [UInt32] = [], winners: [Int] = []
        for plane in 0 ..< planes {
            for oh in 0 ..< outH {
                for ow in 0 ..< outW {
                    var winner = -1, best: Float = 0
                    for r in Swift.max(0, oh * s - p) ..< Swift.min(h, oh * s - p + k) {
                        for c in Swift.max(0, ow * s - p) ..< Swift.min(w, ow * s - p + k) {
                            let index = (plane * h + r) * w + c, v = x[index]
                            if winner < 0 || v > best || v.isNaN { (best, winner) = (v, index) }
                        }
                    }
                    y.append(best.bitPattern)
                    winners.append(winner)
                }
            }
        }
        return (y, winners)
    }

    @Test(arguments: [
        (1, 1, 28, 28), (64, 8, 28, 28), (64, 16, 14, 14), (3, 5, 7, 9), (2, 3, 2, 37), (1, 2, 65, 66), (2, 2, 3, 2),
        (2, 3, 2, 2), (1, 1, 5, 33), (3, 2, 35, 3),
    ])
    func maxForwardMatchesTheDefinition(n: Int, c: Int, h: Int, w: Int) throws {
        for (k, s, p) in [(2, 2, 0), (2, 1, 0), (3, 2, 1)] {
            let window = try SlidingWindow(operation: "test", input: [n, c, h, w], kernelHeight: k, kernelWidth: k,
                                           stride: s, padding: p, dilation: 1)
            var rng = RandomGenerator(seed: 5)
            // Few distinct values (ties), negative zeros and some NaNs.
            let x: [Float] = (0 ..< n * c * h * w).map { i in
                if i % 97 == 13 { return .nan }
                if i % 31 == 7 { return -0.0 }
                return Float(rng.integer(below: 5)) - 2
            }
            let outputs = n * c * window.outputPlane
            var y = [Float](repeating: 0, count: outputs), winners = [Int](repeating: 0, count: outputs)
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    winners.withUnsafeMutableBufferPointer { wp in
                        PoolingPasses.maxForward(xp.baseAddress!, window, into: yp.baseAddress!, winners: wp.baseAddress!)
                    }
                }
            }
            let (expectedY, expectedWinners) = Self.expected(x, planes: n * c, h: h, w: w, k: k, s: s, p: p,
                                                             outH: window.outputHeight, outW: window.outputWidth)
            let sameY = y.map(\.bitPattern) == expectedY, sameWinners = winners == expectedWinners
            #expect(sameY, "k\(k) s\(s) p\(p)")
            #expect(sameWinners, "k\(k) s\(s) p\(p)")

            // Backward: dx = 0, then each output's gradient added at its winner (-0 becomes +0 there).
            let g: [Float] = (0 ..< outputs).map { i in i % 5 == 2 ? -0.0 : Float(rng.nextUnit() * 2 - 1) }
            var expectedDx = [Float](repeating: 0, count: x.count)
            for o in 0 ..< outputs { expectedDx[winners[o]] += g[o] }
            var dx = [Float](repeating: .nan, count: x.count)  // every element must be written
            g.withUnsafeBufferPointer { gp in
                winners.withUnsafeBufferPointer { wp in
                    dx.withUnsafeMutableBufferPointer { dp in
                        PoolingPasses.maxBackward(gp.baseAddress!, winners: wp.baseAddress!, window, into: dp.baseAddress!)
                    }
                }
            }
            let sameDx = dx.map(\.bitPattern) == expectedDx.map(\.bitPattern)
            #expect(sameDx, "backward k\(k) s\(s) p\(p)")
        }
    }
}
