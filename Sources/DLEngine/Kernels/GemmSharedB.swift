/// A large packed product split between threads by rows, with op(B) packed once for all of them.
///
/// Split by bands of rows, each thread of `Job.compute(rows:cols:)` packs all of op(B) for its band: at
/// N = 512 that is as many copies per multiply-add as packing A, and twice the packing of one thread's
/// share. Here B is packed first, once, into one buffer holding every (nc, kc) block in the packed
/// layout (the threads pack disjoint slivers), then the row bands, cut finer than one per thread and
/// claimed as threads come free (a late helper's share goes to the caller), read their B slivers from it
/// and pack only their own A. The tiles, their k blocks and their order are those of
/// `compute(rows:cols:)`, so the bits are the same (`GemmSharedBTests`).
extension Gemm {
    /// The largest op(B) (k × n, padded to whole slivers) packed once and shared: 1 MiB, so that the
    /// whole packed B stays in each core's 2 MiB L2. (With 4 MiB, at N = 1024, each core read half of
    /// every block from the other core's cache: 222-239 GFLOP/s against 253-290 with a B pack per band.)
    static let sharedBLimit = 1 << 18
    /// Row parts per thread in the compute phase.
    static let sharedPartsPerThread = 4

    /// Whether a product (packed, not read in place; split by rows on `threads` threads) takes this path.
    static func sharesPackedB(m: Int, n: Int, k: Int, tile: Tile, direct: Bool, threads: Int, splitRows: Bool) -> Bool {
        let paddedN = (n + tile.nr - 1) / tile.nr * tile.nr
        return threads > 1 && splitRows && !direct && k * paddedN <= sharedBLimit
            && (m + tile.mr - 1) / tile.mr >= 2 * threads
    }
}

extension Gemm.Job {
    /// Offset of the packed (jc, pc) block in the shared buffer: the full column blocks before jc hold
    /// k × ncBlock floats each; within a column block, the k blocks before pc hold kc × (its padded width).
    @inline(__always)
    func sharedOffset(jc: Int, pc: Int, paddedNc: Int) -> Int {
        jc * k + pc * paddedNc
    }

    /// Packs op(B) into `shared` with the threads, then computes C in row parts reading it.
    func runSharingB(threads: Int) {
        let (mr, nr) = (tile.mr, tile.nr)
        let kcBlock = Gemm.kBlock(k: k)
        let ncBlock = Swift.min(Gemm.ncMax, (n + nr - 1) / nr * nr)
        let paddedN = (n + nr - 1) / nr * nr
        let shared = GemmScratch.current.floats(slot: 1, count: k * paddedN)
        let job = self
        let sharedAddress = UncheckedSendable(value: shared)

        // Phase 1: every (jc, pc) block, its slivers split into parts.
        let slivers = paddedN / nr
        let packParts = Swift.min(slivers, threads * Gemm.sharedPartsPerThread)
        let pack: @Sendable (Int) -> Void = { part in
            let s0 = slivers * part / packParts, s1 = slivers * (part + 1) / packParts
            for jc in stride(from: 0, to: job.n, by: ncBlock) {
                let nc = Swift.min(ncBlock, job.n - jc), paddedNc = (nc + nr - 1) / nr * nr
                // This part's slivers within the column block.
                let first = Swift.max(s0 * nr, jc), last = Swift.min(s1 * nr, jc + nc)
                guard first < last else { continue }
                for pc in stride(from: 0, to: job.k, by: kcBlock) {
                    let kc = Swift.min(kcBlock, job.k - pc)
                    let block = sharedAddress.value + job.sharedOffset(jc: jc, pc: pc, paddedNc: paddedNc)
                    Gemm.pack(job.b, i0: first, count: last - first, p0: pc, kc: kc, width: nr,
                              into: block + (first - jc) * kc)
                }
            }
        }
        if !GemmWorkers.shared.run(parts: packParts, pack) {
            for part in 0 ..< packParts { pack(part) }
        }

        // Phase 2: row parts, each packing its own A.
        let rowUnits = (m + mr - 1) / mr
        let parts = Swift.min(rowUnits, threads * Gemm.sharedPartsPerThread)
        let band: @Sendable (Int) -> Void = { part in
            let lo = rowUnits * part / parts * mr, hi = Swift.min(rowUnits * (part + 1) / parts * mr, job.m)
            job.compute(rows: lo ..< hi, cols: 0 ..< job.n, sharedB: sharedAddress.value)
        }
        if !GemmWorkers.shared.run(parts: parts, band) {
            for part in 0 ..< parts { band(part) }
        }
    }
}
