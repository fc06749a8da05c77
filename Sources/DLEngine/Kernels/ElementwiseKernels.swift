#if canImport(Glibc)
import Glibc
#endif

/// A function of two floats applied elementwise; one type per operation so that the generic loops below
/// are specialized and inlined for each (no per-element closure calls).
protocol BinaryKernel { static func apply(_ a: Float, _ b: Float) -> Float }
/// A function of one float applied elementwise.
protocol UnaryKernel { static func apply(_ x: Float) -> Float }

enum AddKernel: BinaryKernel { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a + b } }
enum SubtractKernel: BinaryKernel { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a - b } }
enum MultiplyKernel: BinaryKernel { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a * b } }
enum DivideKernel: BinaryKernel { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a / b } }
enum PowerKernel: BinaryKernel { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { powf(a, b) } }
enum MaximumKernel: BinaryKernel { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a.isNaN || a >= b ? a : b } }
enum MinimumKernel: BinaryKernel { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a.isNaN || a <= b ? a : b } }
enum EqualKernel: BinaryKernel { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a == b ? 1 : 0 } }
enum NotEqualKernel: BinaryKernel { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a != b ? 1 : 0 } }
enum LessKernel: BinaryKernel { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a < b ? 1 : 0 } }
enum LessEqualKernel: BinaryKernel { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a <= b ? 1 : 0 } }
enum GreaterKernel: BinaryKernel { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a > b ? 1 : 0 } }
enum GreaterEqualKernel: BinaryKernel { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a >= b ? 1 : 0 } }

extension Tensor {
    /// Applies `K` elementwise with NumPy broadcasting. Same shapes and scalar operands take flat loops
    /// that the compiler vectorizes; other broadcasts go row by row through ``StridedLoop``.
    static func broadcastingMap<K: BinaryKernel>(_: K.Type, _ a: Tensor, _ b: Tensor, operation: String) throws -> Tensor {
        if a.shape == b.shape {
            return try makeChecked(sameCountAs: a.shape, count: a.count) { out in
                a.data.withUnsafeBufferPointer { x in
                    b.data.withUnsafeBufferPointer { y in
                        for i in 0 ..< out.count { out[i] = K.apply(x[i], y[i]) }
                    }
                }
            }
        }
        let shape = try Shape.broadcast(a.shape, b.shape, operation: operation)
        if b.count == 1 && shape == a.shape {
            let s = b.data[0]
            return try makeChecked(sameCountAs: shape, count: a.count) { out in
                a.data.withUnsafeBufferPointer { x in
                    for i in 0 ..< out.count { out[i] = K.apply(x[i], s) }
                }
            }
        }
        if a.count == 1 && shape == b.shape {
            let s = a.data[0]
            return try makeChecked(sameCountAs: shape, count: b.count) { out in
                b.data.withUnsafeBufferPointer { y in
                    for i in 0 ..< out.count { out[i] = K.apply(s, y[i]) }
                }
            }
        }
        let loop = StridedLoop(shape: shape, strides: [
            Shape.broadcastStrides(a.shape, to: shape), Shape.broadcastStrides(b.shape, to: shape),
        ])
        let inner = loop.rowLength
        let sa = loop.strides[0][loop.strides[0].count - 1], sb = loop.strides[1][loop.strides[1].count - 1]
        return try make(shape: shape) { out in
            guard let o = out.baseAddress else { return }
            a.data.withUnsafeBufferPointer { xb in
                b.data.withUnsafeBufferPointer { yb in
                    let x = xb.baseAddress!, y = yb.baseAddress!
                    loop.forEachRow { row, offsets in
                        let xr = x + offsets[0], yr = y + offsets[1], orow = o + row * inner
                        for i in 0 ..< inner { orow[i] = K.apply(xr[i * sa], yr[i * sb]) }
                    }
                }
            }
        }
    }

    /// Applies `K` to every element.
    /// - Throws: ``EngineError/allocationTooLarge(shape:limit:)`` when the memory left cannot hold the result.
    func map<K: UnaryKernel>(_: K.Type) throws -> Tensor {
        try Tensor.makeChecked(sameCountAs: shape, count: count) { out in
            data.withUnsafeBufferPointer { x in
                for i in 0 ..< out.count { out[i] = K.apply(x[i]) }
            }
        }
    }

    /// Sums this (broadcast) gradient down to `shape`, undoing a broadcast from `shape` to ``shape``:
    /// the backward pass of every broadcasting operation.
    func sumToShape(_ target: [Int]) throws -> Tensor {
        if target == shape { return self }
        return try scatterAdd(into: target, strides: Shape.broadcastStrides(target, to: shape))
    }
}
