/// The two forms of an elementwise activation defined by one ``PointwiseFunction``: the autodiff
/// operation (``Tensor/applying(_:operation:)``) and the buffered kernel (``PointwiseKernel``) run the
/// same `value` and `gradient` element by element, so the two training steps agree to the bit. A new
/// activation writes its function (forward and backward side by side) and gets both.
extension Tensor {
    /// y = f(x) elementwise, recorded with dx = f'(x, y) · dy.
    func applying<F: PointwiseFunction>(_ f: F, operation: String) -> Tensor {
        let out = Tensor.make(sameCountAs: shape, count: count) { y in
            data.withUnsafeBufferPointer { x in for i in 0 ..< y.count { y[i] = f.value(x[i]) } }
        }
        // The output detached: the closure lives on `out` itself, and holding `out` would be a cycle
        // (the fuzzer's leak check found it).
        let output = out.detached()
        return Tensor.record(out, operation, [self]) { g in
            let dx = Tensor.make(sameCountAs: self.shape, count: self.count) { dx in
                self.data.withUnsafeBufferPointer { x in
                    output.data.withUnsafeBufferPointer { y in
                        g.data.withUnsafeBufferPointer { dy in
                            for i in 0 ..< dx.count { dx[i] = f.gradient(x: x[i], y: y[i], dy: dy[i]) }
                        }
                    }
                }
            }
            return [dx]
        }
    }
}

/// y = f(x) on buffers, dx = f'(x, y) · dy, for any ``PointwiseFunction``.
///
/// Not generic itself (a generic class's methods called through the `LayerKernel` existential run
/// unspecialized, one witness call per element): the generic initializer captures the function in two
/// loops that the compiler specializes for it where the kernel is made.
final class PointwiseKernel: LayerKernel {
    typealias Loop = (UnsafePointer<Float>, UnsafePointer<Float>?, UnsafePointer<Float>?, UnsafeMutablePointer<Float>, Int) -> Void

    let inputCount: Int
    var outputCount: Int { inputCount }
    private let forwardLoop: Loop
    private let backwardLoop: Loop

    init<F: PointwiseFunction>(count: Int, _ f: F) {
        inputCount = count
        forwardLoop = { x, _, _, y, n in for i in 0 ..< n { y[i] = f.value(x[i]) } }
        backwardLoop = { x, y, dy, dx, n in
            guard let y, let dy else { return }
            for i in 0 ..< n { dx[i] = f.gradient(x: x[i], y: y[i], dy: dy[i]) }
        }
    }

    /// Split between the matrix kernel's threads in runs of whole 16-float blocks, as
    /// ``ElementwiseKernel``; each element is computed once by the same function whatever the threads.
    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int) {
        let count = batch * inputCount, loop = forwardLoop
        ParallelLoop.forEach((count + 15) / 16, workPerItem: 16) { blocks in
            let start = blocks.lowerBound * 16, end = Swift.min(count, blocks.upperBound * 16)
            loop(x + start, nil, nil, y + start, end - start)
        }
    }

    func backward(x: UnsafePointer<Float>, y: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                  dx: UnsafeMutablePointer<Float>?, batch: Int) {
        guard let dx else { return }
        let count = batch * inputCount, loop = backwardLoop
        ParallelLoop.forEach((count + 15) / 16, workPerItem: 16) { blocks in
            let start = blocks.lowerBound * 16, end = Swift.min(count, blocks.upperBound * 16)
            loop(x + start, y + start, dy + start, dx + start, end - start)
        }
    }
}
