/// A layer that can also run on preallocated buffers, without the autodiff graph: the Caffe-style
/// forward/backward pair that ``Sequential``'s fast training and prediction loops use.
///
/// When every layer of a model conforms (and the loss is a ``BufferedLoss``), `fit` runs each step on
/// buffers allocated once per fit: no graph, no tensor per operation, no allocation per step. Layers that
/// do not conform (Softmax, DropConnect, custom layers) make the model take the autodiff loop, which gives
/// the same results up to rounding.
public protocol BufferedLayer: Layer {
    /// A kernel for batches of up to `batchCapacity` samples of `sampleShape` (batch axis left out), or
    /// `nil` when this configuration cannot run on buffers (the autodiff loop is used instead).
    /// - Throws: ``EngineError/allocationTooLarge(shape:limit:)`` before allocating too much, or a shape
    ///   mismatch for a sample shape the layer cannot take.
    func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)?
}

/// One layer's forward and backward passes on raw row-major buffers of `batch` samples.
///
/// Buffers: `x` holds `batch · inputCount` floats, `y` `batch · outputCount`; `dy` is ∂loss/∂y (the
/// batch mean already folded in by the loss) and `dx` receives ∂loss/∂x (`nil` for the model's first
/// layer, whose input gradient nobody needs). The kernel writes its parameters' gradients into each
/// parameter's ``Tensor/grad``, replacing (not adding to) the previous values, so the optimizers'
/// `step(_:)` works unchanged. `batch` never exceeds the capacity the kernel was made for; buffers never
/// overlap.
public protocol LayerKernel: AnyObject {
    /// Floats per input sample.
    var inputCount: Int { get }
    /// Floats per output sample.
    var outputCount: Int { get }
    /// y = f(x). Reads the layer's training mode (Dropout draws a mask only in training).
    /// - Throws: what the layer's autodiff form throws for such a batch (BatchNorm1d in training: a
    ///   batch of one sample).
    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int) throws
    /// dx = (∂y/∂x)ᵀ · dy and the parameter gradients, from the forward pass's `x` and `y` of the same batch.
    func backward(x: UnsafePointer<Float>, y: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                  dx: UnsafeMutablePointer<Float>?, batch: Int)
}

/// Floats allocated once and freed with their owner: the activations and gradients of a buffered model.
final class FloatBuffer {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    /// Zero-filled `rows × columns` floats, aligned to a cache line (64 bytes: a 16-float vector load
    /// or store of an aligned row then never straddles two lines).
    /// - Throws: ``EngineError/allocationTooLarge(shape:limit:)`` for more than the engine allows.
    init(rows: Int, columns: Int) throws {
        count = try Shape.elementCount([rows, columns])
        let raw = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1) * MemoryLayout<Float>.stride,
                                                   alignment: 64)
        pointer = raw.bindMemory(to: Float.self, capacity: Swift.max(count, 1))
        pointer.initialize(repeating: 0, count: Swift.max(count, 1))
    }

    deinit { pointer.deallocate() }
}

extension Tensor {
    /// A zero gradient of this tensor's shape for a buffered kernel to write into: the existing one when
    /// it has the right shape and is not shared with anything else, else a fresh one (the previous
    /// ``grad`` may be held by a caller, who must not see it change).
    func ownGradient() -> Tensor {
        if grad == nil || grad!.shape != shape || !isKnownUniquelyReferenced(&grad!) {
            grad = Tensor(uncheckedShape: shape, data: [Float](repeating: 0, count: count))
        }
        return grad!
    }

    /// Runs `body` on the elements of ``grad`` (made by ``ownGradient()`` when missing or shared).
    @inline(__always)
    func withGradient<R>(_ body: (UnsafeMutablePointer<Float>) -> R) -> R {
        let g = ownGradient()
        return g.data.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }

    /// Runs `body` on the elements (read-only use by kernels; no copy).
    @inline(__always)
    func withValues<R>(_ body: (UnsafePointer<Float>) throws -> R) rethrows -> R {
        try data.withUnsafeBufferPointer { try body($0.baseAddress!) }
    }
}
