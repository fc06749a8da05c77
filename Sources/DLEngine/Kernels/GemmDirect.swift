/// Products of moderate size that read A (and a small plain B) where they lie instead of packing them.
///
/// The packed path (`Gemm.swift`) copies every block of op(A) and op(B) into slivers. For a plain A
/// (steps contiguous within a row: the forward product x · W of a dense layer) the copy is a transpose,
/// one scalar store per element, and for products up to a few hundred in each dimension it costs a good
/// part of the multiply-adds (the MLP's forward products: about a tenth of the step). Here:
///
/// - A is not packed: the 8×32 kernel broadcasts its eight rows straight from memory
///   (`MicroKernel.kernel8x32Strided`, one pointer per row, each advancing by A's step stride: one
///   float for a plain A, `lda` for a transposed one, whose eight values of a step are then
///   consecutive); the sliver's k block stays in L1 (or close, in L2) while the kernel sweeps B;
/// - a plain B (columns contiguous within a step) of at most `directBLimit` elements (it fits L1) is
///   not packed either: the kernel loads 32 consecutive
///   columns of a step of B and moves on by `ldb`; only a last partial sliver of columns is packed
///   (zero-padded), as reading 32 columns there could pass the end of B.
///
/// A larger or transposed B is packed as on the packed path. Same sums as the packed path: k blocks of
/// `Gemm.kBlock(k:)`, each element summed from zero in increasing k with fused multiply-adds, the block
/// sums added to C in increasing k; only where the operands are read from changes. So the choice of path
/// changes no bit, and the split between threads is the packed path's (`Job.run`).
extension Gemm {
    /// Products with op(B) of at most this many elements (k · n) read A in place: op(B)'s packed block
    /// then fits the 2 MiB L2 with room to spare. Larger products keep the packed path, whose contiguous
    /// slivers avoid the cache-set and TLB pressure of long strides.
    static let directLimit = 256 * 1024
    /// ... and products of at most this many multiply-adds: above, the packing is a small part of the
    /// work (measured with B also read in place: 512³ lost 5-10 %, 256³ was even, 64³ and 128³ gained
    /// 20-45 %; with B packed, 512³ was within noise of the packed path).
    static let directProductLimit = 1 << 25

    /// A plain B is read in place only when it fits L1 with room (32 KiB): a B read in place from L2
    /// measured 5-10 % slower than packed on one thread (the MLP's x^T · dy, 784 × 256 × 128 and
    /// 256 × 128 × 128, and 256^3), as each row of A's sliver sweeps it with a stride of ldb, while at 64^3
    /// not packing it made the product 30 % faster.
    static let directBLimit = 8192

    /// Whether `multiply` reads A in place for these sizes (8×32 kernel only; either transpose of A: a
    /// transposed A, the weight gradient xᵀ · dy, measured 151 → 168 GFLOP/s on one thread at the MLP's
    /// 784 × 256 × 128, 130 → 161 at 256 × 128 × 128).
    static func readsInPlace(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, tile: Tile) -> Bool {
        tile == .t8x32 && n * k <= directLimit && m * n * k <= directProductLimit
    }
}

extension Gemm.Job {
    /// C[rows, cols] on the calling thread, reading A (and a plain B that fits L1) in place (the 8×32
    /// tile). The loop nest is the packed path's (`compute(rows:cols:)`) without the blocking of packed A.
    @inline(never)
    func computeDirect(rows: Range<Int>, cols: Range<Int>) {
        if rows.isEmpty || cols.isEmpty { return }
        let mr = 8, nr = 32
        let bInPlace = b.strideI == 1 && k * n <= Gemm.directBLimit
        let kcBlock = Gemm.kBlock(k: k)
        let ncBlock = bInPlace ? cols.count : Swift.min(Gemm.ncMax, (cols.count + nr - 1) / nr * nr)
        // Packed B: the whole block, or only a last partial sliver when B is read in place.
        let bFloats = bInPlace ? (cols.count % nr == 0 ? 0 : kcBlock * nr) : kcBlock * ncBlock
        // Never used when nothing is packed.
        let packedB = bFloats == 0 ? UnsafeMutablePointer(mutating: a.base)
            : GemmScratch.current.floats(slot: 0, count: bFloats)

        for jc in stride(from: cols.lowerBound, to: cols.upperBound, by: ncBlock) {
            let nc = Swift.min(ncBlock, cols.upperBound - jc)
            // Columns jc ..< jc + fullCols are read in place, whole slivers.
            let fullCols = bInPlace ? nc / nr * nr : 0
            for pc in stride(from: 0, to: k, by: kcBlock) {
                let kc = Swift.min(kcBlock, k - pc)
                let addToC = accumulate || pc > 0
                if fullCols < nc {
                    Gemm.pack(b, i0: jc + fullCols, count: nc - fullCols, p0: pc, kc: kc, width: nr, into: packedB)
                }
                for ir in stride(from: rows.lowerBound, to: rows.upperBound, by: mr) {
                    let rowCount = Swift.min(mr, rows.upperBound - ir)
                    let aSliver = a.offset(i: ir, p: pc)
                    for jr in stride(from: 0, to: nc, by: nr) {
                        let inPlace = jr < fullCols
                        let bSliver = inPlace ? b.offset(i: jc + jr, p: pc)
                            : UnsafePointer(packedB + (jr - fullCols) * kc)
                        Gemm.runStrided(kc: kc, a: aSliver, aRow: a.strideI, aStep: a.strideP, rows: rowCount,
                                        b: bSliver, bStep: inPlace ? b.strideP : nr,
                                        c: c + ir * ldc + jc + jr, ldc: ldc,
                                        cols: Swift.min(nr, nc - jr), addToC: addToC)
                    }
                }
            }
        }
    }
}

extension Gemm {
    /// One 8×32 tile by the strided kernel; a partial tile (fewer rows or columns) is computed whole into
    /// a scratch tile and only its valid part is added to C, as `Tile.run` does.
    @inline(__always)
    static func runStrided(
        kc: Int, a: UnsafePointer<Float>, aRow: Int, aStep: Int, rows: Int,
        b: UnsafePointer<Float>, bStep: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, cols: Int, addToC: Bool
    ) {
        if rows == 8 && cols == 32 {
            MicroKernel.kernel8x32Strided(kc: kc, a: a, aRow: aRow, aStep: aStep, rows: 8, b: b, bStep: bStep,
                                          c: c, ldc: ldc, addToC: addToC)
            return
        }
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 8 * 32) { scratch in
            let t = scratch.baseAddress!
            MicroKernel.kernel8x32Strided(kc: kc, a: a, aRow: aRow, aStep: aStep, rows: rows, b: b, bStep: bStep,
                                          c: t, ldc: 32, addToC: false)
            for i in 0..<rows {
                let ci = c + i * ldc, ti = t + i * 32
                if addToC { for j in 0..<cols { ci[j] = ti[j] + ci[j] } }
                else { for j in 0..<cols { ci[j] = ti[j] } }
            }
        }
    }
}
