/// The one product kernel of the small dense training step (``DenseStack``): rows of one operand
/// broadcast against 16-float vectors of the other,
///
///     out[r · ldo + 16v ..< 16v + 16] = Σ_{s < steps} p[r · pr + s · ps] · q[s · qs + 16v ..< 16v + 16]
///
/// for r < `rows` and v < `vectors`. Each lane is one chain of fused multiply-adds from zero in
/// increasing s: the arithmetic of ``Gemm/multiply(m:n:k:a:lda:transposeA:b:ldb:transposeB:c:ldc:accumulate:)``
/// for an inner size of one k block, so a product computed here has the GEMM's bits whichever operand is
/// broadcast. With strides for both operands the same kernel computes x · W, its transposed form
/// Wᵀ-major, xᵀ · dy and dy · Wᵀ, each with the batch or the features along the vectors, whichever wastes
/// fewer lanes.
///
/// Tiles of 4 rows × 2 vectors: eight independent accumulator chains, enough to cover the FMA latency on
/// two ports. A last partial tile repeats its last row (computed, not stored) and reads one vector past
/// `vectors` when that is odd, so the caller pads `q`'s rows to an even number of vectors; the lanes of
/// a stored vector past the caller's width get whatever `q`'s padding holds.
enum BroadcastProduct {
    typealias Vector = SIMD16<Float>

    /// Floats in a row of `width` floats padded to a whole, even number of vectors (what ``multiply``
    /// may read and write per row).
    static func paddedWidth(_ width: Int) -> Int { (width + 31) / 32 * 32 }

    /// - Precondition (caller's invariant): `rows, vectors, steps ≥ 1`; `p` readable at every index
    ///   used; `q` readable for `16 · 2⌈vectors/2⌉` floats per step; `out` writable for `16 · vectors`
    ///   floats per row; `out` overlaps neither operand.
    @inline(__always)
    static func multiply(rows: Int, vectors: Int, steps: Int,
                         p: UnsafePointer<Float>, pr: Int, ps: Int,
                         q: UnsafePointer<Float>, qs: Int,
                         out: UnsafeMutablePointer<Float>, ldo: Int) {
        multiply(rows: rows, vectors: vectors, steps: steps, p: p, pr: pr, ps: ps, q: q, qs: qs,
                 finish: Store(out: out, ldo: ldo))
    }

    /// The product, each finished vector handed to `finish` (which stores it, or adds a bias and
    /// applies an activation first: no second pass over the result).
    @inline(__always)
    static func multiply<Finish: ProductFinish>(rows: Int, vectors: Int, steps: Int,
                                                p: UnsafePointer<Float>, pr: Int, ps: Int,
                                                q: UnsafePointer<Float>, qs: Int, finish: Finish) {
        var r0 = 0
        while r0 < rows {
            let last = rows - 1
            let p0 = p + r0 * pr, p1 = p + Swift.min(r0 + 1, last) * pr
            let p2 = p + Swift.min(r0 + 2, last) * pr, p3 = p + Swift.min(r0 + 3, last) * pr
            var v0 = 0
            while v0 < vectors {
                var c00 = Vector(), c01 = Vector(), c10 = Vector(), c11 = Vector()
                var c20 = Vector(), c21 = Vector(), c30 = Vector(), c31 = Vector()
                var qk = UnsafeRawPointer(q + v0 * 16)
                let qStride = qs * MemoryLayout<Float>.stride
                var pk = 0
                for _ in 0 ..< steps {
                    let b0 = qk.loadUnaligned(as: Vector.self)
                    let b1 = qk.loadUnaligned(fromByteOffset: 64, as: Vector.self)
                    let a0 = Vector(repeating: p0[pk]), a1 = Vector(repeating: p1[pk])
                    let a2 = Vector(repeating: p2[pk]), a3 = Vector(repeating: p3[pk])
                    c00.addProduct(a0, b0); c01.addProduct(a0, b1)
                    c10.addProduct(a1, b0); c11.addProduct(a1, b1)
                    c20.addProduct(a2, b0); c21.addProduct(a2, b1)
                    c30.addProduct(a3, b0); c31.addProduct(a3, b1)
                    qk += qStride
                    pk += ps
                }
                let second = v0 + 1 < vectors, column = v0 * 16
                finish.finish(c00, row: r0, column: column)
                if second { finish.finish(c01, row: r0, column: column + 16) }
                if r0 + 1 < rows {
                    finish.finish(c10, row: r0 + 1, column: column)
                    if second { finish.finish(c11, row: r0 + 1, column: column + 16) }
                }
                if r0 + 2 < rows {
                    finish.finish(c20, row: r0 + 2, column: column)
                    if second { finish.finish(c21, row: r0 + 2, column: column + 16) }
                }
                if r0 + 3 < rows {
                    finish.finish(c30, row: r0 + 3, column: column)
                    if second { finish.finish(c31, row: r0 + 3, column: column + 16) }
                }
                v0 += 2
            }
            r0 += 4
        }
    }

    /// Stores each finished vector at `out[row · ldo + column]`.
    struct Store: ProductFinish {
        let out: UnsafeMutablePointer<Float>
        let ldo: Int

        @inline(__always)
        func finish(_ sums: Vector, row: Int, column: Int) {
            UnsafeMutableRawPointer(out + row * ldo + column).storeBytes(of: sums, as: Vector.self)
        }
    }
}

/// What ``BroadcastProduct`` does with each finished vector of sums: the 16 floats of row `row` from
/// column `column` on.
protocol ProductFinish {
    func finish(_ sums: SIMD16<Float>, row: Int, column: Int)
}
