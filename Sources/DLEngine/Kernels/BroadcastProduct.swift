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
/// two ports; with at most four steps, the vector operand in registers and the rows streamed instead. A last partial tile repeats its last row (computed, not stored) and reads one vector past
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
        switch steps {
        case 1: fewSteps(1, rows: rows, vectors: vectors, p: p, pr: pr, ps: ps, q: q, qs: qs, finish: finish)
        case 2: fewSteps(2, rows: rows, vectors: vectors, p: p, pr: pr, ps: ps, q: q, qs: qs, finish: finish)
        case 3: fewSteps(3, rows: rows, vectors: vectors, p: p, pr: pr, ps: ps, q: q, qs: qs, finish: finish)
        case 4: fewSteps(4, rows: rows, vectors: vectors, p: p, pr: pr, ps: ps, q: q, qs: qs, finish: finish)
        default:
            if rows <= 2 {
                fewRows(2, rows: rows, vectors: vectors, steps: steps, p: p, pr: pr, ps: ps, q: q, qs: qs, finish: finish)
            } else if rows == 3 {
                fewRows(3, rows: rows, vectors: vectors, steps: steps, p: p, pr: pr, ps: ps, q: q, qs: qs, finish: finish)
            } else {
                tiles(rows: rows, vectors: vectors, steps: steps, p: p, pr: pr, ps: ps, q: q, qs: qs, finish: finish)
            }
        }
    }

    /// Up to `tileRows` (2 or 3) rows — ∂W of a layer with two or three inputs, or ∂Wᵀ of one with
    /// three outputs — in tiles of `tileRows` × 4 vectors, so that all the chains are real instead of
    /// the 4-row tile repeating rows (a last pair of vectors, the padded width being a whole number of
    /// pairs, as `tileRows` × 2). The same chains as ``tiles``.
    @inline(__always)
    private static func fewRows<Finish: ProductFinish>(_ tileRows: Int, rows: Int, vectors: Int, steps: Int,
                                                       p: UnsafePointer<Float>, pr: Int, ps: Int,
                                                       q: UnsafePointer<Float>, qs: Int, finish: Finish) {
        var finish = finish
        let p0 = p, p1 = p + Swift.min(1, rows - 1) * pr, p2 = p + Swift.min(2, rows - 1) * pr
        let qStride = qs * MemoryLayout<Float>.stride
        let padded = (vectors + 1) / 2 * 2
        var v0 = 0
        while v0 < vectors {
            let wide = v0 + 4 <= padded, column = v0 * 16
            var c00 = Vector(), c01 = Vector(), c02 = Vector(), c03 = Vector()
            var c10 = Vector(), c11 = Vector(), c12 = Vector(), c13 = Vector()
            var c20 = Vector(), c21 = Vector(), c22 = Vector(), c23 = Vector()
            var qk = UnsafeRawPointer(q + v0 * 16), pk = 0
            if wide {
                for _ in 0 ..< steps {
                    let b0 = qk.loadUnaligned(as: Vector.self), b1 = qk.loadUnaligned(fromByteOffset: 64, as: Vector.self)
                    let b2 = qk.loadUnaligned(fromByteOffset: 128, as: Vector.self)
                    let b3 = qk.loadUnaligned(fromByteOffset: 192, as: Vector.self)
                    let a0 = Vector(repeating: p0[pk]), a1 = Vector(repeating: p1[pk])
                    c00.addProduct(a0, b0); c01.addProduct(a0, b1); c02.addProduct(a0, b2); c03.addProduct(a0, b3)
                    c10.addProduct(a1, b0); c11.addProduct(a1, b1); c12.addProduct(a1, b2); c13.addProduct(a1, b3)
                    if tileRows > 2 {
                        let a2 = Vector(repeating: p2[pk])
                        c20.addProduct(a2, b0); c21.addProduct(a2, b1); c22.addProduct(a2, b2); c23.addProduct(a2, b3)
                    }
                    qk += qStride
                    pk &+= ps
                }
            } else {
                (c00, c01, c10, c11, c20, c21) = pairChains(tileRows, steps: steps, p0, p1, p2, ps: ps,
                                                            MemoryRows(q: qk, stride: qStride))
            }
            @inline(__always) func row(_ r: Int, _ s0: Vector, _ s1: Vector, _ s2: Vector, _ s3: Vector) {
                finish.finish(s0, row: r, column: column)
                if v0 + 1 < vectors { finish.finish(s1, row: r, column: column + 16) }
                if wide && v0 + 2 < vectors { finish.finish(s2, row: r, column: column + 32) }
                if wide && v0 + 3 < vectors { finish.finish(s3, row: r, column: column + 48) }
            }
            row(0, c00, c01, c02, c03)
            if rows > 1 { row(1, c10, c11, c12, c13) }
            if tileRows > 2 && rows > 2 { row(2, c20, c21, c22, c23) }
            v0 += wide ? 4 : 2
        }
    }

    /// The chains of ``fewRows`` over one pair of vectors: `c_r0, c_r1 += p_r[s · ps] · row s of q` in
    /// increasing s, for r < `tileRows` (2 or 3), the rows of q from `source`.
    @inline(__always)
    private static func pairChains<Rows: ProductRows>(_ tileRows: Int, steps: Int, _ p0: UnsafePointer<Float>,
                                                      _ p1: UnsafePointer<Float>, _ p2: UnsafePointer<Float>,
                                                      ps: Int, _ source: Rows)
        -> (Vector, Vector, Vector, Vector, Vector, Vector) {
        var c00 = Vector(), c01 = Vector(), c10 = Vector(), c11 = Vector(), c20 = Vector(), c21 = Vector()
        var pk = 0
        for s in 0 ..< steps {
            let (b0, b1) = source.pair(s)
            let a0 = Vector(repeating: p0[pk]), a1 = Vector(repeating: p1[pk])
            c00.addProduct(a0, b0); c01.addProduct(a0, b1)
            c10.addProduct(a1, b0); c11.addProduct(a1, b1)
            if tileRows > 2 {
                let a2 = Vector(repeating: p2[pk])
                c20.addProduct(a2, b0); c21.addProduct(a2, b1)
            }
            pk &+= ps
        }
        return (c00, c01, c10, c11, c20, c21)
    }

    /// The product for at most three rows and two vectors (32 columns) over rows of q that `source` makes
    /// as they are consumed (``ProductRows``): ``fewRows``'s chains, so the bits of the product with
    /// the rows in memory.
    @inline(__always)
    static func multiply<Rows: ProductRows, Finish: ProductFinish>(rows: Int, vectors: Int, steps: Int,
                                                                   p: UnsafePointer<Float>, pr: Int, ps: Int,
                                                                   source: Rows, finish: Finish) {
        var finish = finish
        let p0 = p, p1 = p + Swift.min(1, rows - 1) * pr, p2 = p + Swift.min(2, rows - 1) * pr
        let c = rows > 2 ? pairChains(3, steps: steps, p0, p1, p2, ps: ps, source)
                         : pairChains(2, steps: steps, p0, p1, p2, ps: ps, source)
        finish.finish(c.0, row: 0, column: 0)
        if vectors > 1 { finish.finish(c.1, row: 0, column: 16) }
        if rows > 1 {
            finish.finish(c.2, row: 1, column: 0)
            if vectors > 1 { finish.finish(c.3, row: 1, column: 16) }
        }
        if rows > 2 {
            finish.finish(c.4, row: 2, column: 0)
            if vectors > 1 { finish.finish(c.5, row: 2, column: 16) }
        }
    }

    /// Rows of q read from memory, `stride` bytes apart.
    struct MemoryRows: ProductRows {
        let q: UnsafeRawPointer
        let stride: Int

        @inline(__always)
        func pair(_ s: Int) -> (Vector, Vector) {
            let at = q + s &* stride
            return (at.loadUnaligned(as: Vector.self), at.loadUnaligned(fromByteOffset: 64, as: Vector.self))
        }
    }

    /// At most four steps (a layer with a handful of inputs: 2-D toy data; ∂x of a layer with a few
    /// outputs): `q`'s vectors for a pair of columns and every step stay in registers while all the rows
    /// stream past, two chains per row, then ``ProductFinish/columnsDone(_:second:)``. The same fused
    /// multiply-adds from zero in increasing s as
    /// ``tiles``, without its per-tile setup, which dominates when there are so few steps.
    @inline(__always)
    private static func fewSteps<Finish: ProductFinish>(_ steps: Int, rows: Int, vectors: Int,
                                                        p: UnsafePointer<Float>, pr: Int, ps: Int,
                                                        q: UnsafePointer<Float>, qs: Int, finish: Finish) {
        var finish = finish
        let qStride = qs * MemoryLayout<Float>.stride
        var v0 = 0
        while v0 < vectors {
            let base = UnsafeRawPointer(q + v0 * 16)
            func load(_ s: Int, _ half: Int) -> Vector {
                s < steps ? base.loadUnaligned(fromByteOffset: s * qStride + half * 64, as: Vector.self) : Vector()
            }
            let (q0, q1, q2, q3) = (load(0, 0), load(1, 0), load(2, 0), load(3, 0))
            let (r0, r1, r2, r3) = (load(0, 1), load(1, 1), load(2, 1), load(3, 1))
            let second = v0 + 1 < vectors, column = v0 * 16
            var row = p
            for i in 0 ..< rows {
                let (a, b) = fewStepsRow(steps, row, ps: ps, (q0, q1, q2, q3), (r0, r1, r2, r3))
                finish.finish(a, row: i, column: column)
                if second { finish.finish(b, row: i, column: column + 16) }
                row += pr
            }
            finish.columnsDone(column, second: second)
            v0 += 2
        }
    }

    /// One row of ``fewSteps``: the two chains `Σ_{s < steps} row[s · ps] · q_s` and `· r_s`, fused
    /// multiply-adds from zero in increasing s (`steps` ≤ 4). Also what ``DenseStack/ComputedColumns``
    /// computes a row with.
    @inline(__always)
    static func fewStepsRow(_ steps: Int, _ row: UnsafePointer<Float>, ps: Int,
                            _ q: (Vector, Vector, Vector, Vector), _ r: (Vector, Vector, Vector, Vector)) -> (Vector, Vector) {
        var a = Vector(), b = Vector()
        let s0 = Vector(repeating: row[0])
        a.addProduct(s0, q.0); b.addProduct(s0, r.0)
        if steps > 1 { let s1 = Vector(repeating: row[ps]); a.addProduct(s1, q.1); b.addProduct(s1, r.1) }
        if steps > 2 { let s2 = Vector(repeating: row[2 &* ps]); a.addProduct(s2, q.2); b.addProduct(s2, r.2) }
        if steps > 3 { let s3 = Vector(repeating: row[3 &* ps]); a.addProduct(s3, q.3); b.addProduct(s3, r.3) }
        return (a, b)
    }

    /// Tiles of 4 rows × 2 vectors, the chains of every step in registers.
    @inline(__always)
    private static func tiles<Finish: ProductFinish>(rows: Int, vectors: Int, steps: Int,
                                                     p: UnsafePointer<Float>, pr: Int, ps: Int,
                                                     q: UnsafePointer<Float>, qs: Int, finish: Finish) {
        var finish = finish
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
            UnsafeMutableRawPointer(out + (row &* ldo &+ column)).storeBytes(of: sums, as: Vector.self)
        }
    }
}

/// Where the rows of a product's q come from: memory, or made as the product consumes them
/// (``DenseStack/ComputedColumns``: a layer's feature-major outputs, computed inside the next layer's
/// product instead of stored by a product of their own and read back).
protocol ProductRows {
    /// Row `s`'s first two vectors (columns 0 ..< 32).
    func pair(_ s: Int) -> (SIMD16<Float>, SIMD16<Float>)
}

/// What ``BroadcastProduct`` does with each finished vector of sums: the 16 floats of row `row` from
/// column `column` on.
protocol ProductFinish {
    mutating func finish(_ sums: SIMD16<Float>, row: Int, column: Int)
    /// After the last row of the columns `column ..< column + 32` (the second vector only when `second`):
    /// called on the path of at most four steps, which finishes every row of a pair of columns, in
    /// increasing order, before the next pair, so a finish may sum the rows in registers
    /// (``DenseStack/ActivationGradient``). Nothing by default.
    mutating func columnsDone(_ column: Int, second: Bool)
}

extension ProductFinish {
    @inline(__always)
    mutating func columnsDone(_ column: Int, second: Bool) {}
}
