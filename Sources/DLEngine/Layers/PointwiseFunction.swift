/// The elementwise functions of the activations that have no file of their own (GELU and SiLU keep
/// theirs beside their layers): each one's value and derivative, side by side.

/// An elementwise function and its derivative, written once and run by every path: the autodiff
/// operation (``Tensor/applying(_:operation:)``), the layer kernel (``PointwiseKernel``) and the fused
/// dense step (``FusedActivation``). A protocol rather than closures, so that each loop is specialized: a
/// closure call per element cost more than the spiral's matrix products.
protocol PointwiseFunction {
    /// Whether ``gradient(x:y:dy:)`` reads the input x (the fused dense step then keeps x, the
    /// pre-activation, in a buffer of its own); `false` when it needs the output y alone.
    var needsInput: Bool { get }
    func value(_ x: Float) -> Float
    /// dx from the input x, the output y and the output's gradient dy.
    func gradient(x: Float, y: Float, dy: Float) -> Float
    /// ``value(_:)`` on 16 lanes: the same bits lane by lane.
    func values(_ x: SIMD16<Float>) -> SIMD16<Float>
    /// ``gradient(x:y:dy:)`` on 16 lanes: the same bits lane by lane.
    func gradients(x: SIMD16<Float>, y: SIMD16<Float>, dy: SIMD16<Float>) -> SIMD16<Float>
}

extension PointwiseFunction {
    /// By default the derivative reads x.
    var needsInput: Bool { true }

    /// Lane by lane (functions with a vector form override it).
    @inline(__always) func values(_ x: SIMD16<Float>) -> SIMD16<Float> {
        var y = x
        for i in 0 ..< 16 { y[i] = value(x[i]) }
        return y
    }

    /// Lane by lane.
    @inline(__always) func gradients(x: SIMD16<Float>, y: SIMD16<Float>, dy: SIMD16<Float>) -> SIMD16<Float> {
        var dx = dy
        for i in 0 ..< 16 { dx[i] = gradient(x: x[i], y: y[i], dy: dy[i]) }
        return dx
    }
}

/// The identity (a Linear layer without an activation).
struct IdentityFunction: PointwiseFunction {
    var needsInput: Bool { false }
    @inline(__always) func value(_ x: Float) -> Float { x }
    @inline(__always) func gradient(x: Float, y: Float, dy: Float) -> Float { dy }
    @inline(__always) func values(_ x: SIMD16<Float>) -> SIMD16<Float> { x }
    @inline(__always) func gradients(x: SIMD16<Float>, y: SIMD16<Float>, dy: SIMD16<Float>) -> SIMD16<Float> { dy }
}

/// relu: dx = dy · step(x), the gradient at exactly 0 being 0.
struct ReLUFunction: PointwiseFunction {
    var needsInput: Bool { false }
    @inline(__always) func value(_ x: Float) -> Float { ReLUKernel.apply(x) }
    /// From y: y > 0 exactly where x > 0 (and a NaN x gives y = 0, whose step is 0 as NaN's is).
    @inline(__always) func gradient(x: Float, y: Float, dy: Float) -> Float { dy * StepKernel.apply(y) }
    /// `x > 0 ? x : 0` per lane (a NaN gives 0, as the scalar form).
    @inline(__always) func values(_ x: SIMD16<Float>) -> SIMD16<Float> {
        SIMD16<Float>.zero.replacing(with: x, where: x .> 0)
    }
    /// dy · (x > 0 ? 1 : 0): the product is kept (not a select of dy), so that 0 · ∞ is NaN as in the
    /// scalar form.
    @inline(__always) func gradients(x: SIMD16<Float>, y: SIMD16<Float>, dy: SIMD16<Float>) -> SIMD16<Float> {
        dy * SIMD16<Float>.zero.replacing(with: 1, where: y .> 0)
    }
}

struct LeakyReLUFunction: PointwiseFunction {
    let slope: Float
    @inline(__always) func value(_ x: Float) -> Float { x > 0 ? x : slope * x }
    @inline(__always) func gradient(x: Float, y: Float, dy: Float) -> Float { dy * (x > 0 ? 1 : slope) }
    @inline(__always) func values(_ x: SIMD16<Float>) -> SIMD16<Float> { (slope * x).replacing(with: x, where: x .> 0) }
    @inline(__always) func gradients(x: SIMD16<Float>, y: SIMD16<Float>, dy: SIMD16<Float>) -> SIMD16<Float> {
        dy * SIMD16<Float>(repeating: slope).replacing(with: 1, where: x .> 0)
    }
}

/// dσ = σ(1 − σ), from the output.
struct SigmoidFunction: PointwiseFunction {
    var needsInput: Bool { false }
    @inline(__always) func value(_ x: Float) -> Float { SigmoidKernel.apply(x) }
    @inline(__always) func gradient(x: Float, y: Float, dy: Float) -> Float { dy * y * (1 - y) }
    @inline(__always) func gradients(x: SIMD16<Float>, y: SIMD16<Float>, dy: SIMD16<Float>) -> SIMD16<Float> {
        dy * y * (1 - y)
    }
}

/// d tanh = 1 − tanh², from the output.
struct TanhFunction: PointwiseFunction {
    var needsInput: Bool { false }
    @inline(__always) func value(_ x: Float) -> Float { TanhKernel.apply(x) }
    @inline(__always) func gradient(x: Float, y: Float, dy: Float) -> Float { dy * (1 - y * y) }
    @inline(__always) func gradients(x: SIMD16<Float>, y: SIMD16<Float>, dy: SIMD16<Float>) -> SIMD16<Float> {
        dy * (1 - y * y)
    }
}
