import Synchronization
import Testing
@testable import DLEngine

/// The thread pool under many tiny jobs from several callers at once: every part of every job must run
/// exactly once, and all of them before `run` returns. (A claim that straddled two jobs once ran a part
/// twice and let a job end early, so a worker then called the next job's closure after it was cleared.)
@Suite struct GemmWorkersTests {
    /// Runs `jobs` jobs of 1...5 parts each on the shared pool; returns how many parts ran a wrong
    /// number of times or after `run` returned.
    static func stress(jobs: Int, caller: Int) -> Int {
        var wrong = 0
        let counts = UnsafeMutableBufferPointer<Atomic<Int>>.allocate(capacity: 8)
        defer { counts.deallocate() }
        for job in 0 ..< jobs {
            let parts = 1 + (job &* 7 &+ caller) % 5
            for part in 0 ..< parts { (counts.baseAddress! + part).initialize(to: Atomic(0)) }
            let shared = UncheckedSendable(value: counts)
            let ran = GemmWorkers.shared.run(parts: parts) { part in
                shared.value[part].add(1, ordering: .relaxed)
            }
            if ran {
                for part in 0 ..< parts where counts[part].load(ordering: .acquiring) != 1 { wrong += 1 }
            }
            // Whatever arrives late (a part run after `run` returned) shows up in this later look.
            for part in 0 ..< parts where counts[part].load(ordering: .acquiring) > 1 { wrong += 1 }
        }
        return wrong
    }

    @Test func everyPartRunsExactlyOnceUnderContention() async {
        let wrong = await withTaskGroup(of: Int.self) { group in
            for caller in 0 ..< 3 {
                group.addTask { GemmWorkersTests.stress(jobs: 50_000, caller: caller) }
            }
            var total = 0
            for await count in group { total += count }
            return total
        }
        #expect(wrong == 0)
    }
}
