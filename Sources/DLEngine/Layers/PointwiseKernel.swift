/// The three forms of an elementwise activation defined by one ``PointwiseFunction``: the autodiff
/// operation (``Tensor/applying(_:operation:)``), the layer kernel (``PointwiseKernel``) and, for a
/// ``PointwiseLayer`` after a Linear layer, the fused dense step's passes (``FusedActivation``). All run
/// the same `value` and `gradient` element by element, so the training steps agree to the bit. A new
/// activation writes its function (forward and backward side by side) and its layer, and gets all three.
extension Tensor {
    /// y = f(x) elementwise, recorded with dx = f'(x, y) · dy; the loops are ``PointwiseKernel``'s.
    /// - Throws: ``EngineError/allocationTooLarge(shape:limit:)`` when the memory left cannot hold y.
    func applying<F: PointwiseFunction>(_ f: F, operation: String) throws -> Tensor {
        let x = self
        guard count > 0 else { return Tensor.record(Tensor(uncheckedShape: shape, data: []), operation, [self]) { g in [g] } }
        let out = try Tensor.makeChecked(sameCountAs: shape, count: count) { y in
            x.withValues { PointwiseKernel.forward(f, $0, y.baseAddress!, total: y.count) }
        }
        // The output detached: the closure lives on `out` itself, and holding `out` would be a cycle
        // (the fuzzer's leak check found it).
        let y = out.detached()
        return Tensor.record(out, operation, [self]) { g in
            [try Tensor.makeChecked(sameCountAs: x.shape, count: x.count) { dx in
                x.withValues { xv in
                    y.withValues { yv in
                        g.withValues { gv in
                            PointwiseKernel.backward(f, x: xv, y: yv, dy: gv, dx: dx.baseAddress!, total: dx.count)
                        }
                    }
                }
            }]
        }
    }
}

/// A layer that applies one ``PointwiseFunction`` elementwise. The fused dense step asks for
/// ``fusedActivation`` instead of switching on layer types; the requirement's default implementation is
/// compiled once per conforming layer, for its own function.
protocol PointwiseLayer: Layer {
    associatedtype Function: PointwiseFunction
    var function: Function { get }
    /// The fused dense step's passes for ``function``.
    var fusedActivation: FusedActivation { get }
}

extension PointwiseLayer {
    var fusedActivation: FusedActivation { FusedActivation(function) }
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
        forwardLoop = { x, _, _, y, n in Self.forward(f, x, y, count: n) }
        backwardLoop = { x, y, dy, dx, n in
            guard let y, let dy else { return }
            Self.backward(f, x: x, y: y, dy: dy, dx: dx, count: n)
        }
    }

    /// Large batches (the convolutions' feature maps, a wide layer's activations) are split between the
    /// matrix kernel's threads in runs of whole 16-float blocks (`ParallelLoop`); each element is still
    /// computed once by the same function, so the bits do not depend on the threads.
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

    /// y = f(x) on `total` floats, split between threads when large (the autodiff operation's loop).
    static func forward<F: PointwiseFunction>(_ f: F, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                                              total count: Int) {
        ParallelLoop.forEach((count + 15) / 16, workPerItem: 16) { blocks in
            let start = blocks.lowerBound * 16, end = Swift.min(count, blocks.upperBound * 16)
            Self.forward(f, x + start, y + start, count: end - start)
        }
    }

    /// dx = f'(x, y) · dy on `total` floats, split between threads when large.
    static func backward<F: PointwiseFunction>(_ f: F, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                                               dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, total count: Int) {
        ParallelLoop.forEach((count + 15) / 16, workPerItem: 16) { blocks in
            let start = blocks.lowerBound * 16, end = Swift.min(count, blocks.upperBound * 16)
            Self.backward(f, x: x + start, y: y + start, dy: dy + start, dx: dx + start, count: end - start)
        }
    }

    /// y = f(x) on `count` consecutive floats (the identity copies).
    @inline(__always)
    static func forward<F: PointwiseFunction>(_ f: F, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                                              count: Int) {
        if F.self == IdentityFunction.self { y.update(from: x, count: count); return }
        for i in 0 ..< count { y[i] = f.value(x[i]) }
    }

    /// dx = f'(x, y) · dy on `count` consecutive floats (`dx` may be `dy`: each element is read before it
    /// is written).
    @inline(__always)
    static func backward<F: PointwiseFunction>(_ f: F, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                                               dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, count: Int) {
        if F.self == IdentityFunction.self {
            if UnsafePointer(dx) != dy { dx.update(from: dy, count: count) }
            return
        }
        for i in 0 ..< count { dx[i] = f.gradient(x: x[i], y: y[i], dy: dy[i]) }
    }
}
