import Foundation

/// The sigmoid linear unit (Elfwing et al. 2017; "swish" with β = 1), PyTorch's `nn.SiLU`: `x · σ(x)`.
///
/// Shapes: any input shape; the output has the same shape. No parameters.
public final class SiLU: Layer {
    public var isTraining = true

    public init() {}

    public var name: String { "SiLU" }
    public var description: String { "SiLU()" }

    public func callAsFunction(_ input: Tensor) throws -> Tensor { try input.silu() }

    /// The same shape.
    public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
}

extension Tensor {
    /// x · σ(x) elementwise (see ``SiLU``).
    public func silu() throws -> Tensor { try applying(SiLUFunction(), operation: "silu") }
}

/// The function and its derivative, side by side: `y = x · σ(x)`, `dy/dx = σ(x) · (1 + x · (1 − σ(x)))`.
/// σ is the sigmoid's stable form (e^t only of t ≤ 0), so a large |x| neither overflows nor gives NaN.
struct SiLUFunction: PointwiseFunction {
    @inline(__always) func value(_ x: Float) -> Float { x * SigmoidKernel.apply(x) }

    @inline(__always) func gradient(x: Float, y: Float, dy: Float) -> Float {
        let s = SigmoidKernel.apply(x)
        return dy * (s * (1 + x * (1 - s)))
    }
}

extension SiLU: PointwiseLayer, BufferedLayer {
    var function: SiLUFunction { SiLUFunction() }
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        PointwiseKernel(count: try Shape.elementCount(sampleShape), function)
    }
}

extension SiLU: RegisteredLayer {
    public static let registration = LayerRegistration(
        name: "silu", tag: "SiLU", summary: "The sigmoid linear unit x·σ(x) (swish).", isActivation: true) { _, _ in SiLU() }
}
