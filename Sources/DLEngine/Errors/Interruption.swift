import Foundation

/// Ctrl-C for the engine's long work other than `fit` (which has its own stop callback and keeps what it
/// learnt): predictions and evaluations over many samples, the synthetic data sets. The host asks its
/// question around the work it runs (``asking(_:_:)`` around a REPL statement); the loops ask it between
/// batches, never per element, and throw ``EngineError/interrupted(_:)``, so the work ends as a failed
/// statement, which changes nothing.
///
/// The question is kept per thread (in the thread's dictionary), so sessions on other threads (tests run
/// in parallel) never see it. Not a `@TaskLocal`: this toolchain's optimized builds crash in
/// `swift_task_localValuePush` when `withValue` runs outside a task (Swift 6 on Linux, -O; debug builds
/// do not), which made the release `dlnb` fail on its first statement.
public enum Interruption {
    /// The question, boxed for the thread's dictionary.
    private final class Question: NSObject {
        let isRequested: () -> Bool
        init(_ isRequested: @escaping () -> Bool) { self.isRequested = isRequested }
    }

    private static let key = "DLEngine.Interruption.question"

    /// Runs `body` with `isRequested` as this thread's question (the one before it comes back after).
    public static func asking<R>(_ isRequested: @escaping () -> Bool, _ body: () throws -> R) rethrows -> R {
        let dictionary = Thread.current.threadDictionary
        let previous = dictionary[key]
        dictionary[key] = Question(isRequested)
        defer { dictionary[key] = previous }
        return try body()
    }

    /// Whether the user asked to stop; `false` unless a host asks around the work (``asking(_:_:)``).
    public static var isRequested: Bool {
        (Thread.current.threadDictionary[key] as? Question)?.isRequested() ?? false
    }

    /// Throws ``EngineError/interrupted(_:)`` saying how far the work got, when a stop was asked for.
    @inline(__always)
    static func check(_ progress: @autoclosure () -> String) throws {
        if isRequested { throw EngineError.interrupted(progress()) }
    }
}
