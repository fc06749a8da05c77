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
        var active = [Float](repeating: 0, count: n * c)
        var total = 0.0
        outputs.data.withUnsafeBufferPointer { s in
            for (i, label) in labels.enumerated() {
                let row = i * c, correct = Double(s[row + label])
                for j in 0 ..< c where j != label {
                    let term = Double(s[row + j]) - correct + Double(margin)
                    if term > 0 {
                        total += term
                        active[row + j] = 1
                        active[row + label] -= 1
                    }
                }
            }
        }
        let out = Tensor(Float(total / Double(n)))
        return Tensor.record(out, "multiclass_hinge", [outputs]) { [active] g in
            let scale = try g.item() / Float(n)
            return [try Tensor(shape: [n, c], data: active.map { $0 * scale })]
        }
    }
}
