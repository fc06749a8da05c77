/// Products with a long k and a small C, such as a convolution's weight gradient `g · colᵀ` (8 × 9 over
/// k = 50,176 and 16 × 72 over k = 12,544 in the cnn workload): C is one or a few tiles, so the packed
/// path cannot split it between threads (it splits C into bands) and runs on one thread, computing
/// mostly zero-padded tile columns.
///
/// Here each k block's product is computed on its own, in parallel, into a scratch (by the small or
/// the packed path, which both sum a block from zero in increasing k with fused multiply-adds), and the
/// block products are then added to C in increasing block order: C = ((b₀ + b₁) + b₂) + ..., exactly the
/// sums the packed path forms when it stores its first k block and adds the later ones. The blocks are
/// the packed path's (`kBlock(k:)`), so the bits are the same and do not depend on the threads.
extension Gemm {
    /// C may have at most this many elements for the k-block path: the block products must be cheap to
    /// add up, and a larger C already gives the packed path bands to split between threads.
    static let kBlockedResultLimit = 4096
    /// Floats of scratch for block products at a time (64 KiB).
    static let kBlockScratch = 16_384

    /// Whether `multiply` takes the k-block path for these sizes (which depends on the sizes alone).
    static func isKBlocked(m: Int, n: Int, k: Int) -> Bool {
        k > kcMax && m * n <= kBlockedResultLimit
    }

    /// The k-block path; same contract as `multiply` with m, n ≥ 1 and k > `kcMax`.
    static func multiplyByKBlocks(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, transposeA: Bool,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, threads: Int
    ) {
        let kc = kBlock(k: k), blocks = (k + kc - 1) / kc, size = m * n
        let group = Swift.max(1, Swift.min(blocks, kBlockScratch / size))
        withUnsafeTemporaryAllocation(of: Float.self, capacity: group * size) { scratch in
            let products = scratch.baseAddress!
            var first = 0
            while first < blocks {
                let count = Swift.min(group, blocks - first)
                let blockProducts = { (range: Range<Int>) in
                    for g in range {
                        let p0 = (first + g) * kc
                        // op(A)[i, p0 ...] and op(B)[p0 ..., j]: the block's first step.
                        multiply(m: m, n: n, k: Swift.min(kc, k - p0),
                                 a: a + (transposeA ? p0 * lda : p0), lda: lda, transposeA: transposeA,
                                 b: b + (transposeB ? p0 : p0 * ldb), ldb: ldb, transposeB: transposeB,
                                 c: products + g * size, ldc: n, accumulate: false, threads: 1)
                    }
                }
                if threads > 1 {
                    ParallelLoop.forEach(count, workPerItem: size * kc, blockProducts)
                } else {
                    blockProducts(0 ..< count)
                }
                for g in 0 ..< count {
                    let block = products + g * size
                    let add = accumulate || first + g > 0
                    for i in 0 ..< m {
                        let cRow = c + i * ldc, bRow = block + i * n
                        if add {
                            for j in 0 ..< n { cRow[j] = cRow[j] + bRow[j] }
                        } else {
                            cRow.update(from: bRow, count: n)
                        }
                    }
                }
                first += count
            }
        }
    }
}
