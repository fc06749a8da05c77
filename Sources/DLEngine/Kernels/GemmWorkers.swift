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
    // @unchecked: `job` and `parts` are written only by the owner of `busy` before it publishes a new
    // `generation` (release), and read by workers after they observe it (acquire).
    static let shared = GemmWorkers(workers: Gemm.maxThreads - 1)

    /// The helper threads started (written once, in init, before any product runs).
    private(set) var workers = 0
    private let generation = Atomic<Int>(0)
    private let nextPart = Atomic<Int>(0)
    private let finishedParts = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private var job: (@Sendable (Int) -> Void)? = nil
    private var parts = 0
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let spinLimit = 100_000

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

    /// Runs `body(0..<parts)` on the caller and up to `workers` helpers; returns when all parts are done.
    /// Returns false without running anything when the pool is in use by another caller.
    func run(parts: Int, _ body: @escaping @Sendable (Int) -> Void) -> Bool {
        guard workers > 0, busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else { return false }
        job = body
        self.parts = parts
        nextPart.store(0, ordering: .relaxed)
        finishedParts.store(0, ordering: .relaxed)
        generation.add(1, ordering: .sequentiallyConsistent)
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

    /// Claims and runs parts until none is left.
    private func work() {
        while true {
            let part = nextPart.add(1, ordering: .relaxed).oldValue
            if part >= parts { return }
            job!(part)
            finishedParts.add(1, ordering: .releasing)
        }
    }

    /// A worker's life: wait for a new generation (spinning, then sleeping), help with it, repeat.
    private func serve() -> Never {
        var seen = 0
        while true {
            var polls = 0
            while generation.load(ordering: .acquiring) == seen && polls < spinLimit { polls += 1 }
            if generation.load(ordering: .acquiring) == seen {
                pthread_mutex_lock(mutex)
                sleepers.add(1, ordering: .sequentiallyConsistent)
                while generation.load(ordering: .sequentiallyConsistent) == seen { pthread_cond_wait(wake, mutex) }
                sleepers.subtract(1, ordering: .sequentiallyConsistent)
                pthread_mutex_unlock(mutex)
            }
            seen = generation.load(ordering: .acquiring)
            work()
        }
    }
}
