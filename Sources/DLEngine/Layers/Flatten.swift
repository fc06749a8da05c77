/// Merges every axis but the batch axis into one (PyTorch's `nn.Flatten()`), the bridge from
/// convolutional feature maps to dense layers.
///
/// Shapes: input `[N, d1, d2, ...]` (rank at least 1), output `[N, d1 · d2 · ...]` (`[N, C, H, W] →
/// [N, C·H·W]`, in row-major order, so channel by channel); a rank-1 input `[N]` becomes `[N, 1]`. No
/// parameters; the gradient is reshaped back.
public final class Flatten: Layer {
    public var isTraining = true

    public init() {}

    public var name: String { "Flatten" }
    public var description: String { "Flatten()" }

    /// - Throws: ``EngineError/invalidArgument(_:)`` for a scalar (no batch axis).
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        guard input.rank >= 1 else {
            throw EngineError.invalidArgument("Flatten() takes a batch of shape [N, ...]; got a scalar")
        }
        return try input.reshaped([input.shape[0], try Shape.elementCount(Array(input.shape.dropFirst()))])
    }

    /// `[d1, d2, ...] → [d1 · d2 · ...]`; `[] → [1]`.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        [try Shape.elementCount(inputShape)]
    }
}

extension Flatten: RegisteredLayer {
    /// The language's `flatten` also flattens a tensor from an axis on (`flatten X start=1`), which the
    /// language adds to this registration.
    public static let registration = LayerRegistration(
        name: "flatten", tag: "Flatten",
        summary: "Alone, a layer that turns feature maps [N, C, H, W] into rows [N, C·H·W].",
        example: "model = sequential\nmodel.add(flatten)", output: .vectors) { _, _ in Flatten() }
}
