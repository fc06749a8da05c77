/// ``SoftmaxCrossEntropy`` with class weights, label smoothing or `reduction="sum"` on buffers, for the
/// fast training steps: the arithmetic of its autodiff form (``SoftmaxCrossEntropy/targetWeights(_:outputs:classes:)``
/// and the backward closure) in the same order, so both compute the same bits. Row-major only (a dense
/// stack then hands it row-major scores).
///
/// Per row, with `T_j = w_j·ε/C + [j = y]·w_y·(1 − ε)`: `ℓ = Σ_j T_j·(log Σ_k e^(z_k) − z_j)` and
/// `∂ℓ/∂z_j = p_j·Σ_k T_k − T_j`; the batch's value is `Σ ℓ / D`, the gradient scaled by `1/D`, with
/// `D = Σ_i w_{y_i}` for `mean` (N without weights) and 1 for `sum`; 0 and no gradient when D is 0.
/// Keras's class weights scale the row's `T` by `s = cw_y` (and leave `D = N`).
final class WeightedSoftmaxCrossEntropyKernel: LossKernel {
    let labels: [Int]
    let classes: Int
    let weight: [Float]
    /// Keras's class weights (all 1 without).
    let classWeight: [Float]
    let smoothing: Float, keep: Float
    let smoothed: Bool
    let isMean: Bool
    private var probabilities: [Float] = []
    private var logSumExp: [Double] = []
    private var targets: [Float]
    private let scratch = SoftmaxRows.Scratch()

    init(_ loss: SoftmaxCrossEntropy, labels: [Int], classes: Int) {
        self.labels = labels
        self.classes = classes
        weight = loss.weight ?? [Float](repeating: 1, count: classes)
        classWeight = loss.classWeight ?? [Float](repeating: 1, count: classes)
        smoothing = loss.labelSmoothing / Float(classes)
        keep = 1 - loss.labelSmoothing
        smoothed = loss.labelSmoothing != 0
        isMean = loss.reduction == .mean
        targets = [Float](repeating: 0, count: classes)
    }

    func loss(_ z: UnsafePointer<Float>, samples: UnsafeBufferPointer<Int>,
              gradient: UnsafeMutablePointer<Float>?) -> Float {
        let n = samples.count, c = classes
        if probabilities.count < n * c {
            probabilities = [Float](repeating: 0, count: n * c)
            logSumExp = [Double](repeating: 0, count: n)
        }
        var denominator = 0.0
        for i in 0 ..< n { denominator += Double(weight[labels[samples[i]]]) }
        if !isMean { denominator = 1 }
        let scale: Float = denominator > 0 ? 1 / Float(denominator) : 0
        var total = 0.0
        probabilities.withUnsafeMutableBufferPointer { p in
            logSumExp.withUnsafeMutableBufferPointer { l in
                targets.withUnsafeMutableBufferPointer { t in
                    SoftmaxRows.compute(z, rows: n, columns: c, probabilities: p.baseAddress!, logSumExp: l.baseAddress!,
                                        scratch: scratch)
                    for i in 0 ..< n {
                        let label = labels[samples[i]], row = i * c, s = classWeight[label]
                        for j in 0 ..< c { t[j] = smoothed ? s * (weight[j] * smoothing) : 0 }
                        t[label] += s * (weight[label] * keep)
                        var rowLoss = 0.0
                        for j in 0 ..< c where t[j] != 0 { rowLoss += Double(t[j]) * (l[i] - Double(z[row + j])) }
                        total += rowLoss
                        guard let gradient else { continue }
                        var mass: Float = 0
                        for j in 0 ..< c { mass += t[j] }
                        for j in 0 ..< c { gradient[row + j] = scale * (p[row + j] * mass - t[j]) }
                    }
                }
            }
        }
        return Float(denominator > 0 ? total / denominator : 0)
    }
}
