/// The piecewise-linear activations, relu and leaky relu.
extension Tensor {
    /// max(x, 0). Its gradient is 1 where x > 0 and 0 elsewhere, including at 0 (the subgradient PyTorch
    /// uses; a formulation as `x * (x > 0)` differentiated by the product rule would give the same here,
    /// but `max(x, 0)` through `maximum` would send half the gradient to the constant at ties).
    public func relu() throws -> Tensor { try applying(ReLUFunction(), operation: "relu") }

    /// x where x > 0, else `slope · x` (PyTorch's default slope 0.01).
    public func leakyRelu(slope: Float = 0.01) throws -> Tensor { try applying(LeakyReLUFunction(slope: slope), operation: "leaky_relu") }
}

enum ReLUKernel: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { x > 0 ? x : 0 } }
/// The derivative of relu: 1 where x > 0.
enum StepKernel: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { x > 0 ? 1 : 0 } }
