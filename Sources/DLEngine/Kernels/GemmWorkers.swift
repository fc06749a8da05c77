#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The helper threads of `Gemm`: a small persistent pool whose threads spin briefly between products.
///
/// Why not `DispatchQueue.concurrentPerform`: waking an idle Dispatch worker costs tens of microseconds on
/// Linux, as much as a whole 128×128 product; a 256×256 product ran at 180 GFLOP/s with it and ~230 with
/// this pool. After a job the workers spin for about `spinLimit` polls (a fraction of a millisecond),
/// catching the next product of a training step, and then sleep on a condition variable.
///
/// One caller at a time: a product that finds the pool busy (another thread is multiplying) runs on its
/// own thread, which gives the same bits, only slower.
final class GemmWorkers: @unchecked Sendable {
    // @unchecked: `job` and `jobFlushesSubnormals` are written only by the owner of `busy`: before it
    // publishes a new `ticket` (release), and after every part claimed under that ticket has finished.
    // Workers read them only after claiming a part, so they never see them change.
    static let shared = GemmWorkers(workers: Gemm.maxThreads - 1)

    /// The helper threads started (written once, in init, before any product runs).
    private(set) var workers = 0
    /// The current job in one word: its generation (high bits), its number of parts and the next part to
    /// claim. A part is claimed by a compare-and-exchange of the whole word, so a worker that looked at an
    /// older job can never claim (or miscount) a part of a newer one.
    private let ticket = Atomic<UInt64>(0)
    private let finishedParts = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private var job: (@Sendable (Int) -> Void)? = nil
    /// Whether the caller of the current job flushes subnormals (``Subnormals``): a helper takes the
    /// caller's mode before computing a part, so that the parts have the bits the caller would compute.
    private var jobFlushesSubnormals = false
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let spinLimit = 100_000

    /// Bits of the ticket for the part counters; the generation has the rest (wrapping is harmless: a
    /// worker compares generations only for equality, and 2^24 jobs never pass while one sleeps).
    private static let partBits: UInt64 = 20
    private static let partMask: UInt64 = (1 << partBits) - 1
    /// Jobs with more parts than this run on the caller alone.
    static let maxParts = Int(partMask)

    private init(workers: Int) {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wake, nil)
        var started = 0
        for _ in 0..<max(0, workers) {
            var thread = pthread_t()
            let context = Unmanaged.passRetained(self).toOpaque()
            let status = pthread_create(&thread, nil, { context in
                Unmanaged<GemmWorkers>.fromOpaque(context!).takeRetainedValue().serve()
            }, context)
            guard status == 0 else {
                // No thread (a process limit): release the reference it would have taken and multiply
                // with fewer helpers; the results are the same.
                Unmanaged<GemmWorkers>.fromOpaque(context).release()
                break
            }
            pthread_detach(thread)
            started += 1
        }
        self.workers = started
    }

    private static func generation(_ ticket: UInt64) -> UInt64 { ticket >> (2 * partBits) }

    /// Runs `body(0..<parts)` on the caller and up to `workers` helpers; returns when all parts are done.
    /// Returns false without running anything when the pool is in use by another caller.
    func run(parts: Int, _ body: @escaping @Sendable (Int) -> Void) -> Bool {
        guard workers > 0, parts > 0, parts <= Self.maxParts,
              busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else { return false }
        job = body
        jobFlushesSubnormals = Subnormals.areFlushed
        finishedParts.store(0, ordering: .relaxed)
        let next = (Self.generation(ticket.load(ordering: .relaxed)) &+ 1) << (2 * Self.partBits)
            | UInt64(parts) << Self.partBits
        ticket.store(next, ordering: .sequentiallyConsistent)
        if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
            pthread_mutex_lock(mutex)
            pthread_cond_broadcast(wake)
            pthread_mutex_unlock(mutex)
        }
        work()
        while finishedParts.load(ordering: .acquiring) < parts {}
        job = nil
        busy.store(false, ordering: .releasing)
        return true
    }

    /// Claims and runs parts of the current job until none is left.
    private func work() {
        var current = ticket.load(ordering: .acquiring)
        while true {
            let part = current & Self.partMask
            guard part < (current >> Self.partBits) & Self.partMask else { return }
            let (exchanged, seen) = ticket.compareExchange(
                expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
            guard exchanged else { current = seen; continue }
            // Claimed: the caller waits for this part, so `job` stays set until it is finished.
            if Subnormals.areFlushed != jobFlushesSubnormals { Subnormals.setFlushed(jobFlushesSubnormals) }
            job!(Int(part))
            finishedParts.add(1, ordering: .releasing)
            current += 1
        }
    }

    /// A worker's life: wait for a new generation (spinning, then sleeping), help with it, repeat.
    private func serve() -> Never {
        // A new thread starts in its creator's floating-point mode (Linux copies it): the pool may be
        // made during a fit, so a helper starts from the IEEE mode, which its bookkeeping assumes.
        Subnormals.setFlushed(false)
        var seen: UInt64 = 0
        func isNew() -> Bool { Self.generation(ticket.load(ordering: .sequentiallyConsistent)) != seen }
        while true {
            var polls = 0
            while !isNew() && polls < spinLimit { polls += 1 }
            if !isNew() {
                pthread_mutex_lock(mutex)
                sleepers.add(1, ordering: .sequentiallyConsistent)
                while !isNew() { pthread_cond_wait(wake, mutex) }
                sleepers.subtract(1, ordering: .sequentiallyConsistent)
                pthread_mutex_unlock(mutex)
            }
            seen = Self.generation(ticket.load(ordering: .acquiring))
            work()
        }
    }
}
