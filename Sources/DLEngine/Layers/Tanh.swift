/// The hyperbolic tangent elementwise.
///
/// Shapes: any input shape; the output has the same shape. No parameters.
public final class Tanh: Layer {
    public var isTraining = true

    public init() {}

    public var name: String { "Tanh" }
    public var description: String { "Tanh()" }

    public func callAsFunction(_ input: Tensor) throws -> Tensor { try input.tanh() }

    /// The same shape.
    public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
}

extension Tanh: RegisteredLayer {
    public static let registration = LayerRegistration(
        name: "tanh", tag: "Tanh", summary: "The hyperbolic tangent.", isActivation: true) { _, _ in Tanh() }
}
