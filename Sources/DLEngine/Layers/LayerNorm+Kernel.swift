/// The passes of layer normalization on raw buffers of `rows × width` values, shared by the autodiff
/// operation (``LayerNorm/callAsFunction(_:)``) and the buffered ``LayerNormKernel``, so the two compute
/// the same bits. Row statistics and the parameters' gradient sums are in `Double`, in row order.
enum LayerNormPasses {
    /// Per row: x̂ = (x − μ) · r into `normalized`, r = 1/√(σ² + ε) into `inverseStd`, y = γ · x̂ + β
    /// into `y` (γ = 1 and β = 0 when `nil`).
    static func forward(_ x: UnsafePointer<Float>, rows: Int, width d: Int, eps: Float, gamma: UnsafePointer<Float>?,
                        beta: UnsafePointer<Float>?, normalized: UnsafeMutablePointer<Float>,
                        inverseStd: UnsafeMutablePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        for r in 0 ..< rows {
            let row = x + r * d, xhat = normalized + r * d, out = y + r * d
            var sum = 0.0
            for i in 0 ..< d { sum += Double(row[i]) }
            let mean = sum / Double(d)
            var squares = 0.0
            for i in 0 ..< d {
                let deviation = Double(row[i]) - mean
                squares += deviation * deviation
            }
            let (meanUsed, rstd) = (Float(mean), 1 / (Float(squares / Double(d)) + eps).squareRoot())
            inverseStd[r] = rstd
            for i in 0 ..< d {
                let v = (row[i] - meanUsed) * rstd
                xhat[i] = v
                out[i] = (gamma?[i] ?? 1) * v + (beta?[i] ?? 0)
            }
        }
    }

    /// From the output's gradient `g`: Σ_rows g into `sumG` and Σ_rows g · x̂ into `sumGX` (β's and γ's
    /// gradients), and, when `dx` is given, per row `dx = (r/D) · (D·ĝ − Σĝ − x̂ · Σ(ĝ·x̂))` with ĝ = g · γ.
    static func backward(_ g: UnsafePointer<Float>, normalized: UnsafePointer<Float>, inverseStd: UnsafePointer<Float>,
                         rows: Int, width d: Int, gamma: UnsafePointer<Float>?, into dx: UnsafeMutablePointer<Float>?,
                         sumG: UnsafeMutablePointer<Double>, sumGX: UnsafeMutablePointer<Double>) {
        for i in 0 ..< d { sumG[i] = 0; sumGX[i] = 0 }
        for r in 0 ..< rows {
            let gr = g + r * d, xhat = normalized + r * d
            var s1 = 0.0, s2 = 0.0
            for i in 0 ..< d {
                sumG[i] += Double(gr[i])
                sumGX[i] += Double(gr[i]) * Double(xhat[i])
                let gh = Double(gr[i] * (gamma?[i] ?? 1))
                s1 += gh
                s2 += gh * Double(xhat[i])
            }
            guard let dx else { continue }
            let out = dx + r * d
            let (scale, width) = (inverseStd[r] / Float(d), Float(d))
            let (sum1, sum2) = (Float(s1), Float(s2))
            for i in 0 ..< d { out[i] = scale * (width * (gr[i] * (gamma?[i] ?? 1)) - sum1 - xhat[i] * sum2) }
        }
    }
}

extension LayerNorm: BufferedLayer {
    /// - Throws: a shape mismatch unless `sampleShape` ends with ``normalizedShape``.
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        _ = try outputShape(for: sampleShape)
        return try LayerNormKernel(self, sampleCount: try Shape.elementCount(sampleShape), batchCapacity: batchCapacity)
    }
}

/// ``LayerNormPasses`` on the buffers of a batch: the same in training and evaluation.
final class LayerNormKernel: LayerKernel {
    let layer: LayerNorm
    let inputCount: Int
    var outputCount: Int { inputCount }
    /// Rows of D values per sample.
    private let rowsPerSample: Int
    /// x̂ and r of the last forward pass.
    private let normalized: FloatBuffer, inverseStd: FloatBuffer
    /// γ and β as the last forward pass used them.
    private var gammaUsed: [Float], betaUsed: [Float]
    private var sums: [Double], squares: [Double]

    init(_ layer: LayerNorm, sampleCount: Int, batchCapacity: Int) throws {
        self.layer = layer
        inputCount = sampleCount
        rowsPerSample = sampleCount / layer.width
        normalized = try FloatBuffer(rows: batchCapacity, columns: sampleCount)
        inverseStd = try FloatBuffer(rows: batchCapacity, columns: rowsPerSample)
        gammaUsed = layer.weight?.data ?? []
        betaUsed = layer.bias?.data ?? []
        sums = [Double](repeating: 0, count: layer.width)
        squares = sums
    }

    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch n: Int) {
        if let weight = layer.weight, let bias = layer.bias {
            gammaUsed = weight.data
            betaUsed = bias.data
        }
        let affine = layer.isAffine
        gammaUsed.withUnsafeBufferPointer { gamma in
            betaUsed.withUnsafeBufferPointer { beta in
                LayerNormPasses.forward(x, rows: n * rowsPerSample, width: layer.width, eps: layer.eps,
                                        gamma: affine ? gamma.baseAddress : nil, beta: affine ? beta.baseAddress : nil,
                                        normalized: normalized.pointer, inverseStd: inverseStd.pointer, into: y)
            }
        }
    }

    func backward(x: UnsafePointer<Float>, y: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                  dx: UnsafeMutablePointer<Float>?, batch n: Int) {
        let affine = layer.isAffine
        gammaUsed.withUnsafeBufferPointer { gamma in
            LayerNormPasses.backward(dy, normalized: normalized.pointer, inverseStd: inverseStd.pointer,
                                     rows: n * rowsPerSample, width: layer.width, gamma: affine ? gamma.baseAddress : nil,
                                     into: dx, sumG: &sums, sumGX: &squares)
        }
        guard let weight = layer.weight, let bias = layer.bias else { return }
        let width = layer.width
        weight.withGradient { dg in for i in 0 ..< width { dg[i] = Float(squares[i]) } }
        bias.withGradient { db in for i in 0 ..< width { db[i] = Float(sums[i]) } }
    }
}
