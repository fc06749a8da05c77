/// An n-dimensional array of `Float`, row-major and contiguous, that can take part in reverse-mode
/// automatic differentiation.
///
/// A tensor is a reference type, like PyTorch's: a parameter keeps its identity while an optimizer updates it
/// in place and while autodiff accumulates its ``grad``. A tensor that ``requiresGrad`` and was made by an
/// operation remembers that operation (its gradient function), so ``backward(_:)`` can walk back to the
/// leaves.
///
/// Shape `[]` is a scalar (one element). Class labels are not tensors but `[Int]` arrays.
public final class Tensor {
    /// Sizes of the axes, outermost first.
    public let shape: [Int]
    /// The elements in row-major order; `data.count` is the product of `shape`.
    public internal(set) var data: [Float]
    /// Whether gradients flow to this tensor. Set on leaves (parameters); results of operations on such
    /// tensors require a gradient too while recording is on.
    public var requiresGrad: Bool
    /// The accumulated gradient, same shape as the tensor; `nil` until a backward pass reaches it.
    public var grad: Tensor?
    /// How this tensor was computed, when it was computed under gradient recording from tensors that
    /// require a gradient; `nil` for leaves.
    var gradFunction: GradientFunction?

    /// Wraps `data` with `shape` without checks; callers guarantee `data.count == product(shape)`.
    init(uncheckedShape shape: [Int], data: [Float], requiresGrad: Bool = false) {
        self.shape = shape
        self.data = data
        self.requiresGrad = requiresGrad
    }

    /// A tensor of the given shape holding `data` in row-major order.
    /// - Throws: ``EngineError/invalidArgument(_:)`` when the counts differ or a size is negative.
    public convenience init(shape: [Int], data: [Float], requiresGrad: Bool = false) throws {
        let count = try Shape.elementCount(shape)
        guard count == data.count else {
            throw EngineError.invalidArgument(
                "\(data.count) values cannot fill a tensor of shape \(EngineError.format(shape)) (\(count) elements)")
        }
        self.init(uncheckedShape: shape, data: data, requiresGrad: requiresGrad)
    }

    /// A scalar (shape `[]`).
    public convenience init(_ value: Float, requiresGrad: Bool = false) {
        self.init(uncheckedShape: [], data: [value], requiresGrad: requiresGrad)
    }

    /// A vector (shape `[n]`).
    public convenience init(_ values: [Float], requiresGrad: Bool = false) {
        self.init(uncheckedShape: [values.count], data: values, requiresGrad: requiresGrad)
    }

    /// A matrix from its rows. - Throws: when the rows differ in length.
    public convenience init(_ rows: [[Float]], requiresGrad: Bool = false) throws {
        let columns = rows.first?.count ?? 0
        guard rows.allSatisfy({ $0.count == columns }) else {
            throw EngineError.invalidArgument("rows of a matrix must all have the same length")
        }
        self.init(uncheckedShape: [rows.count, columns], data: rows.flatMap { $0 }, requiresGrad: requiresGrad)
    }

    /// Takes the graph behind this tensor apart iteratively. Released recursively, a chain of 50,000
    /// operations (a long loop at the prompt) would overflow the stack: each tensor's release would release
    /// its gradient function, whose release would release the next tensor, and so on.
    deinit {
        guard let first = gradFunction else { return }
        gradFunction = nil
        var pending = [first]
        while let function = pending.popLast() {
            var inputs = function.inputs
            function.inputs = []
            function.backward = { _ in [] }  // drops the closure's references to the inputs
            for i in inputs.indices where isKnownUniquelyReferenced(&inputs[i]) {
                if let next = inputs[i].gradFunction {
                    inputs[i].gradFunction = nil
                    pending.append(next)
                }
            }
        }
    }

    /// The number of axes.
    public var rank: Int { shape.count }
    /// The number of elements.
    public var count: Int { data.count }
    /// Whether this is a leaf of the autodiff graph (made by the user, not by an operation).
    public var isLeaf: Bool { gradFunction == nil }
    /// The name of the operation that made this tensor, e.g. `"matmul"`, or `nil` for a leaf.
    public var operationName: String? { gradFunction?.name }

    /// The single value of a one-element tensor. - Throws: when the tensor has more than one element.
    public func item() throws -> Float {
        guard data.count == 1 else {
            throw EngineError.invalidArgument(
                "only a one-element tensor can be read as a number; this one has shape \(EngineError.format(shape))")
        }
        return data[0]
    }

    /// A new leaf holding a copy of the values, cut off from the autodiff graph.
    public func detached() -> Tensor {
        Tensor(uncheckedShape: shape, data: data)
    }

    /// Replaces the values in place (an optimizer step, loading weights). The shape stays.
    /// - Throws: when `values.count` differs from ``count``.
    public func assign(_ values: [Float]) throws {
        guard values.count == data.count else {
            throw EngineError.invalidArgument(
                "cannot assign \(values.count) values to a tensor of shape \(EngineError.format(shape))")
        }
        data = values
    }

    /// Gives `body` mutable access to the elements, for in-place updates such as optimizer steps.
    public func withUnsafeMutableBufferPointer<R>(_ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try data.withUnsafeMutableBufferPointer(body)
    }

    /// Sets ``grad`` to `nil` (PyTorch's `zero_grad(set_to_none=True)`); the next backward pass starts afresh.
    public func zeroGrad() {
        grad = nil
    }
}

extension Tensor {
    /// Allocates an output whose elements `body` writes; `body` must write all `count` elements.
    /// - Throws: ``EngineError/allocationTooLarge(shape:limit:)`` before allocating too much.
    static func make(shape: [Int], _ body: (UnsafeMutableBufferPointer<Float>) throws -> Void) throws -> Tensor {
        let count = try Shape.elementCount(shape)
        let data = try [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            try body(buffer)
            initialized = count
        }
        return Tensor(uncheckedShape: shape, data: data)
    }

    /// Like ``make(sameCountAs:count:_:)``, checked against the memory available first
    /// (``MemoryBudget``): a tensor as large as an existing one is within the size limits, but a second
    /// copy of one that fills half the memory is not within the memory (`(rand 1e9 1) > 0.9` under a
    /// 4 GB limit ended the process when the comparison's result could not be allocated).
    /// - Throws: ``EngineError/allocationTooLarge(shape:limit:)``.
    static func makeChecked(sameCountAs shape: [Int], count: Int, _ body: (UnsafeMutableBufferPointer<Float>) -> Void) throws -> Tensor {
        try MemoryBudget.check(bytes: count * MemoryLayout<Float>.stride, shape: shape)
        return make(sameCountAs: shape, count: count, body)
    }

    /// Like ``make(shape:_:)`` for a shape known to be allocatable (the same count as an existing tensor),
    /// without the memory check: for the callers that cannot throw (unary math, activations, gradients).
    static func make(sameCountAs shape: [Int], count: Int, _ body: (UnsafeMutableBufferPointer<Float>) -> Void) -> Tensor {
        let data = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            body(buffer)
            initialized = count
        }
        return Tensor(uncheckedShape: shape, data: data)
    }
}
