/// The piecewise-linear activations, relu and leaky relu.
extension Tensor {
    /// max(x, 0). Its gradient is 1 where x > 0 and 0 elsewhere, including at 0 (the subgradient PyTorch
    /// uses; a formulation as `x * (x > 0)` differentiated by the product rule would give the same here,
    /// but `max(x, 0)` through `maximum` would send half the gradient to the constant at ties).
    public func relu() -> Tensor { activation(.relu, "relu") }

    /// x where x > 0, else `slope · x` (PyTorch's default slope 0.01).
    public func leakyRelu(slope: Float = 0.01) -> Tensor { activation(.leakyReLU(slope), "leaky_relu") }

    /// An elementwise activation as one autodiff node whose forward and backward passes are the training
    /// step's own loops (``ElementwiseKernel/forward(_:_:_:total:)`` and its backward): each activation's
    /// math is written once, as a ``PointwiseFunction``, and both paths compute the same bits.
    func activation(_ function: ElementwiseKernel.Function, _ name: String) -> Tensor {
        let x = self
        guard count > 0 else { return Tensor.record(Tensor(uncheckedShape: shape, data: []), name, [self]) { g in [g] } }
        let out = Tensor.make(sameCountAs: shape, count: count) { y in
            x.withValues { ElementwiseKernel.forward(function, $0, y.baseAddress!, total: y.count) }
        }
        let y = out.detached()
        return Tensor.record(out, name, [self]) { g in
            [Tensor.make(sameCountAs: x.shape, count: x.count) { dx in
                x.withValues { xv in
                    y.withValues { yv in
                        g.withValues { gv in
                            ElementwiseKernel.backward(function, x: xv, y: yv, dy: gv, dx: dx.baseAddress!, total: dx.count)
                        }
                    }
                }
            }]
        }
    }
}

enum ReLUKernel: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { x > 0 ? x : 0 } }
/// The derivative of relu: 1 where x > 0.
enum StepKernel: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { x > 0 ? 1 : 0 } }
