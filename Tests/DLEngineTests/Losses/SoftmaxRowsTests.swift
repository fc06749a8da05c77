import Foundation
import Testing
@testable import DLEngine

/// ``SoftmaxRows`` and ``SoftmaxCrossEntropyKernel`` against the scalar arithmetic they replaced (kept
/// here as the oracle, with the vector logarithm that replaced the C library's), bit for bit: the fused training loop and the autodiff loss must agree
/// with each other and with what they computed before the class-major layout.
@Suite struct SoftmaxRowsTests {
    // MARK: The oracle: the row-by-row code before the class-major blocks.

    static func oldCompute(_ z: UnsafePointer<Float>, rows: Int, columns: Int,
                           probabilities: UnsafeMutablePointer<Float>, _ body: (Int, Double) -> Void) {
        let c = columns, count = rows * columns
        for i in 0 ..< rows {
            let row = z + i * c, m = oldLargest(row, c)
            for j in 0 ..< c { probabilities[i * c + j] = row[j] - m }
        }
        var start = 0
        while start + 16 <= count {
            let raw = UnsafeMutableRawPointer(probabilities + start)
            raw.storeBytes(of: VectorExp.exp(raw.loadUnaligned(as: VectorExp.Vector.self)), as: VectorExp.Vector.self)
            start += 16
        }
        if start < count {
            var tail = VectorExp.Vector.zero
            for l in 0 ..< count - start { tail[l] = probabilities[start + l] }
            tail = VectorExp.exp(tail)
            for l in 0 ..< count - start { probabilities[start + l] = tail[l] }
        }
        for i in 0 ..< rows {
            let e = probabilities + i * c
            var sum = 0.0
            for j in 0 ..< c { sum += Double(e[j]) }
            for j in 0 ..< c { e[j] = Float(Double(e[j]) / sum) }
            // The logarithm is ``VectorLog``'s (tested against the C library's in VectorLogTests), one
            // lane at a time: the row-by-row code with the logarithm both losses now share.
            body(i, Double(oldLargest(z + i * c, c)) + VectorLog.log(SIMD8(repeating: sum))[0])
        }
    }

    static func oldLargest(_ row: UnsafePointer<Float>, _ c: Int) -> Float {
        var m = -Float.infinity
        for j in 0 ..< c where row[j] > m { m = row[j] }
        return m.isFinite ? m : 0
    }

    /// The old `SoftmaxCrossEntropyKernel.loss`.
    static func oldLoss(_ z: [Float], labels: [Int], classes c: Int, samples: [Int],
                        gradient: inout [Float]) -> Float {
        let n = samples.count
        let scale = 1 / Float(n)
        var total = 0.0
        var probabilities = [Float](repeating: 0, count: n * c)
        z.withUnsafeBufferPointer { z in
            let z = z.baseAddress!
            probabilities.withUnsafeMutableBufferPointer { p in
                let p = p.baseAddress!
                gradient.withUnsafeMutableBufferPointer { gradient in
                    let gradient = gradient.baseAddress!
                    oldCompute(z, rows: n, columns: c, probabilities: p) { i, logSum in
                        let label = labels[samples[i]]
                        total += logSum - Double(z[i * c + label])
                        let g = gradient + i * c, row = p + i * c
                        for j in 0 ..< c { g[j] = scale * (row[j] * 1 - (j == label ? 1 : 0)) }
                    }
                }
            }
        }
        return Float(total / Double(n))
    }

    // MARK: Inputs

    /// A deterministic generator (SplitMix64), so failures replay.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var x = state
            x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
            x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
            return x ^ (x >> 31)
        }
    }

    /// Scores of every kind: small, large (exponentials that underflow), ties, ±∞ and NaN, whole rows
    /// of them too.
    static func scores(rows: Int, columns: Int, _ g: inout Generator) -> [Float] {
        var z = [Float](repeating: 0, count: rows * columns)
        for i in 0 ..< rows {
            let kind = Int.random(in: 0 ..< 12, using: &g)
            for j in 0 ..< columns {
                let k = i * columns + j
                switch kind {
                case 0: z[k] = Float.random(in: -1000 ... 1000, using: &g)
                case 1: z[k] = Float(Int.random(in: -2 ... 2, using: &g))  // ties
                case 2: z[k] = [-Float.infinity, .infinity, .nan, 1][Int.random(in: 0 ..< 4, using: &g)]
                case 3: z[k] = .nan
                case 4: z[k] = -.infinity
                case 5: z[k] = .infinity
                case 6: z[k] = Float.random(in: -1e30 ... 1e30, using: &g)
                default:
                    z[k] = Float.random(in: -8 ... 8, using: &g)
                    if Int.random(in: 0 ..< 40, using: &g) == 0 {
                        z[k] = [-Float.infinity, .infinity, .nan, 100, -100][Int.random(in: 0 ..< 5, using: &g)]
                    }
                }
            }
        }
        return z
    }

    static func same(_ a: Float, _ b: Float) -> Bool {
        a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
    }

    static func same(_ a: Double, _ b: Double) -> Bool {
        a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
    }

    static let shapes: [(Int, Int)] = {
        var shapes: [(Int, Int)] = []
        for rows in 1 ... 40 { for columns in 1 ... 20 { shapes.append((rows, columns)) } }
        for rows in [1, 2, 7, 16, 33] { for columns in [100, 1000] { shapes.append((rows, columns)) } }
        for rows in [63, 64, 65, 100, 128, 129, 200] { for columns in [1, 3, 5, 16, 17] { shapes.append((rows, columns)) } }
        return shapes
    }()

    // MARK: Tests

    @Test func softmaxAndLogSumExpMatchTheRowByRowCode() {
        var g = Generator(state: 1)
        var mismatches = 0
        for (rows, columns) in Self.shapes {
            for _ in 0 ..< 3 {
                let z = Self.scores(rows: rows, columns: columns, &g)
                var expected = [Float](repeating: 0, count: rows * columns)
                var expectedLog = [Double](repeating: 0, count: rows)
                var actual = [Float](repeating: 0, count: rows * columns)
                var actualLog = [Double](repeating: 0, count: rows)
                z.withUnsafeBufferPointer { z in
                    expected.withUnsafeMutableBufferPointer { p in
                        Self.oldCompute(z.baseAddress!, rows: rows, columns: columns,
                                        probabilities: p.baseAddress!) { expectedLog[$0] = $1 }
                    }
                    actual.withUnsafeMutableBufferPointer { p in
                        actualLog.withUnsafeMutableBufferPointer { l in
                            SoftmaxRows.compute(z.baseAddress!, rows: rows, columns: columns,
                                                probabilities: p.baseAddress!, logSumExp: l.baseAddress!,
                                                scratch: SoftmaxRows.Scratch())
                        }
                    }
                }
                for k in 0 ..< rows * columns where !Self.same(expected[k], actual[k]) {
                    mismatches += 1
                    if mismatches < 10 {
                        Issue.record("\(rows)×\(columns) p[\(k)]: \(expected[k]) ≠ \(actual[k]) (z \(z))")
                    }
                }
                for i in 0 ..< rows where !Self.same(expectedLog[i], actualLog[i]) {
                    mismatches += 1
                    if mismatches < 10 {
                        Issue.record("\(rows)×\(columns) logSumExp[\(i)]: \(expectedLog[i]) ≠ \(actualLog[i])")
                    }
                }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func kernelMatchesTheRowByRowCode() {
        var g = Generator(state: 2)
        var mismatches = 0
        for (rows, columns) in Self.shapes {
            let datasetSize = rows + 5
            let labels = (0 ..< datasetSize).map { _ in Int.random(in: 0 ..< columns, using: &g) }
            let kernel = SoftmaxCrossEntropyKernel(labels: labels, classes: columns)
            // The same kernel over batches of several sizes: its buffers grow and are reused.
            for batch in [rows, max(1, rows / 2), rows] {
                let z = Self.scores(rows: batch, columns: columns, &g)
                let samples = (0 ..< batch).map { _ in Int.random(in: 0 ..< datasetSize, using: &g) }
                var expectedGradient = [Float](repeating: 0, count: batch * columns)
                let expected = Self.oldLoss(z, labels: labels, classes: columns, samples: samples,
                                            gradient: &expectedGradient)
                var gradient = [Float](repeating: .nan, count: batch * columns)
                let (value, valueOnly) = z.withUnsafeBufferPointer { z in
                    samples.withUnsafeBufferPointer { samples in
                        gradient.withUnsafeMutableBufferPointer { gradient in
                            (kernel.loss(z.baseAddress!, samples: samples, gradient: gradient.baseAddress!),
                             kernel.loss(z.baseAddress!, samples: samples, gradient: nil))
                        }
                    }
                }
                if !Self.same(expected, value) || !Self.same(expected, valueOnly) {
                    mismatches += 1
                    Issue.record("\(batch)×\(columns) loss: \(expected) ≠ \(value), \(valueOnly)")
                }
                for k in 0 ..< batch * columns where !Self.same(expectedGradient[k], gradient[k]) {
                    mismatches += 1
                    if mismatches < 10 {
                        Issue.record("\(batch)×\(columns) gradient[\(k)]: \(expectedGradient[k]) ≠ \(gradient[k])")
                    }
                }
            }
        }
        #expect(mismatches == 0)
    }

    /// The autodiff loss and the kernel: the same loss and gradient bits for class labels.
    @Test func autodiffLossMatchesTheKernel() throws {
        var g = Generator(state: 3)
        for (rows, columns) in [(1, 1), (1, 3), (20, 3), (17, 16), (5, 17), (40, 20), (3, 100)] {
            let z = Self.scores(rows: rows, columns: columns, &g)
            let labels = (0 ..< rows).map { _ in Int.random(in: 0 ..< columns, using: &g) }
            let scores = try Tensor(shape: [rows, columns], data: z, requiresGrad: true)
            let loss = try SoftmaxCrossEntropy()(scores, .classes(labels, classCount: columns))
            try loss.backward()
            let grad = try #require(scores.grad)
            let kernel = SoftmaxCrossEntropyKernel(labels: labels, classes: columns)
            var gradient = [Float](repeating: 0, count: rows * columns)
            let value = z.withUnsafeBufferPointer { z in
                Array(0 ..< rows).withUnsafeBufferPointer { samples in
                    gradient.withUnsafeMutableBufferPointer { gradient in
                        kernel.loss(z.baseAddress!, samples: samples, gradient: gradient.baseAddress!)
                    }
                }
            }
            #expect(Self.same(try loss.item(), value), "\(rows)×\(columns)")
            for k in 0 ..< rows * columns {
                #expect(Self.same(grad.data[k], gradient[k]), "\(rows)×\(columns) [\(k)]")
            }
        }
    }
}
