#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
@testable import DLEngine

/// Subnormal floats are flushed to zero during `fit` (``Subnormals``): on the calling thread, on the pool's
/// helpers for the caller's jobs only, and nowhere outside a fit.
@Suite struct SubnormalsTests {
    /// A quarter of the smallest normal float: a subnormal (read from memory, so the compiler cannot fold
    /// it), made from its bits: computed, it would be 0 if first read on a flushed thread.
    static let tinyValues: [Float] = [Float(bitPattern: 0x0020_0000)]

    /// tiny · 1, computed at run time: the subnormal itself under IEEE rules, 0 when flushed.
    @inline(never) static func tinyTimesOne(_ one: Float = 1) -> Float { tinyValues[0] * one }

    /// A thread starts in its creator's mode (Linux copies it), so a test-runner thread made while another
    /// test's fit ran starts flushed: each test first puts its thread in the IEEE mode (in its body, the
    /// thread it runs on).
    static func startFromIEEE() { Subnormals.setFlushed(false) }

    @Test func flushingFlushesOnThisThreadAndPutsTheModeBack() {
        Self.startFromIEEE()
        #expect(!Subnormals.areFlushed)
        #expect(Self.tinyTimesOne() == Float.leastNormalMagnitude / 4)
        #expect(Self.tinyTimesOne().isSubnormal)
        let (inside, nested, afterNested) = Subnormals.flushing {
            let inside = Self.tinyTimesOne()
            let nested = Subnormals.flushing { Self.tinyTimesOne() }
            return (inside, nested, Self.tinyTimesOne())
        }
        #expect(inside == 0 && nested == 0 && afterNested == 0)
        // Operands too (denormals-are-zero): a subnormal plus the smallest normal reads as the normal.
        let sum = Subnormals.flushing { Self.tinyValues[0] + Float.leastNormalMagnitude }
        #expect(sum == Float.leastNormalMagnitude)
        #expect(!Subnormals.areFlushed)
        #expect(Self.tinyTimesOne().isSubnormal)
    }

    @Test func theModeIsPutBackWhenTheBodyThrows() {
        Self.startFromIEEE()
        struct Failure: Error {}
        #expect(throws: Failure.self) { try Subnormals.flushing { throw Failure() } }
        #expect(!Subnormals.areFlushed)
        #expect(Self.tinyTimesOne().isSubnormal)
    }

    /// Runs a job of two parts on the shared pool, the first part waiting until the second has run, so the
    /// two run on two threads (the caller and a helper, whichever claims which); returns each part's
    /// tiny · 1 and thread. `nil` when the pool has no helper; retries while another test holds it.
    static func twoThreadJob() -> [(value: Float, thread: pthread_t)]? {
        guard Gemm.maxThreads > 1 else { return nil }
        let values = UnsafeMutableBufferPointer<Float>.allocate(capacity: 2)
        let threads = UnsafeMutableBufferPointer<pthread_t>.allocate(capacity: 2)
        defer { values.deallocate(); threads.deallocate() }
        let secondDone = UnsafeMutablePointer<Atomic<Bool>>.allocate(capacity: 1)
        secondDone.initialize(to: Atomic(false))
        defer { secondDone.deinitialize(count: 1); secondDone.deallocate() }
        let shared = UncheckedSendable(value: (values, threads, secondDone))
        var done = false
        for _ in 0 ..< 10_000 where !done {
            done = GemmWorkers.shared.run(parts: 2) { part in
                let (values, threads, secondDone) = shared.value
                if part == 0 {
                    // At most about ten seconds (a helper asleep on a busy machine wakes well before).
                    var polls = 0
                    while !secondDone.pointee.load(ordering: .acquiring) && polls < 10_000 { usleep(1000); polls += 1 }
                }
                values[part] = tinyTimesOne()
                threads[part] = pthread_self()
                if part == 1 { secondDone.pointee.store(true, ordering: .releasing) }
            }
            if !done { usleep(1000) }
        }
        guard done else { return nil }
        return [(values[0], threads[0]), (values[1], threads[1])]
    }

    @Test func theHelpersTakeTheCallersModeJobByJob() throws {
        Self.startFromIEEE()
        // Flushed, then not, then flushed again: a helper left flushed by one job must not stay so.
        for flushed in [true, false, true] {
            let parts = flushed ? Subnormals.flushing { Self.twoThreadJob() } : Self.twoThreadJob()
            guard let parts else { return }  // one thread: nothing to hand over
            #expect(pthread_equal(parts[0].thread, parts[1].thread) == 0, "both parts ran on one thread")
            for part in parts {
                #expect(flushed ? part.value == 0 : part.value.isSubnormal, "flushed: \(flushed), got \(part.value)")
            }
        }
        #expect(!Subnormals.areFlushed)
    }

    /// A fit computes flushed: with a learning rate of 0 the update w − 0 · ∂w reads subnormal weights
    /// as 0 and stores 0, on the buffered step and on the autodiff step alike (outside a fit the same
    /// arithmetic keeps the subnormal: the first test).
    @Test func fitFlushesSubnormalWeightsToZero() throws {
        Self.startFromIEEE()
        for buffered in [true, false] {
            var rng = RandomGenerator(seed: 3)
            let data = try Dataset.spiral(pointsPerClass: 10, classes: 3, using: &rng)
            let linear = try Linear(inputSize: 2, outputSize: 3, using: &rng)
            linear.weight.data = [Float](repeating: Self.tinyValues[0], count: 6)
            let model = Sequential([linear])
            var options = try TrainingOptions(epochs: 1, batchSize: 10, loss: SoftmaxCrossEntropy(),
                                              optimizer: try SGD(learningRate: 0))
            options.allowsBufferedSteps = buffered
            let history = try model.fit(data, options: options, using: &rng)
            #expect(history.completedEpochs == 1)
            #expect(linear.weight.data == [Float](repeating: 0, count: 6), "buffered: \(buffered)")
            #expect(!Subnormals.areFlushed)
        }
    }
}
