/// The leaky rectified linear unit: `x` where `x > 0`, else `slope · x`, elementwise.
///
/// Shapes: any input shape; the output has the same shape. No parameters. The default slope, 0.01, is
/// PyTorch's (`negative_slope`); a negative slope is allowed (it is just unusual).
public final class LeakyReLU: Layer {
    /// The factor applied to negative inputs.
    public let slope: Float
    public var isTraining = true

    /// - Throws: ``EngineError/invalidArgument(_:)`` for a non-finite slope.
    public init(slope: Float = 0.01) throws {
        guard slope.isFinite else { throw EngineError.invalidArgument("LeakyReLU needs a finite slope; got \(slope)") }
        self.slope = slope
    }

    public var name: String { "LeakyReLU" }
    /// `LeakyReLU(slope=0.01)`.
    public var description: String { "LeakyReLU(slope=\(slope))" }

    public func callAsFunction(_ input: Tensor) throws -> Tensor { try input.leakyRelu(slope: slope) }

    /// The same shape.
    public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
}

extension LeakyReLU: RegisteredLayer {
    public static let registration = LayerRegistration(
        name: "leaky_relu", tag: "LeakyReLU", summary: "x where x > 0, else slope·x.",
        parameters: [.keyword("slope", .number, default: .number(0.01))], isActivation: true
    ) { a, _ in try LeakyReLU(slope: a.float("slope")) }

    public var configuration: Arguments { Arguments(["slope": .number(Double(slope))]) }
}
