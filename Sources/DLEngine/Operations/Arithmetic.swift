#if canImport(Glibc)
import Glibc
#endif

/// Elementwise arithmetic with NumPy broadcasting: `+ - * /`, powers, maximum and minimum.
///
/// Each operation computes its result and, beside it, the gradient of each input: the output gradient
/// times the local derivative, summed back over the axes that broadcasting repeated.
extension Tensor {
    /// Elementwise sum. - Throws: when the shapes do not broadcast.
    public static func + (a: Tensor, b: Tensor) throws -> Tensor {
        let out = try broadcastingMap(AddKernel.self, a, b, operation: "+")
        return record(out, "add", [a, b]) { g in
            [try g.sumToShape(a.shape), try g.sumToShape(b.shape)]
        }
    }

    /// Elementwise difference. - Throws: when the shapes do not broadcast.
    public static func - (a: Tensor, b: Tensor) throws -> Tensor {
        let out = try broadcastingMap(SubtractKernel.self, a, b, operation: "-")
        return record(out, "subtract", [a, b]) { g in
            [try g.sumToShape(a.shape), try (-g).sumToShape(b.shape)]
        }
    }

    /// Elementwise product. - Throws: when the shapes do not broadcast.
    public static func * (a: Tensor, b: Tensor) throws -> Tensor {
        let out = try broadcastingMap(MultiplyKernel.self, a, b, operation: "*")
        return record(out, "multiply", [a, b]) { g in
            [a.requiresGrad ? try (g * b).sumToShape(a.shape) : nil,
             b.requiresGrad ? try (g * a).sumToShape(b.shape) : nil]
        }
    }

    /// Elementwise quotient (IEEE: `x / 0` is ±inf or NaN). - Throws: when the shapes do not broadcast.
    public static func / (a: Tensor, b: Tensor) throws -> Tensor {
        let out = try broadcastingMap(DivideKernel.self, a, b, operation: "/")
        let quotient = out.detached()  // captured without the output itself, which would be a cycle
        return record(out, "divide", [a, b]) { g in
            // d(a/b)/da = 1/b, d(a/b)/db = -a/b² = -out/b.
            [a.requiresGrad ? try (g / b).sumToShape(a.shape) : nil,
             b.requiresGrad ? try (-(g * quotient) / b).sumToShape(b.shape) : nil]
        }
    }

    /// Elementwise power `a ** b`. - Throws: when the shapes do not broadcast.
    ///
    /// The gradient with respect to the exponent, `out · log(a)`, is taken as 0 where `a` is 0 (the limit
    /// of a^b · log a for b > 0), so `x ** 2` at `x = 0` does not produce NaN.
    public static func pow(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let out = try broadcastingMap(PowerKernel.self, a, b, operation: "**")
        let power = out.detached()
        return record(out, "pow", [a, b]) { g in
            // d(a^b)/da = b · a^(b-1); d(a^b)/db = a^b · log a.
            let da: Tensor? = a.requiresGrad
                ? try (g * b * Tensor.pow(a, b - Tensor(1))).sumToShape(a.shape) : nil
            let db: Tensor? = b.requiresGrad
                ? try (g * power * a.map(SafeLogKernel.self)).sumToShape(b.shape) : nil
            return [da, db]
        }
    }

    /// Elementwise maximum; the gradient goes to `a` where `a >= b`, else to `b`.
    public static func maximum(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let out = try broadcastingMap(MaximumKernel.self, a, b, operation: "maximum")
        return record(out, "maximum", [a, b]) { g in
            let takeA = try broadcastingMap(GreaterEqualKernel.self, a, b, operation: "maximum")
            return [try (g * takeA).sumToShape(a.shape), try (g * (Tensor(1) - takeA)).sumToShape(b.shape)]
        }
    }

    /// Elementwise minimum; the gradient goes to `a` where `a <= b`, else to `b`.
    public static func minimum(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let out = try broadcastingMap(MinimumKernel.self, a, b, operation: "minimum")
        return record(out, "minimum", [a, b]) { g in
            let takeA = try broadcastingMap(LessEqualKernel.self, a, b, operation: "minimum")
            return [try (g * takeA).sumToShape(a.shape), try (g * (Tensor(1) - takeA)).sumToShape(b.shape)]
        }
    }

    /// Elementwise negation.
    public static prefix func - (a: Tensor) throws -> Tensor {
        let out = try a.map(NegateKernel.self)
        return record(out, "negate", [a]) { g in [try -g] }
    }

    // Scalar conveniences: the number is a 0-d tensor broadcast against the other operand.
    public static func + (a: Tensor, b: Float) throws -> Tensor { try a + Tensor(b) }
    public static func + (a: Float, b: Tensor) throws -> Tensor { try Tensor(a) + b }
    public static func - (a: Tensor, b: Float) throws -> Tensor { try a - Tensor(b) }
    public static func - (a: Float, b: Tensor) throws -> Tensor { try Tensor(a) - b }
    public static func * (a: Tensor, b: Float) throws -> Tensor { try a * Tensor(b) }
    public static func * (a: Float, b: Tensor) throws -> Tensor { try Tensor(a) * b }
    public static func / (a: Tensor, b: Float) throws -> Tensor { try a / Tensor(b) }
    public static func / (a: Float, b: Tensor) throws -> Tensor { try Tensor(a) / b }
    /// `a ** exponent` for a number exponent.
    public func pow(_ exponent: Float) throws -> Tensor { try Tensor.pow(self, Tensor(exponent)) }
}

enum NegateKernel: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { -x } }
/// log x, with log 0 taken as 0: the factor of the exponent's gradient in `pow`.
enum SafeLogKernel: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { x == 0 ? 0 : logf(x) } }
