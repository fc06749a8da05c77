/// The built-in activations as ``PointwiseLayer``s: each names its ``PointwiseFunction``
/// (`PointwiseFunction.swift`), and the autodiff operation, the layer kernel and the fused dense step all
/// run it, so the paths agree to the bit by construction.
extension ReLU: PointwiseLayer, BufferedLayer {
    var function: ReLUFunction { ReLUFunction() }
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        PointwiseKernel(count: try Shape.elementCount(sampleShape), function)
    }
}

extension LeakyReLU: PointwiseLayer, BufferedLayer {
    var function: LeakyReLUFunction { LeakyReLUFunction(slope: slope) }
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        PointwiseKernel(count: try Shape.elementCount(sampleShape), function)
    }
}

extension Sigmoid: PointwiseLayer, BufferedLayer {
    var function: SigmoidFunction { SigmoidFunction() }
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        PointwiseKernel(count: try Shape.elementCount(sampleShape), function)
    }
}

extension Tanh: PointwiseLayer, BufferedLayer {
    var function: TanhFunction { TanhFunction() }
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        PointwiseKernel(count: try Shape.elementCount(sampleShape), function)
    }
}

extension Flatten: BufferedLayer {
    /// Buffers are flat rows already: Flatten copies.
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        PointwiseKernel(count: try Shape.elementCount(sampleShape), IdentityFunction())
    }
}
