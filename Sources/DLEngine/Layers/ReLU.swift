/// The rectified linear unit, `max(x, 0)` elementwise, the article's `ReLU`.
///
/// Shapes: any input shape; the output has the same shape. No parameters. The gradient at exactly 0 is
/// 0 (PyTorch's choice; see ``Tensor/relu()``).
public final class ReLU: Layer {
    public var isTraining = true

    public init() {}

    public var name: String { "ReLU" }
    public var description: String { "ReLU()" }

    public func callAsFunction(_ input: Tensor) throws -> Tensor { try input.relu() }

    /// The same shape.
    public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
}

extension ReLU: RegisteredLayer {
    public static let registration = LayerRegistration(
        name: "relu", tag: "ReLU", summary: "max(x, 0), elementwise.", isActivation: true) { _, _ in ReLU() }
}
