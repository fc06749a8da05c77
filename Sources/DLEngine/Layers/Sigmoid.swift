/// The logistic function `1 / (1 + e^−x)` elementwise, computed without overflow for large |x|.
///
/// Shapes: any input shape; the output has the same shape. No parameters. For binary classification,
/// prefer a linear output with ``BinaryCrossEntropy`` (which works on logits, stably) over this layer
/// followed by a logarithm.
public final class Sigmoid: Layer {
    public var isTraining = true

    public init() {}

    public var name: String { "Sigmoid" }
    public var description: String { "Sigmoid()" }

    public func callAsFunction(_ input: Tensor) throws -> Tensor { try input.sigmoid() }

    /// The same shape.
    public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
}

extension Sigmoid: RegisteredLayer {
    public static let registration = LayerRegistration(
        name: "sigmoid", tag: "Sigmoid", summary: "The logistic function 1 / (1 + e^-x).", isActivation: true) { _, _ in Sigmoid() }
}
