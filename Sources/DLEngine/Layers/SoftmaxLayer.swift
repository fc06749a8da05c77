/// Softmax along an axis: `e^x / Σ e^x`, computed stably (each slice's maximum subtracted first).
///
/// Shapes: any input with at least one axis; the output has the same shape. `axis` counts the batch axis
/// (as PyTorch's `dim` does): the default −1 normalizes each sample's last axis, so a `[N, C]` batch of
/// scores becomes `N` probability vectors. No parameters.
///
/// Edge case: for training a classifier, do not end the model with this layer and use
/// ``SoftmaxCrossEntropy``, which applies softmax itself (on logits, fused and stable).
public final class Softmax: Layer {
    /// The axis normalized over, counting the batch axis; negative counts from the end.
    public let axis: Int
    public var isTraining = true

    public init(axis: Int = -1) {
        self.axis = axis
    }

    public var name: String { "Softmax" }
    /// `Softmax(axis=-1)`.
    public var description: String { "Softmax(axis=\(axis))" }

    /// - Throws: ``EngineError/invalidArgument(_:)`` when `axis` is out of range for the input's rank.
    public func callAsFunction(_ input: Tensor) throws -> Tensor { try input.softmax(axis: axis) }

    /// The same shape. - Throws: when `axis` is out of range for a batch of such samples.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        _ = try Shape.normalize(axis: axis, rank: inputShape.count + 1)
        return inputShape
    }
}

extension Softmax: RegisteredLayer {
    public static let registration = LayerRegistration(
        name: "softmax", tag: "Softmax", summary: "e^x / sum(e^x) along an axis (default the last).",
        parameters: [.keyword("axis", .integer, default: .integer(-1))], isActivation: true
    ) { a, _ in Softmax(axis: try a.integer("axis")) }

    public var configuration: Arguments { Arguments(["axis": .integer(axis)]) }
}

extension Softmax: BufferedLayer {
    /// Along an axis of the sample (not the batch axis, whose slices would mix the samples of a batch).
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        let rank = sampleShape.count + 1
        let axis = try Shape.normalize(axis: self.axis, rank: rank)
        guard axis >= 1 else { return nil }
        let before = try Shape.elementCount(Array(sampleShape[..<(axis - 1)]))
        let after = try Shape.elementCount(Array(sampleShape[axis...]))
        return SoftmaxKernel(count: try Shape.elementCount(sampleShape), before: before, size: sampleShape[axis - 1],
                             inner: after)
    }
}

/// The Softmax layer on buffers: the autodiff operation's own slice loops
/// (``Tensor/normalizedExponential(_:_:outer:size:inner:logarithm:)`` and ``Tensor/softmaxBackward``).
final class SoftmaxKernel: LayerKernel {
    let inputCount: Int
    var outputCount: Int { inputCount }
    /// Per sample: slices before the axis, the axis's length, and the elements after it.
    let before: Int, size: Int, inner: Int

    init(count: Int, before: Int, size: Int, inner: Int) {
        (inputCount, self.before, self.size, self.inner) = (count, before, size, inner)
    }

    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int) {
        Tensor.normalizedExponential(x, y, outer: batch * before, size: size, inner: inner, logarithm: false)
    }

    func backward(x: UnsafePointer<Float>, y: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                  dx: UnsafeMutablePointer<Float>?, batch: Int) {
        guard let dx else { return }
        Tensor.softmaxBackward(y: y, dy: dy, dx: dx, outer: batch * before, size: size, inner: inner)
    }
}
