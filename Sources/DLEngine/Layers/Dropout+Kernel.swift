/// Dropout on buffers. The mask is drawn from the layer's own generator exactly as the autodiff path
/// draws it (``dropoutMask(shape:rate:using:)``: one `nextUnit()` per element in row-major order, kept
/// where it is ≥ rate), so both loops drop the same elements and leave the generator in the same state.
extension Dropout: BufferedLayer {
    public func makeKernel(sampleShape: [Int], batchCapacity: Int) throws -> (any LayerKernel)? {
        let count = try Shape.elementCount(sampleShape)
        return DropoutKernel(self, count: count, mask: try FloatBuffer(rows: batchCapacity, columns: count))
    }
}

/// Training: `y = x · mask`, `dx = dy · mask`, the mask 0 or 1/(1 − rate). Evaluation (or rate 0): the
/// identity, and no numbers drawn.
final class DropoutKernel: LayerKernel {
    let layer: Dropout
    let inputCount: Int
    var outputCount: Int { inputCount }
    private let mask: FloatBuffer
    /// Whether the last forward pass applied the mask (the backward pass must do what it did).
    private var masked = false

    init(_ layer: Dropout, count: Int, mask: FloatBuffer) {
        self.layer = layer
        inputCount = count
        self.mask = mask
    }

    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int) {
        let count = batch * inputCount
        masked = layer.isTraining && layer.rate > 0
        guard masked else { return y.update(from: x, count: count) }
        let m = mask.pointer, scale = 1 / (1 - layer.rate), threshold = Double(layer.rate)
        var generator = layer.generator
        for i in 0 ..< count { m[i] = generator.nextUnit() >= threshold ? scale : 0 }
        layer.generator = generator
        for i in 0 ..< count { y[i] = x[i] * m[i] }
    }

    func backward(x: UnsafePointer<Float>, y: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                  dx: UnsafeMutablePointer<Float>?, batch: Int) {
        guard let dx else { return }
        let count = batch * inputCount
        guard masked else { return dx.update(from: dy, count: count) }
        let m = mask.pointer
        for i in 0 ..< count { dx[i] = dy[i] * m[i] }
    }
}
