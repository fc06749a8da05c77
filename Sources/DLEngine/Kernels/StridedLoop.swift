/// Loops over the elements of a (broadcast) shape with up to two operands read through their own strides.
///
/// Broadcasting, transposition and slicing all come down to reading an operand with strides that differ
/// from the output's row-major ones (0 on a repeated axis). Adjacent axes that are contiguous for every
/// operand are merged first, so the innermost loop is as long as possible and most calls are one flat loop.
struct StridedLoop {
    /// Sizes of the merged axes.
    private(set) var shape: [Int]
    /// Per operand, its strides over the merged axes.
    private(set) var strides: [[Int]]

    /// - Parameters:
    ///   - shape: the shape iterated, outermost axis first.
    ///   - strides: for each operand, one stride per axis of `shape`.
    init(shape: [Int], strides: [[Int]]) {
        var mergedShape: [Int] = []
        var mergedStrides: [[Int]] = Array(repeating: [], count: strides.count)
        for axis in 0 ..< shape.count where shape[axis] != 1 {
            if let lastSize = mergedShape.last,
               strides.indices.allSatisfy({ mergedStrides[$0].last! == strides[$0][axis] * shape[axis] }) {
                mergedShape[mergedShape.count - 1] = lastSize * shape[axis]
                for op in strides.indices { mergedStrides[op][mergedStrides[op].count - 1] = strides[op][axis] }
            } else {
                mergedShape.append(shape[axis])
                for op in strides.indices { mergedStrides[op].append(strides[op][axis]) }
            }
        }
        if mergedShape.isEmpty {
            mergedShape = [1]
            mergedStrides = Array(repeating: [0], count: strides.count)
        }
        self.shape = mergedShape
        self.strides = mergedStrides
    }

    /// The length of the innermost loop.
    var rowLength: Int { shape[shape.count - 1] }

    /// Calls `body(row, offsets)` for every row (every position of the outer axes), in row-major order:
    /// `row` counts rows from 0 (the output offset is `row * rowLength` for a contiguous output), and
    /// `offsets[i]` is operand i's offset of the row's first element.
    @inline(__always)
    func forEachRow(_ body: (_ row: Int, _ offsets: UnsafeBufferPointer<Int>) -> Void) {
        let outer = shape.count - 1
        var index = [Int](repeating: 0, count: max(outer, 1))
        var offsets = [Int](repeating: 0, count: strides.count)
        let rows = shape.dropLast().reduce(1, *)
        offsets.withUnsafeMutableBufferPointer { offsetsBuffer in
            for row in 0 ..< rows {
                body(row, UnsafeBufferPointer(offsetsBuffer))
                // Advance the odometer over the outer axes.
                var axis = outer - 1
                while axis >= 0 {
                    index[axis] += 1
                    for op in 0 ..< strides.count { offsetsBuffer[op] += strides[op][axis] }
                    if index[axis] < shape[axis] { break }
                    for op in 0 ..< strides.count { offsetsBuffer[op] -= strides[op][axis] * shape[axis] }
                    index[axis] = 0
                    axis -= 1
                }
            }
        }
    }
}

extension Tensor {
    /// A contiguous copy of this tensor read with `strides` (one per axis of `shape`) from `offset`:
    /// the one routine behind broadcasting copies, transposes and slices.
    func gather(shape: [Int], strides: [Int], offset: Int = 0) throws -> Tensor {
        let loop = StridedLoop(shape: shape, strides: [strides])
        let inner = loop.rowLength, step = loop.strides[0][loop.strides[0].count - 1]
        return try data.withUnsafeBufferPointer { source in
            try Tensor.make(shape: shape) { out in
                guard out.count > 0 else { return }
                let src = source.baseAddress! + offset
                let dst = out.baseAddress!
                loop.forEachRow { row, offsets in
                    let s = src + offsets[0], d = dst + row * inner
                    if step == 1 {
                        d.update(from: s, count: inner)
                    } else {
                        for i in 0 ..< inner { d[i] = s[i * step] }
                    }
                }
            }
        }
    }

    /// The reverse of ``gather(shape:strides:offset:)``: a tensor of shape `targetShape`, zero except
    /// where this (contiguous) tensor's elements are added at the strided positions. With stride 0 on an
    /// axis, that axis is summed: this is how broadcasting is undone in backward passes.
    func scatterAdd(into targetShape: [Int], strides: [Int], offset: Int = 0) throws -> Tensor {
        let loop = StridedLoop(shape: shape, strides: [strides])
        let inner = loop.rowLength, step = loop.strides[0][loop.strides[0].count - 1]
        return try data.withUnsafeBufferPointer { source in
            try Tensor.make(shape: targetShape) { out in
                guard let dst0 = out.baseAddress else { return }
                out.initialize(repeating: 0)
                guard let src = source.baseAddress else { return }
                let dst = dst0 + offset
                loop.forEachRow { row, offsets in
                    let s = src + row * inner, d = dst + offsets[0]
                    for i in 0 ..< inner { d[i * step] += s[i] }
                }
            }
        }
    }
}
