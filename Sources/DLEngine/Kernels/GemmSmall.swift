/// Small products without packing: C = op(A) · op(B) (+ C) straight from the operands.
///
/// For the products of a small network's training step (20 × 2 · 2 × 100, 20 × 100 · 100 × 3 and their
/// transposes) the packed path spends more time copying operands into slivers and computing zero-padded
/// edge tiles than multiplying: a 20 × 3 result fills one 8 × 32 tile to a quarter. Here each row of C is
/// computed sixteen columns at a time from rows of op(B) read in place, and the fewer than sixteen columns
/// left over as one zero-padded vector per row, eight rows at a time.
///
/// Same bits as the packed path: `k` is at most one k block (`Gemm.kcMax`), every element's sum starts
/// at zero and fused-multiply-adds the terms in increasing k, and the sum is then stored into C or added
/// to it, exactly what the micro-kernels and `GemmTile` do for a single k block. So switching paths at the
/// threshold changes no result, and results do not depend on the thread count (this path is single-threaded).
extension Gemm {
    /// Products of at most this many multiply-adds (m · n · k) take the small path, when k fits one k
    /// block. Chosen, not tuned at the boundary: it covers the spiral's products (at most 6,000) with
    /// room, while the MLP's (the smallest 128 × 10 × 128 = 163,840) keep the packed path, whose tiles
    /// are full there (docs/PERFORMANCE.md, "The training loop").
    static let smallProductLimit = 64 * 64 * 32

    /// Whether `multiply` takes the small path for these sizes (which depends on the sizes alone).
    static func isSmall(m: Int, n: Int, k: Int) -> Bool {
        // m · n is the size of C, which exists, so it does not overflow; k ≤ 256.
        k <= kcMax && m * n * k <= smallProductLimit
    }

    /// The small path; same contract as `multiply` with m, n, k ≥ 1 and k ≤ `kcMax`.
    ///
    /// op(B) must be read a row of k at a time: when B is stored transposed (n × k) its rows are copied
    /// into a k × n scratch first (k · n ≤ the limit, a few KiB), so the inner loop always loads sixteen
    /// consecutive columns.
    static func multiplySmall(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, transposeA: Bool,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        guard transposeB else {
            return smallRows(m: m, n: n, k: k, a: a, lda: lda, transposeA: transposeA, b: b, ldb: ldb,
                             c: c, ldc: ldc, accumulate: accumulate)
        }
        withUnsafeTemporaryAllocation(of: Float.self, capacity: k * n) { scratch in
            let t = scratch.baseAddress!
            for j in 0 ..< n {
                let row = b + j * ldb
                for p in 0 ..< k { t[p * n + j] = row[p] }
            }
            smallRows(m: m, n: n, k: k, a: a, lda: lda, transposeA: transposeA, b: UnsafePointer(t), ldb: n,
                      c: c, ldc: ldc, accumulate: accumulate)
        }
    }

    /// C = op(A) · B (+ C) with B stored k × n (row p of B at `b + p * ldb`).
    @inline(__always)
    private static func smallRows(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, transposeA: Bool,
        b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        typealias V = SIMD16<Float>
        // op(A)[i, p] = a[i * strideI + p * strideP].
        let strideI = transposeA ? 1 : lda, strideP = transposeA ? lda : 1
        let vectorEnd = n / V.scalarCount * V.scalarCount
        if vectorEnd == 0 && transposeA && m >= V.scalarCount {
            return narrowColumns(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc,
                                 accumulate: accumulate)
        }
        for i in 0 ..< m {
            let aRow = a + i * strideI, cRow = c + i * ldc
            var j = 0
            // Two vectors at a time where possible: two independent FMA chains hide the FMA latency.
            while j + 2 * V.scalarCount <= vectorEnd {
                var s0 = V.zero, s1 = V.zero
                for p in 0 ..< k {
                    let x = V(repeating: aRow[p * strideP])
                    let bRow = UnsafeRawPointer(b + p * ldb + j)
                    s0.addProduct(x, bRow.loadUnaligned(as: V.self))
                    s1.addProduct(x, bRow.loadUnaligned(fromByteOffset: 64, as: V.self))
                }
                store(s0, at: cRow + j, accumulate: accumulate)
                store(s1, at: cRow + j + V.scalarCount, accumulate: accumulate)
                j += 2 * V.scalarCount
            }
            while j < vectorEnd {
                var s = V.zero
                for p in 0 ..< k {
                    s.addProduct(V(repeating: aRow[p * strideP]), UnsafeRawPointer(b + p * ldb + j).loadUnaligned(as: V.self))
                }
                store(s, at: cRow + j, accumulate: accumulate)
                j += V.scalarCount
            }
        }
        if vectorEnd < n {
            tailColumns(m: m, from: vectorEnd, n: n, k: k, a: a, strideI: strideI, strideP: strideP, b: b, ldb: ldb,
                        c: c, ldc: ldc, accumulate: accumulate)
        }
    }

    /// The last `n − j0` (< 16) columns of C, in one zero-padded vector per row, eight rows at a time: a
    /// narrow C (the spiral's 3 classes) would otherwise be one long chain of dependent FMAs per element,
    /// waiting on the FMA latency (4 cycles) at every step; eight rows make eight independent chains.
    @inline(__always)
    private static func tailColumns(
        m: Int, from j0: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, strideI: Int, strideP: Int,
        b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        typealias V = SIMD16<Float>
        let width = n - j0
        // The tail of every row of op(B), zero-padded to a vector, so the loop loads whole vectors.
        withUnsafeTemporaryAllocation(of: V.self, capacity: k) { padded in
            let bt = padded.baseAddress!
            for p in 0 ..< k {
                var v = V.zero
                for j in 0 ..< width { v[j] = b[p * ldb + j0 + j] }
                bt[p] = v
            }
            @inline(__always) func put(_ s: V, _ i: Int) {
                let cRow = c + i * ldc + j0
                for j in 0 ..< width { cRow[j] = accumulate ? cRow[j] + s[j] : s[j] }
            }
            // A last block of fewer than eight rows repeats its last row in the missing ones (valid
            // memory, results not stored): one chain per remaining row would wait on the latency.
            for i in stride(from: 0, to: m, by: 8) {
                // Offsets of rows i + 1 ... i + 7 in op(A), clamped to the last row.
                @inline(__always) func row(_ r: Int) -> Int { Swift.min(i + r, m - 1) * strideI }
                let (r1, r2, r3, r4, r5, r6, r7) = (row(1), row(2), row(3), row(4), row(5), row(6), row(7))
                var s0 = V.zero, s1 = V.zero, s2 = V.zero, s3 = V.zero
                var s4 = V.zero, s5 = V.zero, s6 = V.zero, s7 = V.zero
                let a0 = a + i * strideI
                for p in 0 ..< k {
                    let bp = bt[p], ap = a0 + p * strideP, aq = a + p * strideP
                    s0.addProduct(V(repeating: ap[0]), bp)
                    s1.addProduct(V(repeating: aq[r1]), bp)
                    s2.addProduct(V(repeating: aq[r2]), bp)
                    s3.addProduct(V(repeating: aq[r3]), bp)
                    s4.addProduct(V(repeating: aq[r4]), bp)
                    s5.addProduct(V(repeating: aq[r5]), bp)
                    s6.addProduct(V(repeating: aq[r6]), bp)
                    s7.addProduct(V(repeating: aq[r7]), bp)
                }
                put(s0, i)
                if i + 1 < m { put(s1, i + 1) }
                if i + 2 < m { put(s2, i + 2) }
                if i + 3 < m { put(s3, i + 3) }
                if i + 4 < m { put(s4, i + 4) }
                if i + 5 < m { put(s5, i + 5) }
                if i + 6 < m { put(s6, i + 6) }
                if i + 7 < m { put(s7, i + 7) }
            }
        }
    }

    /// C (+)= Aᵀ · B for a C narrower than a vector (n < 16) with A stored k × m: sixteen rows of C at a
    /// time, one vector per column, from a column of op(A) read as a vector (it is contiguous), four
    /// columns at a time. Every lane does useful work, where ``tailColumns`` would use n of 16 lanes: the
    /// spiral's weight gradient xᵀ · dy (100 × 3 from 20 samples) needs a quarter of the FMAs.
    @inline(__always)
    private static func narrowColumns(
        m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        typealias V = SIMD16<Float>
        // The last, partial block of rows is copied zero-padded: reading 16 floats from it could pass
        // the end of A.
        withUnsafeTemporaryAllocation(of: V.self, capacity: k) { padded in
            for i0 in stride(from: 0, to: m, by: V.scalarCount) {
                let rows = Swift.min(V.scalarCount, m - i0)
                var column = a + i0, step = lda
                if rows < V.scalarCount {
                    for p in 0 ..< k {
                        var v = V.zero
                        for r in 0 ..< rows { v[r] = a[p * lda + i0 + r] }
                        padded[p] = v
                    }
                    column = UnsafeRawPointer(padded.baseAddress!).assumingMemoryBound(to: Float.self)
                    step = V.scalarCount
                }
                for j0 in stride(from: 0, to: n, by: 4) {
                    // Columns j0 + 1 ... j0 + 3, clamped to the last (computed, not stored).
                    let (q1, q2, q3) = (Swift.min(j0 + 1, n - 1), Swift.min(j0 + 2, n - 1), Swift.min(j0 + 3, n - 1))
                    var s0 = V.zero, s1 = V.zero, s2 = V.zero, s3 = V.zero
                    for p in 0 ..< k {
                        let x = UnsafeRawPointer(column + p * step).loadUnaligned(as: V.self), bRow = b + p * ldb
                        s0.addProduct(x, V(repeating: bRow[j0]))
                        s1.addProduct(x, V(repeating: bRow[q1]))
                        s2.addProduct(x, V(repeating: bRow[q2]))
                        s3.addProduct(x, V(repeating: bRow[q3]))
                    }
                    for r in 0 ..< rows {
                        let cRow = c + (i0 + r) * ldc + j0
                        cRow[0] = accumulate ? cRow[0] + s0[r] : s0[r]
                        if j0 + 1 < n { cRow[1] = accumulate ? cRow[1] + s1[r] : s1[r] }
                        if j0 + 2 < n { cRow[2] = accumulate ? cRow[2] + s2[r] : s2[r] }
                        if j0 + 3 < n { cRow[3] = accumulate ? cRow[3] + s3[r] : s3[r] }
                    }
                }
            }
        }
    }

    @inline(__always)
    private static func store(_ s: SIMD16<Float>, at c: UnsafeMutablePointer<Float>, accumulate: Bool) {
        let target = UnsafeMutableRawPointer(c)
        if accumulate {
            target.storeBytes(of: target.loadUnaligned(as: SIMD16<Float>.self) + s, as: SIMD16<Float>.self)
        } else {
            target.storeBytes(of: s, as: SIMD16<Float>.self)
        }
    }
}
