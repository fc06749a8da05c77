/// Products of moderate size that read a plain operand where it lies instead of packing it.
///
/// The packed path (`Gemm.swift`) copies every block of op(A) and op(B) into slivers. For a plain A
/// (steps contiguous within a row: the forward product x · W of a dense layer) the copy is a transpose,
/// one scalar store per element, and for products up to a few hundred in each dimension it costs a good
/// part of the multiply-adds (the MLP's forward products: about a tenth of the step). Here:
///
/// - a plain A is not packed: the 8×32 kernel broadcasts its eight rows straight from memory
///   (`MicroKernel.kernel8x32Strided`, one pointer per row, each advancing one float per step); the
///   eight row segments of a k block (8 × 256 × 4 B = 8 KiB) stay in L1 while the kernel sweeps B;
/// - a plain B (columns contiguous within a step) is not packed either: the kernel loads 32 consecutive
///   columns of a step of B and moves on by `ldb`; only a last partial sliver of columns is packed
///   (zero-padded), as reading 32 columns there could pass the end of B.
///
/// A transposed operand is packed as on the packed path. Same sums as the packed path: k blocks of
/// `Gemm.kBlock(k:)`, each element summed from zero in increasing k with fused multiply-adds, the block
/// sums added to C in increasing k; only where the operands are read from changes. So the choice of path
/// changes no bit, and the split between threads is the packed path's (`Job.run`).
extension Gemm {
    /// Products with op(B) of at most this many elements (k · n) read their plain operands in place:
    /// op(B) then fits the 2 MiB L2 with room to spare. Larger products keep the packed path, whose
    /// contiguous slivers avoid the cache-set and TLB pressure of long strides.
    static let directLimit = 256 * 1024
    /// ... and products of at most this many multiply-adds: above, the packing is a small part of the
    /// work (measured: 512³ lost 5-10 % read in place, 256³ was even, 64³ and 128³ gained 20-45 %).
    static let directProductLimit = 1 << 25

    /// A plain B is read in place only when it fits L1 with room (32 KiB): a B read in place from L2
    /// measured 5-10 % slower than packed on one thread (the MLP's x^T · dy, 784 × 256 × 128 and
    /// 256 × 128 × 128, and 256^3), as each row of A's sliver sweeps it with a stride of ldb, while at 64^3
    /// not packing it made the product 30 % faster.
    static let directBLimit = 8192

    /// Whether `multiply` reads a plain operand in place for these sizes and transposes (8×32 kernel only).
    static func readsInPlace(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, tile: Tile) -> Bool {
        let aInPlace = !transposeA, bInPlace = !transposeB && k * n <= directBLimit
        return tile == .t8x32 && (aInPlace || bInPlace) && n * k <= directLimit && m * n * k <= directProductLimit
    }
}

extension Gemm.Job {
    /// C[rows, cols] on the calling thread, reading a plain A and a plain B in place (the 8×32 tile).
    /// The loop nest is the packed path's (`compute(rows:cols:)`) without the blocking of packed buffers.
    @inline(never)
    func computeDirect(rows: Range<Int>, cols: Range<Int>) {
        if rows.isEmpty || cols.isEmpty { return }
        let mr = 8, nr = 32
        let aInPlace = a.strideP == 1, bInPlace = b.strideI == 1 && k * n <= Gemm.directBLimit
        let kcBlock = Gemm.kBlock(k: k)
        let ncBlock = bInPlace ? cols.count : Swift.min(Gemm.ncMax, (cols.count + nr - 1) / nr * nr)
        let mcBlock = aInPlace ? rows.count : Swift.min(Gemm.mcMax / mr * mr, (rows.count + mr - 1) / mr * mr)
        // Packed B: the whole block, or only a last partial sliver when B is read in place.
        let bFloats = bInPlace ? (cols.count % nr == 0 ? 0 : kcBlock * nr) : kcBlock * ncBlock
        let aFloats = aInPlace ? 0 : kcBlock * mcBlock
        let buffer = aFloats + bFloats == 0 ? nil
            : UnsafeMutableRawPointer.allocate(byteCount: (aFloats + bFloats) * 4, alignment: 64)
                .bindMemory(to: Float.self, capacity: aFloats + bFloats)
        defer { buffer?.deallocate() }
        let packedB = buffer ?? UnsafeMutablePointer(mutating: a.base)  // never used when nothing is packed
        let packedA = packedB + bFloats

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
                for ic in stride(from: rows.lowerBound, to: rows.upperBound, by: mcBlock) {
                    let mc = Swift.min(mcBlock, rows.upperBound - ic)
                    if !aInPlace { Gemm.pack(a, i0: ic, count: mc, p0: pc, kc: kc, width: mr, into: packedA) }
                    for ir in stride(from: 0, to: mc, by: mr) {
                        let rowCount = Swift.min(mr, mc - ir)
                        let aSliver = aInPlace ? a.offset(i: ic + ir, p: pc) : UnsafePointer(packedA + ir * kc)
                        let aRow = aInPlace ? a.strideI : 1, aStep = aInPlace ? 1 : mr
                        for jr in stride(from: 0, to: nc, by: nr) {
                            let inPlace = jr < fullCols
                            let bSliver = inPlace ? b.offset(i: jc + jr, p: pc)
                                : UnsafePointer(packedB + (jr - fullCols) * kc)
                            Gemm.runStrided(kc: kc, a: aSliver, aRow: aRow, aStep: aStep, rows: rowCount,
                                            b: bSliver, bStep: inPlace ? b.strideP : nr,
                                            c: c + (ic + ir) * ldc + jc + jr, ldc: ldc,
                                            cols: Swift.min(nr, nc - jr), addToC: addToC)
                        }
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
