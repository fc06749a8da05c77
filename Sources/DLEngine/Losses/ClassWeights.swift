/// Keras's `class_weight` (`fit ... class_weight=[1, 5, 0.5]`): a weight per class that scales the loss of
/// every sample of that class, for imbalanced data.
///
/// Normalisation, as Keras does it: the class weights become sample weights `s_i = cw[y_i]`, and the
/// batch's loss is `Σ_i s_i·ℓ_i / N`, the weighted sum over the batch size (Keras's default reduction
/// `sum_over_batch_size`). PyTorch's `CrossEntropyLoss(weight=)` (dlnb's `softmax_ce weight=`) divides by
/// `Σ_i w_{y_i}` instead, so there the loss's scale does not depend on the weights' scale; with class
/// weights it does (doubling every weight doubles the loss and the gradients), as in Keras.
///
/// Applies to the losses whose samples have one label and one loss each: ``SoftmaxCrossEntropy`` and
/// ``BinaryCrossEntropy`` (labels 0 and 1). Refused with value targets (a regression has no classes), with
/// a length other than the number of classes, with weights that are negative, infinite or NaN, and with a
/// loss that already weights its classes (`softmax_ce weight=`, `bce weight=`).
public enum ClassWeights {
    /// - Throws: for no weights, or a weight that is not a finite number >= 0.
    static func check(_ weights: [Float]) throws {
        guard !weights.isEmpty else { throw EngineError.invalidArgument("class_weight needs one weight per class; got none") }
        if let (i, bad) = weights.enumerated().first(where: { !($0.element >= 0 && $0.element.isFinite) }) {
            throw EngineError.invalidArgument("class_weight must be finite numbers >= 0 (one per class); class \(i) has \(bad)")
        }
    }

    /// `loss` with the class weights `weights` applied for training on `targets`.
    /// - Throws: as the type's summary lists, naming `class_weight`.
    public static func apply(_ weights: [Float], to loss: any Loss, targets: Targets) throws -> any Loss {
        try check(weights)
        guard case .classes(_, let classCount) = targets else {
            throw EngineError.invalidArgument("class_weight needs class labels; the data's targets are values (a regression has no classes)")
        }
        guard weights.count == classCount else {
            throw EngineError.invalidArgument("class_weight has \(weights.count) value\(weights.count == 1 ? "" : "s") but the data has \(classCount) classes; give one weight per class, in class order")
        }
        switch loss {
        case let ce as SoftmaxCrossEntropy:
            guard ce.weight == nil else {
                throw EngineError.invalidArgument("class_weight cannot be combined with softmax_ce weight=, which already weights the classes; give one of them")
            }
            return try SoftmaxCrossEntropy(labelSmoothing: ce.labelSmoothing, reduction: ce.reduction, classWeight: weights)
        case let bce as BinaryCrossEntropy:
            guard bce.weight == nil else {
                throw EngineError.invalidArgument("class_weight cannot be combined with bce weight=; give one of them")
            }
            return try BinaryCrossEntropy(reduction: bce.reduction, classWeight: weights)
        default:
            throw EngineError.invalidArgument("class_weight works with loss=softmax_ce and loss=bce, not loss=\(loss.name)")
        }
    }
}
