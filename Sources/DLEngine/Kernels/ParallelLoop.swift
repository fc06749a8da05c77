/// Splits a loop over independent items (images, channel planes) into contiguous chunks run on the
/// matrix kernel's thread pool (`GemmWorkers`), for the memory-bound rearrangements around a
/// convolution (im2col, col2im, pooling) that would otherwise leave the second core idle.
///
/// Determinism: every item is computed by exactly one chunk, with the same arithmetic whatever the
/// number of chunks, so the results do not depend on the threads. Bodies must write disjoint memory.
enum ParallelLoop {
    /// Below this many units of work in all (roughly: floats touched), one thread does everything:
    /// waking the pool costs more than it saves.
    static let threshold = 32_768

    /// Chunks per thread. The pool's threads claim chunks as they come free, so a helper that wakes
    /// late (or shares its core with another process) leaves its remaining chunks to the caller
    /// instead of keeping it waiting.
    static let chunksPerThread = 4

    /// Calls `body(range)` for contiguous ranges that together cover `0 ..< count`, on up to
    /// `Gemm.maxThreads` threads when `count · workPerItem` reaches ``threshold``. Runs everything on the
    /// calling thread when the pool is busy (another thread is multiplying).
    static func forEach(_ count: Int, workPerItem: Int, _ body: (Range<Int>) -> Void) {
        let (work, overflow) = count.multipliedReportingOverflow(by: Swift.max(1, workPerItem))
        guard Gemm.maxThreads > 1, count > 1, overflow || work >= threshold else { return body(0 ..< count) }
        let parts = Swift.min(Gemm.maxThreads * chunksPerThread, count)
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(value: body)
            let chunk: @Sendable (Int) -> Void = { part in
                shared.value(count * part / parts ..< count * (part + 1) / parts)
            }
            if !GemmWorkers.shared.run(parts: parts, chunk) {
                for part in 0 ..< parts { chunk(part) }
            }
        }
    }
}

/// Carries a value into a `@Sendable` closure whose concurrent uses the caller has made safe (here:
/// chunks that write disjoint memory and finish before `forEach` returns).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}
