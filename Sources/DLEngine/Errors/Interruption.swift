#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ctrl-C for the engine's long work other than `fit` (which has its own stop callback and keeps what it
/// learnt): predictions and evaluations over many samples, the synthetic data sets. The host asks for it
/// around the work it runs (a REPL statement, ``asking(_:_:)``); the loops ask between batches, never per
/// element, and throw ``EngineError/interrupted(_:)``, so the work ends as a failed statement, which
/// changes nothing.
///
/// The question belongs to the thread that runs the work (a thread-local), so sessions on other threads
/// (tests run in parallel) are not stopped by it. (A `@TaskLocal` would be the natural form, but binding
/// one inside another from synchronous code crashed in `swift_task_localValuePush` here.)
public enum Interruption {
    /// Runs `body` with `isRequested` as the question for this thread's long loops, then puts back the
    /// question it replaced. `{ false }` shields work that must complete (a fit's validation).
    public static func asking<R>(_ isRequested: @escaping () -> Bool, _ body: () throws -> R) rethrows -> R {
        let previous = pthread_getspecific(key)
        let box = Unmanaged.passRetained(Question(isRequested))
        pthread_setspecific(key, box.toOpaque())
        defer {
            pthread_setspecific(key, previous)
            box.release()
        }
        return try body()
    }

    /// Whether this thread's work should stop; `false` where no one asked.
    static var isRequested: Bool {
        guard let raw = pthread_getspecific(key) else { return false }
        return Unmanaged<Question>.fromOpaque(raw).takeUnretainedValue().isRequested()
    }

    /// Throws ``EngineError/interrupted(_:)`` saying how far the work got, when a stop was asked for.
    @inline(__always)
    static func check(_ progress: @autoclosure () -> String) throws {
        if isRequested { throw EngineError.interrupted(progress()) }
    }

    private final class Question {
        let isRequested: () -> Bool
        init(_ isRequested: @escaping () -> Bool) { self.isRequested = isRequested }
    }

    /// The thread-local slot; made once (the boxes are released by ``asking(_:_:)``, so no destructor).
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()
}
