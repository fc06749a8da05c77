import Foundation

/// The Gaussian error linear unit (Hendrycks & Gimpel 2016), PyTorch's `nn.GELU`: `x · Φ(x)`, with Φ
/// the standard normal distribution function.
///
/// Shapes: any input shape; the output has the same shape. No parameters. `approximate: .none` (the
/// default, PyTorch's `approximate="none"`) is the exact `0.5 · x · (1 + erf(x / √2))`; `.tanh` is
/// `0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³)))`, PyTorch's `approximate="tanh"`.
public final class GELU: Layer {
    /// Which form of Φ.
    public enum Approximation: String, Sendable {
        case none
        case tanh
    }

    public let approximate: Approximation
    public var isTraining = true

    public init(approximate: Approximation = .none) {
        self.approximate = approximate
    }

    public var name: String { "GELU" }
    /// `GELU()`, or `GELU(approximate=tanh)`.
    public var description: String { approximate == .none ? "GELU()" : "GELU(approximate=\(approximate.rawValue))" }

    public func callAsFunction(_ input: Tensor) throws -> Tensor { try input.gelu(approximate: approximate) }

    /// The same shape.
    public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
}

extension Tensor {
    /// GELU elementwise (see ``GELU``).
    public func gelu(approximate: GELU.Approximation = .none) throws -> Tensor {
        try applying(GELUFunction(approximate: approximate), operation: "gelu")
    }
}

/// The function and its derivative, side by side:
///
///     exact:  y = x · Φ(x),  Φ(x) = (1 + erf(x/√2)) / 2,     dy/dx = Φ(x) + x · φ(x),  φ(x) = e^(−x²/2) / √(2π)
///     tanh:   y = x/2 · (1 + t),  t = tanh(u),  u = √(2/π) · (x + 0.044715 x³),
///             dy/dx = (1 + t)/2 + x/2 · (1 − t²) · √(2/π) · (1 + 3 · 0.044715 x²)
struct GELUFunction: PointwiseFunction {
    let approximate: GELU.Approximation

    static let inverseSqrt2: Float = 0.70710678118654752
    static let inverseSqrt2Pi: Float = 0.39894228040143268
    static let sqrt2OverPi: Float = 0.79788456080286536
    static let cubic: Float = 0.044715

    @inline(__always) func value(_ x: Float) -> Float {
        switch approximate {
        case .none: return 0.5 * x * (1 + erf(x * Self.inverseSqrt2))
        case .tanh: return 0.5 * x * (1 + tanhf(Self.sqrt2OverPi * (x + Self.cubic * x * x * x)))
        }
    }

    @inline(__always) func gradient(x: Float, y: Float, dy: Float) -> Float {
        switch approximate {
        case .none:
            let cdf = 0.5 * (1 + erf(x * Self.inverseSqrt2))
            let pdf = Self.inverseSqrt2Pi * expf(-0.5 * x * x)
            return dy * (cdf + x * pdf)
        case .tanh:
            let t = tanhf(Self.sqrt2OverPi * (x + Self.cubic * x * x * x))
            return dy * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * Self.sqrt2OverPi * (1 + 3 * Self.cubic * x * x))
        }
    }
}

extension GELU: PointwiseLayer, BufferedLayer {
    var function: GELUFunction { GELUFunction(approximate: approximate) }
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        PointwiseKernel(count: try Shape.elementCount(sampleShape), function)
    }
}

extension GELU: RegisteredLayer {
    public static let registration = LayerRegistration(
        name: "gelu", tag: "GELU",
        summary: "The Gaussian error linear unit x·Φ(x) (exact, with erf; approximate=\"tanh\" for the tanh form).",
        parameters: [.keyword("approximate", .text, default: .text("none"))], isActivation: true
    ) { a, _ in
        let written = try a.text("approximate")
        guard let approximate = Approximation(rawValue: written) else {
            throw EngineError.invalidArgument("GELU's approximate must be \"none\" or \"tanh\"; got \"\(written)\"")
        }
        return GELU(approximate: approximate)
    }

    public var configuration: Arguments { Arguments(["approximate": .text(approximate.rawValue)]) }
}
