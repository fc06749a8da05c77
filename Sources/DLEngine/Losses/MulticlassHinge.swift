/// The multiclass hinge (SVM) loss in the Weston–Watkins form that CS231n teaches:
///
///     loss = (1/N) Σ_i Σ_{j ≠ y_i} max(0, s_ij − s_i,y_i + margin)
///
/// for scores `s` of shape `[N, C]` and labels `y`. This is PyTorch's `MultiMarginLoss(p=1)` times C:
/// PyTorch also divides each sample's sum by the number of classes; this keeps CS231n's sum (its worked
/// example: scores `[3.2, 5.1, −1.7]`, label 0, margin 1 → 2.9).
///
/// Backward (a subgradient; a term exactly at 0 counts as inactive): for every active term
/// (`s_ij − s_iy + margin > 0`), `+1/N` to `s_ij` and `−1/N` to `s_iy`.
///
/// Targets: `.classes` only (a hinge needs the right class of each sample).
/// - Throws: for outputs that are not a non-empty `[N, C]`, `.values` targets, a label count other than
///   N or a label outside `0 ..< C`.
public struct MulticlassHinge: Loss {
    /// How far the right class's score must exceed each other score to cost nothing; finite, ≥ 0.
    public let margin: Float

    /// - Throws: ``EngineError/invalidArgument(_:)`` for a negative or non-finite margin.
    public init(margin: Float = 1) throws {
        guard margin.isFinite, margin >= 0 else {
            throw EngineError.invalidArgument("hinge needs a finite margin >= 0; got \(margin)")
        }
        self.margin = margin
    }

    public var name: String { "hinge" }
    /// `MulticlassHinge(margin=1.0)`.
    public var description: String { "MulticlassHinge(margin=\(margin))" }

    public func callAsFunction(_ outputs: Tensor, _ targets: Targets) throws -> Tensor {
        let (n, c) = try checkScores(outputs)
        guard case .classes(let labels, _) = targets else {
            throw EngineError.invalidArgument("\(name) needs class labels as targets, not values")
        }
        try checkLabels(labels, for: outputs, classes: c)
        // +1 where a term is active, and minus the count of active terms at the label: the gradient ×N.
        try MemoryBudget.check(n * c, of: Float.self, shape: outputs.shape)
        var active = [Float](repeating: 0, count: n * c)
        let total = outputs.data.withUnsafeBufferPointer { s in
            labels.withUnsafeBufferPointer { l in
                active.withUnsafeMutableBufferPointer { a in
                    Self.pass(s.baseAddress!, classes: c, labels: l, samples: nil, margin: margin, scale: 1,
                              gradient: a.baseAddress!)
                }
            }
        }
        let out = Tensor(Float(total / Double(n)))
        return Tensor.record(out, "multiclass_hinge", [outputs]) { [active] g in
            let scale = try g.item() / Float(n)
            return [try Tensor(shape: [n, c], data: active.map { $0 * scale })]
        }
    }

    /// The loss summed over the rows of `s` (`rows × classes`, row r belonging to sample `samples[r]`, or
    /// to sample r without `samples`), in Double, and the gradient of that sum times `scale`: `scale` at
    /// every active term, minus `scale` times their count at the label. The forward and backward pass of
    /// both the autodiff loss (scale 1, multiplied by the incoming gradient / N later) and the training
    /// step's kernel (scale 1/N): one implementation, the same bits.
    static func pass(_ s: UnsafePointer<Float>, classes c: Int, labels: UnsafeBufferPointer<Int>,
                     samples: UnsafeBufferPointer<Int>?, margin: Float, scale: Float,
                     gradient: UnsafeMutablePointer<Float>) -> Double {
        var total = 0.0
        let rows = samples?.count ?? labels.count
        for i in 0 ..< rows {
            let label = labels[samples?[i] ?? i]
            let row = i * c, correct = Double(s[row + label])
            var activeCount: Float = 0
            for j in 0 ..< c {
                gradient[row + j] = 0
                guard j != label else { continue }
                let term = Double(s[row + j]) - correct + Double(margin)
                if term > 0 {
                    total += term
                    gradient[row + j] = scale
                    activeCount += 1
                }
            }
            gradient[row + label] = -activeCount * scale
        }
        return total
    }
}

extension MulticlassHinge: BufferedLoss {
    /// Class labels within the outputs; anything else takes the autodiff loss, which reports it.
    public func makeKernel(outputCount: Int, targets: Targets) throws -> (any LossKernel)? {
        guard case .classes(let labels, _) = targets, outputCount >= 1,
              labels.allSatisfy({ $0 >= 0 && $0 < outputCount }) else { return nil }
        return HingeKernel(labels: labels, classes: outputCount, margin: margin)
    }
}

/// ``MulticlassHinge`` on the training step's buffers: its ``MulticlassHinge/pass`` with scale 1/N.
final class HingeKernel: LossKernel {
    let labels: [Int], classes: Int, margin: Float

    init(labels: [Int], classes: Int, margin: Float) {
        (self.labels, self.classes, self.margin) = (labels, classes, margin)
    }

    func loss(_ z: UnsafePointer<Float>, samples: UnsafeBufferPointer<Int>,
              gradient: UnsafeMutablePointer<Float>?) -> Float {
        let n = samples.count
        let scratch = gradient == nil ? UnsafeMutablePointer<Float>.allocate(capacity: n * classes) : nil
        defer { scratch?.deallocate() }
        let total = labels.withUnsafeBufferPointer { l in
            MulticlassHinge.pass(z, classes: classes, labels: l, samples: samples, margin: margin,
                                 scale: 1 / Float(n), gradient: gradient ?? scratch!)
        }
        return Float(total / Double(n))
    }
}
