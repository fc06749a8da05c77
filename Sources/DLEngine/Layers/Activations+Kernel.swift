/// The elementwise activations: each one's math once, as a ``PointwiseFunction``, run by
/// ``ElementwiseKernel`` for both the autodiff operations (`Tensor.activation`, in
/// `Operations/Activations.swift`) and the layers' training-step kernels below, so the two paths agree
/// to the bit by construction.
extension ReLU: BufferedLayer {
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        ElementwiseKernel(count: try Shape.elementCount(sampleShape), .relu)
    }
}

extension LeakyReLU: BufferedLayer {
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        ElementwiseKernel(count: try Shape.elementCount(sampleShape), .leakyReLU(slope))
    }
}

extension Sigmoid: BufferedLayer {
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        ElementwiseKernel(count: try Shape.elementCount(sampleShape), .sigmoid)
    }
}

extension Tanh: BufferedLayer {
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        ElementwiseKernel(count: try Shape.elementCount(sampleShape), .tanh)
    }
}

extension Flatten: BufferedLayer {
    /// Buffers are flat rows already: Flatten copies.
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        ElementwiseKernel(count: try Shape.elementCount(sampleShape), .identity)
    }
}

/// An elementwise function and its derivative, for ``ElementwiseKernel``'s loops (a protocol rather
/// than closures, so that each loop is specialized: a closure call per element cost more than the
/// spiral's matrix products).
protocol PointwiseFunction {
    func value(_ x: Float) -> Float
    /// dx from the input x, the output y and the output's gradient dy.
    func gradient(x: Float, y: Float, dy: Float) -> Float
    /// ``value(_:)`` on 16 lanes: the same bits lane by lane.
    func values(_ x: SIMD16<Float>) -> SIMD16<Float>
    /// ``gradient(x:y:dy:)`` on 16 lanes: the same bits lane by lane.
    func gradients(x: SIMD16<Float>, y: SIMD16<Float>, dy: SIMD16<Float>) -> SIMD16<Float>
}

extension PointwiseFunction {
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
    @inline(__always) func value(_ x: Float) -> Float { x }
    @inline(__always) func gradient(x: Float, y: Float, dy: Float) -> Float { dy }
    @inline(__always) func values(_ x: SIMD16<Float>) -> SIMD16<Float> { x }
    @inline(__always) func gradients(x: SIMD16<Float>, y: SIMD16<Float>, dy: SIMD16<Float>) -> SIMD16<Float> { dy }
}

/// relu: dx = dy · step(x), the gradient at exactly 0 being 0.
struct ReLUFunction: PointwiseFunction {
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
    @inline(__always) func value(_ x: Float) -> Float { SigmoidKernel.apply(x) }
    @inline(__always) func gradient(x: Float, y: Float, dy: Float) -> Float { dy * y * (1 - y) }
    @inline(__always) func gradients(x: SIMD16<Float>, y: SIMD16<Float>, dy: SIMD16<Float>) -> SIMD16<Float> {
        dy * y * (1 - y)
    }
}

/// d tanh = 1 − tanh², from the output.
struct TanhFunction: PointwiseFunction {
    @inline(__always) func value(_ x: Float) -> Float { TanhKernel.apply(x) }
    @inline(__always) func gradient(x: Float, y: Float, dy: Float) -> Float { dy * (1 - y * y) }
    @inline(__always) func gradients(x: SIMD16<Float>, y: SIMD16<Float>, dy: SIMD16<Float>) -> SIMD16<Float> {
        dy * (1 - y * y)
    }
}

/// y = f(x) element by element, dx = f'(x, y) · dy.
///
/// Not generic over the function: a generic class's methods, called through the `LayerKernel`
/// existential, run unspecialized (one protocol-witness call per element, measured at 15 % of the
/// spiral's step). The function is a value, and the loops are generic functions called from a switch
/// on it, so each loop is specialized and vectorized.
final class ElementwiseKernel: LayerKernel {
    enum Function {
        case relu, leakyReLU(Float), sigmoid, tanh, identity

        /// Whether the derivative needs the input x (the others take it from the output y).
        var needsInput: Bool {
            if case .leakyReLU = self { return true }
            return false
        }
    }

    let inputCount: Int
    var outputCount: Int { inputCount }
    private let function: Function

    init(count: Int, _ function: Function) {
        inputCount = count
        self.function = function
    }

    /// Large batches (the convolutions' feature maps, a wide layer's activations) are split between the
    /// matrix kernel's threads in runs of whole 16-float blocks (`ParallelLoop`); each element is still
    /// computed once by the same function, so the bits do not depend on the threads.
    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int) {
        Self.forward(function, x, y, total: batch * inputCount)
    }

    func backward(x: UnsafePointer<Float>, y: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                  dx: UnsafeMutablePointer<Float>?, batch: Int) {
        guard let dx else { return }
        Self.backward(function, x: x, y: y, dy: dy, dx: dx, total: batch * inputCount)
    }

    /// y = f(x) on `total` floats, split between threads when large (the autodiff operation and the
    /// layer kernel both run this).
    static func forward(_ function: Function, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, total count: Int) {
        ParallelLoop.forEach((count + 15) / 16, workPerItem: 16) { blocks in
            let start = blocks.lowerBound * 16, end = Swift.min(count, blocks.upperBound * 16)
            Self.forward(function, x + start, y + start, count: end - start)
        }
    }

    /// dx = f'(x, y) · dy on `total` floats, split between threads when large.
    static func backward(_ function: Function, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                         dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, total count: Int) {
        ParallelLoop.forEach((count + 15) / 16, workPerItem: 16) { blocks in
            let start = blocks.lowerBound * 16, end = Swift.min(count, blocks.upperBound * 16)
            Self.backward(function, x: x + start, y: y + start, dy: dy + start, dx: dx + start, count: end - start)
        }
    }

    /// y = f(x) on `count` consecutive floats.
    static func forward(_ function: Function, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        switch function {
        case .relu: Self.forward(ReLUFunction(), x, y, count)
        case .leakyReLU(let slope): Self.forward(LeakyReLUFunction(slope: slope), x, y, count)
        case .sigmoid: Self.forward(SigmoidFunction(), x, y, count)
        case .tanh: Self.forward(TanhFunction(), x, y, count)
        case .identity: y.update(from: x, count: count)
        }
    }

    /// dx = f'(x, y) · dy on `count` consecutive floats (`dx` may be `dy`: each element is read before
    /// it is written).
    static func backward(_ function: Function, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                         dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, count: Int) {
        switch function {
        case .relu: Self.backward(ReLUFunction(), x, y, dy, dx, count)
        case .leakyReLU(let slope): Self.backward(LeakyReLUFunction(slope: slope), x, y, dy, dx, count)
        case .sigmoid: Self.backward(SigmoidFunction(), x, y, dy, dx, count)
        case .tanh: Self.backward(TanhFunction(), x, y, dy, dx, count)
        case .identity: if UnsafePointer(dx) != dy { dx.update(from: dy, count: count) }
        }
    }

    @inline(__always)
    private static func forward<F: PointwiseFunction>(_ f: F, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                                                      _ count: Int) {
        for i in 0 ..< count { y[i] = f.value(x[i]) }
    }

    @inline(__always)
    private static func backward<F: PointwiseFunction>(_ f: F, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                                                       _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
                                                       _ count: Int) {
        for i in 0 ..< count { dx[i] = f.gradient(x: x[i], y: y[i], dy: dy[i]) }
    }
}
