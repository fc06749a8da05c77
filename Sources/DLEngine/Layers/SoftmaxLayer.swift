/// Softmax along an axis: `e^x / Σ e^x`, computed stably (each slice's maximum subtracted first).
///
/// Shapes: any input with at least one axis; the output has the same shape. `axis` counts the batch axis
/// (as PyTorch's `dim` does): the default −1 normalizes each sample's last axis, so a `[N, C]` batch of
/// scores becomes `N` probability vectors. No parameters.
///
/// Edge case: for training a classifier, do not end the model with this layer and use
/// ``SoftmaxCrossEntropy``, which applies softmax itself (on logits, fused and stable).
public final class Softmax: Layer {
    /// The axis normalized over, counting the batch axis; negative counts from the end.
    public let axis: Int
    public var isTraining = true

    public init(axis: Int = -1) {
        self.axis = axis
    }

    public var name: String { "Softmax" }
    /// `Softmax(axis=-1)`.
    public var description: String { "Softmax(axis=\(axis))" }

    /// - Throws: ``EngineError/invalidArgument(_:)`` when `axis` is out of range for the input's rank.
    public func callAsFunction(_ input: Tensor) throws -> Tensor { try input.softmax(axis: axis) }

    /// The same shape. - Throws: when `axis` is out of range for a batch of such samples.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        _ = try Shape.normalize(axis: axis, rank: inputShape.count + 1)
        return inputShape
    }
}

extension Softmax: RegisteredLayer {
    public static let registration = LayerRegistration(
        name: "softmax", tag: "Softmax", summary: "e^x / sum(e^x) along an axis (default the last).",
        parameters: [.keyword("axis", .integer, default: .integer(-1))], isActivation: true
    ) { a, _ in Softmax(axis: try a.integer("axis")) }

    public var configuration: Arguments { Arguments(["axis": .integer(axis)]) }
}
