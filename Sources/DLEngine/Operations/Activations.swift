/// The piecewise-linear activations, relu and leaky relu.
extension Tensor {
    /// max(x, 0). Its gradient is 1 where x > 0 and 0 elsewhere, including at 0 (the subgradient PyTorch
    /// uses; a formulation as `x * (x > 0)` differentiated by the product rule would give the same here,
    /// but `max(x, 0)` through `maximum` would send half the gradient to the constant at ties).
    public func relu() -> Tensor {
        let out = map(ReLUKernel.self)
        return Tensor.record(out, "relu", [self]) { g in [try g * self.map(StepKernel.self)] }
    }

    /// x where x > 0, else `slope · x` (PyTorch's default slope 0.01).
    public func leakyRelu(slope: Float = 0.01) -> Tensor {
        let out = make(mapping: { $0 > 0 ? $0 : slope * $0 })
        return Tensor.record(out, "leaky_relu", [self]) { g in
            [try g * self.make(mapping: { $0 > 0 ? 1 : slope })]
        }
    }

    /// Applies a closure to every element; for the few operations with a runtime parameter.
    func make(mapping transform: (Float) -> Float) -> Tensor {
        Tensor.make(sameCountAs: shape, count: count) { out in
            data.withUnsafeBufferPointer { x in
                for i in 0 ..< out.count { out[i] = transform(x[i]) }
            }
        }
    }
}

enum ReLUKernel: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { x > 0 ? x : 0 } }
/// The derivative of relu: 1 where x > 0.
enum StepKernel: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { x > 0 ? 1 : 0 } }
