/// Runs an optimizer's elementwise update sixteen floats at a time, with explicit SIMD vectors.
///
/// Why not a plain loop left to the compiler: an update that writes three or four buffers (Adam's θ, m, v
/// and v^max; centered RMSProp with momentum) needs more run-time overlap checks between its buffers than
/// LLVM's loop vectorizer will emit, and then stays scalar (measured: Adam's plain loop compiled without a
/// single packed instruction). Written on `SIMD16<Float>`, the loads, stores and arithmetic are packed
/// (one AVX-512 register, two AVX ones); a branch on a hyperparameter inside the body costs one
/// predictable jump per sixteen elements.
/// Each lane computes exactly what the scalar equations compute, so the results do not change.
///
/// Callers guarantee that every buffer they load or store holds at least `count` elements.
enum Lanes {
    typealias Vector = SIMD16<Float>

    /// Calls `body` for the elements `0 ..< count`, sixteen at a time; the last chunk may be partial.
    ///
    /// A large parameter (at least `ParallelLoop.threshold` elements: the MLP's 784 × 256 weight) is
    /// split into contiguous runs of chunks on the matrix kernel's thread pool (`ParallelLoop`): the
    /// updates are memory-bound and a second core brings its own cache and bandwidth. Every element is
    /// still computed by exactly one call, with the same arithmetic, so the results do not depend on
    /// the thread count; `body` must only touch its chunk's elements (all the optimizers' updates are
    /// elementwise).
    @inline(__always)
    static func forEachChunk(count: Int, _ body: (Chunk) -> Void) {
        if count < ParallelLoop.threshold {
            // Small (a bias, a small network's weights): the loop right here, no closure to call per
            // chunk (the fused dense step updates rows of a hundred parameters).
            var offset = 0
            while offset < count {
                body(Chunk(offset: offset, valid: Swift.min(Vector.scalarCount, count - offset)))
                offset += Vector.scalarCount
            }
            return
        }
        let chunks = (count + Vector.scalarCount - 1) / Vector.scalarCount
        ParallelLoop.forEach(chunks, workPerItem: Vector.scalarCount) { range in
            var offset = range.lowerBound * Vector.scalarCount
            let end = Swift.min(count, range.upperBound * Vector.scalarCount)
            while offset < end {
                body(Chunk(offset: offset, valid: Swift.min(Vector.scalarCount, count - offset)))
                offset += Vector.scalarCount
            }
        }
    }

    /// Sixteen consecutive elements starting at `offset`, of which the first `valid` exist. A partial chunk
    /// loads zeros into the missing lanes (whatever they compute, e.g. 0/ε, is never stored).
    struct Chunk {
        let offset: Int
        let valid: Int

        @inline(__always)
        func load(_ buffer: UnsafeBufferPointer<Float>) -> Vector {
            guard let base = buffer.baseAddress else { return .zero }
            if valid == Vector.scalarCount {
                return UnsafeRawPointer(base + offset).loadUnaligned(as: Vector.self)
            }
            var lanes = Vector.zero
            for j in 0 ..< valid { lanes[j] = base[offset + j] }
            return lanes
        }

        @inline(__always)
        func load(_ buffer: UnsafeMutableBufferPointer<Float>) -> Vector {
            load(UnsafeBufferPointer(buffer))
        }

        @inline(__always)
        func store(_ lanes: Vector, into buffer: UnsafeMutableBufferPointer<Float>) {
            guard let base = buffer.baseAddress else { return }
            if valid == Vector.scalarCount {
                UnsafeMutableRawPointer(base + offset).storeBytes(of: lanes, as: Vector.self)
                return
            }
            for j in 0 ..< valid { base[offset + j] = lanes[j] }
        }
    }
}
