/// The names users write for the losses (`loss=softmax_ce`), in the order help texts list them.
public let knownLossNames = ["softmax_ce", "hinge", "mse", "bce"]

/// The loss with the given name, with its default settings: `softmax_ce` (``SoftmaxCrossEntropy``),
/// `hinge` (``MulticlassHinge``, margin 1), `mse` (``MeanSquaredError``), `bce` (``BinaryCrossEntropy``).
/// - Throws: ``EngineError/invalidArgument(_:)`` for an unknown name, listing the known ones.
public func makeLoss(named name: String) throws -> any Loss {
    switch name {
    case "softmax_ce": return SoftmaxCrossEntropy()
    case "hinge": return try MulticlassHinge()
    case "mse": return MeanSquaredError()
    case "bce": return BinaryCrossEntropy()
    default:
        throw EngineError.invalidArgument("unknown loss '\(name)'; known losses: \(knownLossNames.joined(separator: ", "))")
    }
}
