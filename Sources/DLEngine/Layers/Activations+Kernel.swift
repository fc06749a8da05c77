/// The elementwise activation layers and Flatten on buffers. Each backward pass computes what the
/// autodiff operation's closure computes (in `Operations/Activations.swift` and `Math.swift`), in the
/// same order of float operations, so the two loops agree to the bit here.
extension ReLU: BufferedLayer {
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        ElementwiseKernel(count: try Shape.elementCount(sampleShape), ReLUFunction())
    }
}

extension LeakyReLU: BufferedLayer {
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        ElementwiseKernel(count: try Shape.elementCount(sampleShape), LeakyReLUFunction(slope: slope))
    }
}

extension Sigmoid: BufferedLayer {
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        ElementwiseKernel(count: try Shape.elementCount(sampleShape), SigmoidFunction())
    }
}

extension Tanh: BufferedLayer {
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        ElementwiseKernel(count: try Shape.elementCount(sampleShape), TanhFunction())
    }
}

extension Flatten: BufferedLayer {
    /// Buffers are flat rows already: Flatten copies.
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        ElementwiseKernel(count: try Shape.elementCount(sampleShape), IdentityFunction())
    }
}

/// An elementwise function and its derivative, for ``ElementwiseKernel``. A protocol rather than
/// closures so that the kernel is specialized and the loops vectorize (a closure call per element cost
/// more than the spiral's whole matrix products).
protocol PointwiseFunction {
    func value(_ x: Float) -> Float
    /// dx from the input x, the output y and the output's gradient dy.
    func gradient(x: Float, y: Float, dy: Float) -> Float
}

/// relu: dx = dy · step(x), the gradient at exactly 0 being 0.
struct ReLUFunction: PointwiseFunction {
    @inline(__always) func value(_ x: Float) -> Float { ReLUKernel.apply(x) }
    @inline(__always) func gradient(x: Float, y: Float, dy: Float) -> Float { dy * StepKernel.apply(x) }
}

struct LeakyReLUFunction: PointwiseFunction {
    let slope: Float
    @inline(__always) func value(_ x: Float) -> Float { x > 0 ? x : slope * x }
    @inline(__always) func gradient(x: Float, y: Float, dy: Float) -> Float { dy * (x > 0 ? 1 : slope) }
}

/// dσ = σ(1 − σ), from the output.
struct SigmoidFunction: PointwiseFunction {
    @inline(__always) func value(_ x: Float) -> Float { SigmoidKernel.apply(x) }
    @inline(__always) func gradient(x: Float, y: Float, dy: Float) -> Float { dy * y * (1 - y) }
}

/// d tanh = 1 − tanh², from the output.
struct TanhFunction: PointwiseFunction {
    @inline(__always) func value(_ x: Float) -> Float { TanhKernel.apply(x) }
    @inline(__always) func gradient(x: Float, y: Float, dy: Float) -> Float { dy * (1 - y * y) }
}

struct IdentityFunction: PointwiseFunction {
    @inline(__always) func value(_ x: Float) -> Float { x }
    @inline(__always) func gradient(x: Float, y: Float, dy: Float) -> Float { dy }
}

/// y = f(x) element by element, dx = f'(x, y) · dy.
final class ElementwiseKernel<F: PointwiseFunction>: LayerKernel {
    let inputCount: Int
    var outputCount: Int { inputCount }
    private let function: F

    init(count: Int, _ function: F) {
        inputCount = count
        self.function = function
    }

    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int) {
        for i in 0 ..< batch * inputCount { y[i] = function.value(x[i]) }
    }

    func backward(x: UnsafePointer<Float>, y: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                  dx: UnsafeMutablePointer<Float>?, batch: Int) {
        guard let dx else { return }
        for i in 0 ..< batch * inputCount { dx[i] = function.gradient(x: x[i], y: y[i], dy: dy[i]) }
    }
}
