#if canImport(Glibc)
import Glibc
#endif

/// Elementwise functions of one tensor with their derivatives: exp, log, sin, cos, tanh, sigmoid, sqrt, abs.
/// Each throws ``EngineError/allocationTooLarge(shape:limit:)`` when the memory left cannot hold its result.
/// Activations (relu, leaky relu) are in `Activations.swift`.
extension Tensor {
    /// e^x.
    public func exp() throws -> Tensor {
        let out = try map(ExpKernel.self), y = out.detached()
        return Tensor.record(out, "exp", [self]) { g in [try g * y] }
    }

    /// Natural logarithm (NaN below 0, -inf at 0, as in IEEE arithmetic).
    public func log() throws -> Tensor {
        let out = try map(LogKernel.self)
        return Tensor.record(out, "log", [self]) { g in [try g / self] }
    }

    /// Sine.
    public func sin() throws -> Tensor {
        let out = try map(SinKernel.self)
        return Tensor.record(out, "sin", [self]) { g in [try g * self.cos()] }
    }

    /// Cosine.
    public func cos() throws -> Tensor {
        let out = try map(CosKernel.self)
        return Tensor.record(out, "cos", [self]) { g in [try g * -self.sin()] }
    }

    /// Hyperbolic tangent; d tanh(x) = 1 - tanh²(x).
    public func tanh() throws -> Tensor { try applying(TanhFunction(), operation: "tanh") }

    /// The logistic function 1 / (1 + e^-x), computed without overflow for large |x|;
    /// d σ(x) = σ(x)(1 - σ(x)).
    public func sigmoid() throws -> Tensor { try applying(SigmoidFunction(), operation: "sigmoid") }

    /// Square root (NaN below 0); d √x = 1 / (2√x).
    public func sqrt() throws -> Tensor {
        let out = try map(SqrtKernel.self), y = out.detached()
        return Tensor.record(out, "sqrt", [self]) { g in [try g / (2 * y)] }
    }

    /// Absolute value; its gradient is sign(x), taken as 0 at 0 (PyTorch's choice).
    public func abs() throws -> Tensor {
        let out = try map(AbsKernel.self)
        return Tensor.record(out, "abs", [self]) { g in [try g * self.map(SignKernel.self)] }
    }

    /// -1, 0 or 1 by the sign of each element (no gradient: it is 0 almost everywhere).
    public func sign() throws -> Tensor { try map(SignKernel.self) }
}

enum ExpKernel: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { expf(x) } }
enum LogKernel: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { logf(x) } }
enum SinKernel: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { sinf(x) } }
enum CosKernel: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { cosf(x) } }
enum TanhKernel: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { tanhf(x) } }
enum SqrtKernel: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { x.squareRoot() } }
enum AbsKernel: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { Swift.abs(x) } }
enum SignKernel: UnaryKernel {
    @inline(__always) static func apply(_ x: Float) -> Float { x > 0 ? 1 : (x < 0 ? -1 : 0) }
}
enum SigmoidKernel: UnaryKernel {
    /// Two forms so that e^t is only taken of t ≤ 0 and never overflows.
    @inline(__always) static func apply(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + expf(-x)) }
        let e = expf(x)
        return e / (1 + e)
    }
}
