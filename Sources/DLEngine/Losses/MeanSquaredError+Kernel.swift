extension MeanSquaredError: BufferedLoss {
    /// Value targets with `outputCount` elements per sample, or class labels in `0 ..< outputCount`
    /// (one-hot rows); anything else takes the autodiff loss, which reports the mismatch.
    public func makeKernel(outputCount: Int, targets: Targets) throws -> (any LossKernel)? {
        guard reduction != .none else { return nil }
        switch targets {
        case .values(let values):
            guard let samples = values.shape.first, samples > 0, values.count == samples * outputCount else { return nil }
            return MeanSquaredErrorKernel(targets: values.data, labels: nil, width: outputCount, isMean: reduction == .mean)
        case .classes(let labels, _):
            guard labels.allSatisfy({ $0 >= 0 && $0 < outputCount }) else { return nil }
            return MeanSquaredErrorKernel(targets: [], labels: labels, width: outputCount, isMean: reduction == .mean)
        }
    }
}

/// `loss = (1/M) Σ (z − t)²` over the M = batch · width elements (M = 1 for `sum`), `∂loss/∂z = 2 (z − t) / M`: the
/// arithmetic of ``MeanSquaredError`` (squares summed in Double, in order), so both loops agree.
final class MeanSquaredErrorKernel: LossKernel {
    /// Value targets, `width` per sample (empty for labels).
    let targets: [Float]
    /// Class labels, compared as one-hot rows.
    let labels: [Int]?
    let width: Int
    let isMean: Bool

    init(targets: [Float], labels: [Int]?, width: Int, isMean: Bool = true) {
        self.targets = targets
        self.labels = labels
        self.width = width
        self.isMean = isMean
    }

    func loss(_ z: UnsafePointer<Float>, samples: UnsafeBufferPointer<Int>,
              gradient: UnsafeMutablePointer<Float>?) -> Float {
        let count = isMean ? samples.count * width : 1
        let scale = 2 * 1 / Float(count)
        var total = 0.0
        targets.withUnsafeBufferPointer { t in
            for (row, sample) in samples.enumerated() {
                for j in 0 ..< width {
                    let target: Float
                    if let labels { target = labels[sample] == j ? 1 : 0 } else { target = t[sample * width + j] }
                    let d = z[row * width + j] - target
                    total += Double(d) * Double(d)
                    gradient?[row * width + j] = d * scale
                }
            }
        }
        return Float(total / Double(count))
    }
}
