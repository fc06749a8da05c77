/// MaxPool2D and AvgPool2D on buffers: the loops of ``Tensor/maxPool2d(kernelSize:stride:padding:)`` and
/// ``Tensor/avgPool2d(kernelSize:stride:padding:)`` (``PoolingPasses``), so both training loops agree to
/// the bit.
extension MaxPool2D: BufferedLayer {
    /// - Throws: the layer's shape errors for `sampleShape`, or
    ///   ``EngineError/allocationTooLarge(shape:limit:)`` for the winners' buffer.
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        try PoolingKernel(self, maximum: true, sampleShape: sampleShape, batchCapacity: batchCapacity)
    }
}

extension AvgPool2D: BufferedLayer {
    /// - Throws: the layer's shape errors for `sampleShape`.
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        try PoolingKernel(self, maximum: false, sampleShape: sampleShape, batchCapacity: batchCapacity)
    }
}

/// Max pooling (forward: each window's maximum, its index kept in `winners`; backward: the gradient
/// to that index) or average pooling (forward: each window's mean over `k²`; backward: the gradient
/// over `k²` to every real element of the window), on `[C, H, W]` samples.
final class PoolingKernel: LayerKernel {
    /// The window over a full batch (`capacity` samples).
    private let window: SlidingWindow
    let inputCount: Int
    let outputCount: Int
    /// For max pooling, `capacity × outputCount` indices into the batch's input, written by the forward
    /// pass and read by the backward pass of the same batch; `nil` for average pooling.
    private let winners: UnsafeMutablePointer<Int>?

    init(_ layer: any Layer, maximum: Bool, sampleShape: [Int], batchCapacity: Int) throws {
        let output = try layer.outputShape(for: sampleShape)
        let kernel = (layer as? MaxPool2D)?.kernelSize ?? (layer as? AvgPool2D)?.kernelSize ?? 1
        let stride = (layer as? MaxPool2D)?.stride ?? (layer as? AvgPool2D)?.stride ?? 1
        let padding = (layer as? MaxPool2D)?.padding ?? (layer as? AvgPool2D)?.padding ?? 0
        window = try SlidingWindow(operation: layer.description, input: [batchCapacity] + sampleShape,
                                   kernelHeight: kernel, kernelWidth: kernel, stride: stride, padding: padding,
                                   dilation: 1)
        inputCount = try Shape.elementCount(sampleShape)
        outputCount = try Shape.elementCount(output)
        if maximum {
            let count = try Shape.elementCount([batchCapacity, outputCount])
            winners = .allocate(capacity: Swift.max(count, 1))
            winners!.initialize(repeating: 0, count: Swift.max(count, 1))
        } else {
            winners = nil
        }
    }

    deinit { winners?.deallocate() }

    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int) {
        let window = SlidingWindow(window, batch: batch)
        if let winners {
            PoolingPasses.maxForward(x, window, into: y, winners: winners)
        } else {
            PoolingPasses.averageForward(x, window, into: y)
        }
    }

    func backward(x: UnsafePointer<Float>, y: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                  dx: UnsafeMutablePointer<Float>?, batch: Int) {
        guard let dx else { return }
        let window = SlidingWindow(window, batch: batch)
        if let winners {
            PoolingPasses.maxBackward(dy, winners: winners, window, into: dx)
        } else {
            PoolingPasses.averageBackward(dy, window, into: dx)
        }
    }
}
