/// MaxPool2D and AvgPool2D on buffers: the loops of ``Tensor/maxPool2d(kernelSize:stride:padding:)`` and
/// ``Tensor/avgPool2d(kernelSize:stride:padding:)`` (``PoolingPasses``), so both training loops agree to
/// the bit.
extension MaxPool2D: BufferedLayer {
    /// - Throws: the layer's shape errors for `sampleShape`, or
    ///   ``EngineError/allocationTooLarge(shape:limit:)`` for the winners' buffer.
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        try PoolingKernel(self, maximum: true, kernelSize: kernelSize, stride: stride, padding: padding,
                          sampleShape: sampleShape, batchCapacity: batchCapacity)
    }
}

extension AvgPool2D: BufferedLayer {
    /// - Throws: the layer's shape errors for `sampleShape`.
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        try PoolingKernel(self, maximum: false, kernelSize: kernelSize, stride: stride, padding: padding,
                          sampleShape: sampleShape, batchCapacity: batchCapacity)
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

    /// - Throws: the layer's shape errors for `sampleShape`, or an allocation error for the winners.
    init(_ layer: any Layer, maximum: Bool, kernelSize: Int, stride: Int, padding: Int, sampleShape: [Int],
         batchCapacity: Int) throws {
        let output = try layer.outputShape(for: sampleShape)
        window = try SlidingWindow(operation: layer.description, input: [batchCapacity] + sampleShape,
                                   kernelHeight: kernelSize, kernelWidth: kernelSize, stride: stride,
                                   padding: padding, dilation: 1)
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
