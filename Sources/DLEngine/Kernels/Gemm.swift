#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Single-precision matrix multiply: C = op(A) · op(B) (+ C when accumulating), row-major with leading
/// dimensions.
///
/// Computed GotoBLAS/BLIS-style: a kc × nc block of op(B) and an mc × kc block of op(A) are packed into
/// contiguous slivers (`GemmPacking.swift`), and a register-blocked micro-kernel (`GemmMicroKernel.swift`)
/// computes MR × NR tiles of C from them. Large products split the rows (or columns) of C across threads
/// (`GemmWorkers.swift`). Parameters and measurements: docs/PERFORMANCE.md.
///
/// Determinism: every element of C is summed over k in the same order whatever the thread count, tile
/// shape or block sizes: k is cut into blocks whose length depends only on `k`; within a block the terms
/// are fused-multiply-added in increasing k starting from zero, and the block sums are added to C in
/// increasing k. Threads own disjoint blocks of C and never split k.
public enum Gemm {
    /// How many threads large products may use: the number of active processors, at most 8.
    public static var maxThreads: Int { activeProcessors }

    private static let activeProcessors: Int = min(8, max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))

    /// C = op(A) · op(B) (+ C when `accumulate`), on up to `maxThreads` threads.
    ///
    /// - Shapes: op(A) is m × k: A is stored m × k (`lda` ≥ k) or, when `transposeA`, k × m (`lda` ≥ m).
    ///   op(B) is k × n: B is stored k × n (`ldb` ≥ n) or, when `transposeB`, n × k (`ldb` ≥ k).
    ///   C is m × n with `ldc` ≥ n. All row-major.
    /// - Edge cases: m = 0 or n = 0 touches nothing; k = 0 writes zeros (leaves C as is when
    ///   accumulating). Columns of C beyond n (the padding up to `ldc`) are never touched. C must not
    ///   overlap A or B.
    /// - Precondition: sizes ≥ 0 and leading dimensions at least a row; breaking it is a programming
    ///   error in the caller, as in BLAS (the tensor operations check user shapes and throw before
    ///   calling here, so nothing a user types reaches the trap).
    public static func multiply(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, transposeA: Bool,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool
    ) {
        multiply(m: m, n: n, k: k, a: a, lda: lda, transposeA: transposeA, b: b, ldb: ldb,
                 transposeB: transposeB, c: c, ldc: ldc, accumulate: accumulate, threads: maxThreads)
    }

    /// The same product on at most `threads` threads. The result is bit-identical for every
    /// `threads` ≥ 1 (the determinism test uses 1; a caller that is itself parallel may pass 1).
    public static func multiply(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, transposeA: Bool,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool, threads: Int
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "Gemm: negative size")
        precondition(ldc >= n && lda >= (transposeA ? m : k) && ldb >= (transposeB ? k : n),
                     "Gemm: leading dimension smaller than a row")
        if m == 0 || n == 0 { return }
        if k == 0 {
            if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
            return
        }
        if isKBlocked(m: m, n: n, k: k) {
            return multiplyByKBlocks(m: m, n: n, k: k, a: a, lda: lda, transposeA: transposeA, b: b, ldb: ldb,
                                     transposeB: transposeB, c: c, ldc: ldc, accumulate: accumulate, threads: threads)
        }
        if isSmall(m: m, n: n, k: k) {
            return multiplySmall(m: m, n: n, k: k, a: a, lda: lda, transposeA: transposeA, b: b, ldb: ldb,
                                 transposeB: transposeB, c: c, ldc: ldc, accumulate: accumulate)
        }
        let tile = Tile.forThisMachine
        let job = Job(
            m: m, n: n, k: k,
            a: Source(base: a, strideI: transposeA ? 1 : lda, strideP: transposeA ? lda : 1),
            b: Source(base: b, strideI: transposeB ? ldb : 1, strideP: transposeB ? 1 : ldb),
            c: c, ldc: ldc, accumulate: accumulate, tile: tile,
            direct: readsInPlace(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, tile: tile))
        let flops = 2.0 * Double(m) * Double(n) * Double(k)
        let serial = flops < parallelThreshold
            || (job.direct && !transposeB && k * n <= directBLimit && m * n * k <= directSerialLimit)
        job.run(threads: serial ? 1 : threads)
    }

    /// Products below this many flops run on the calling thread. Measured with the spinning pool: two
    /// threads already win at 64³ (117 against 100 GFLOP/s); below about 48³ the hand-off dominates.
    static let parallelThreshold = 2.0 * 48 * 48 * 48
    /// A product read entirely in place (`GemmDirect.swift`) of at most this many multiply-adds runs on
    /// the calling thread: 64³ takes 3.0-3.2 µs there (165-178 GFLOP/s), and a helper's hand-off
    /// measured no faster in the median (3.4 µs), and several times slower whenever another process held
    /// the helper's core (the caller then waits for a descheduled helper).
    static let directSerialLimit = 64 * 64 * 64
    /// Parts per thread for a product read entirely in place (see `Job.run`).
    static let finePartsPerThread = 2

    /// The longest k block. A packed A sliver (MR × kc, 8 KiB for 8×32) stays in L1 while the kernel
    /// streams the B block; longer blocks mean fewer passes over C. 128-512 measured within noise of
    /// each other above 512³; 256 was best or tied at every size.
    static let kcMax = 256
    /// Columns of op(B) packed at once: the kc × nc block (256 · 1024 · 4 B = 1 MiB) stays in the 2 MiB
    /// per-core L2. 2048 (2 MiB) lost 10-20 % at 1024³ and 2048³.
    static let ncMax = 1024
    /// Rows of op(A) packed at once (a multiple of both tiles' MR); 128 to 1024 measured the same.
    static let mcMax = 336

    /// The k-block length for a given k: at most `kcMax`, the blocks as even as possible. It depends on
    /// k alone, which is what makes the summation order independent of everything else.
    static func kBlock(k: Int) -> Int {
        let blocks = (k + kcMax - 1) / kcMax
        return (k + blocks - 1) / blocks
    }
}

extension Gemm {
    /// One product, ready to be cut into blocks of C.
    struct Job: @unchecked Sendable {
        // @unchecked: C is written by several threads, but each owns a disjoint block of rows or columns.
        var m: Int, n: Int, k: Int
        var a: Source, b: Source
        var c: UnsafeMutablePointer<Float>, ldc: Int
        var accumulate: Bool
        var tile: Tile
        /// Read a plain A and a plain B in place (`GemmDirect.swift`, the 8×32 tile only) instead of
        /// packing them. Same bits either way.
        var direct = false

        /// Splits C into `threads` bands of whole tiles along its longer (in tiles) side and runs them.
        func run(threads: Int) {
            let (mr, nr) = (tile.mr, tile.nr)
            let rowUnits = (m + mr - 1) / mr, colUnits = (n + nr - 1) / nr
            let bands = min(threads, max(rowUnits, colUnits))
            if bands <= 1 { return compute(rows: 0..<m, cols: 0..<n) }
            // Bands of rows, unless there are more column tiles, or A is read in place (`direct`) and
            // there are enough column tiles for every thread: then each thread packs only its own part of
            // B instead of all of it, and A is read by both without a copy.
            let readsAInPlace = direct && tile == .t8x32
            // Both operands read in place (a small product): a band packs nothing, so cut C finer than
            // one band per thread; the parts are claimed dynamically, so a helper that arrives late (or
            // not at all, when another process holds its core) still takes a share or leaves it to the
            // caller, instead of the caller waiting for it.
            let fine = readsAInPlace && b.strideI == 1 && k * n <= Gemm.directBLimit
            let splitRows = fine || !readsAInPlace ? rowUnits >= colUnits : colUnits < bands
            if Gemm.sharesPackedB(m: m, n: n, k: k, tile: tile, direct: direct, threads: bands, splitRows: splitRows) {
                return runSharingB(threads: bands)
            }
            let units = splitRows ? rowUnits : colUnits, unit = splitRows ? mr : nr
            let parts = fine ? min(units, threads * Gemm.finePartsPerThread) : bands
            let job = self
            let band: @Sendable (Int) -> Void = { part in
                let lo = units * part / parts * unit, hi = units * (part + 1) / parts * unit
                if splitRows { job.compute(rows: lo..<min(hi, job.m), cols: 0..<job.n) }
                else { job.compute(rows: 0..<job.m, cols: lo..<min(hi, job.n)) }
            }
            // The pool is busy when another thread is multiplying: then do all bands here (same bits).
            if !GemmWorkers.shared.run(parts: parts, band) {
                for part in 0..<parts { band(part) }
            }
        }

        /// C[rows, cols] on the calling thread, with its own pack buffers (or, given `sharedB`, B's
        /// blocks already packed by `runSharingB`, laid out as `sharedOffset` says; cols is then all
        /// of C's columns).
        ///
        /// Loop order (outer to inner): nc columns of B (packed, L2), kc steps, mc rows of A (packed),
        /// one MR sliver of A (L1), every NR sliver of the B block. Each C tile gets its k blocks in
        /// increasing order, the first one stored (unless accumulating) and the later ones added.
        func compute(rows: Range<Int>, cols: Range<Int>, sharedB: UnsafePointer<Float>? = nil) {
            if rows.isEmpty || cols.isEmpty { return }
            if direct && tile == .t8x32 { return computeDirect(rows: rows, cols: cols) }
            let (mr, nr) = (tile.mr, tile.nr)
            let kcBlock = Gemm.kBlock(k: k)
            let ncBlock = min(Gemm.ncMax, (cols.count + nr - 1) / nr * nr)
            let mcBlock = min(Gemm.mcMax / mr * mr, (rows.count + mr - 1) / mr * mr)
            // B's block, then A's (kc · ncBlock floats is a whole number of cache lines: ncBlock is a
            // multiple of NR).
            let ownB = GemmScratch.current.floats(slot: 0, count: kcBlock * (ncBlock + mcBlock))
            let packedA = ownB + kcBlock * ncBlock

            for jc in stride(from: cols.lowerBound, to: cols.upperBound, by: ncBlock) {
                let nc = min(ncBlock, cols.upperBound - jc)
                for pc in stride(from: 0, to: k, by: kcBlock) {
                    let kc = min(kcBlock, k - pc)
                    let addToC = accumulate || pc > 0
                    let packedB: UnsafePointer<Float>
                    if let sharedB {
                        packedB = sharedB + sharedOffset(jc: jc, pc: pc, paddedNc: (nc + nr - 1) / nr * nr)
                    } else {
                        Gemm.pack(b, i0: jc, count: nc, p0: pc, kc: kc, width: nr, into: ownB)
                        packedB = UnsafePointer(ownB)
                    }
                    for ic in stride(from: rows.lowerBound, to: rows.upperBound, by: mcBlock) {
                        let mc = min(mcBlock, rows.upperBound - ic)
                        Gemm.pack(a, i0: ic, count: mc, p0: pc, kc: kc, width: mr, into: packedA)
                        for ir in stride(from: 0, to: mc, by: mr) {
                            for jr in stride(from: 0, to: nc, by: nr) {
                                tile.run(kc: kc, a: packedA + ir * kc, b: packedB + jr * kc,
                                         c: c + (ic + ir) * ldc + jc + jr, ldc: ldc,
                                         rows: min(mr, mc - ir), cols: min(nr, nc - jr), addToC: addToC)
                            }
                        }
                    }
                }
            }
        }
    }
}
