#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// When a progress display redraws during a fit: the first time it is asked, then at most once every
/// `interval` seconds. The REPL's progress line and `dlnb-bench`'s stand-in for it share it.
///
/// `fit` reports progress after every batch, thousands of times a second for a small network. The time is
/// read from the kernel's coarse monotonic clock (`CLOCK_MONOTONIC_COARSE`: the last timer tick, a few
/// milliseconds fine, read from memory in a few nanoseconds). The precise clock reads the processor's
/// time-stamp counter, an instruction that waits for the instructions before it to finish: read every
/// batch, it cost the article's spiral 9 % of its training time (measured with and without it).
public struct ProgressPacer: Sendable {
    /// The least time between two redraws, in seconds.
    public let interval: Double
    private var last: Double?

    public init(interval: Double) { self.interval = interval }

    /// Whether to redraw now (and if so, the interval starts again from now).
    public mutating func isDue() -> Bool {
        let now = Self.now()
        if let last, now - last < interval { return false }
        last = now
        return true
    }

    /// Forgets the last redraw: the next ``isDue()`` is true.
    public mutating func reset() { last = nil }

    /// Seconds on the coarse monotonic clock (from an arbitrary start; a timer tick's resolution).
    public static func now() -> Double {
        var time = timespec()
        #if os(Linux)
        clock_gettime(CLOCK_MONOTONIC_COARSE, &time)
        #else
        clock_gettime(CLOCK_MONOTONIC, &time)
        #endif
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
