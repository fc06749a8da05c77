/// Ctrl-C for the engine's long work other than `fit` (which has its own stop callback and keeps what it
/// learnt): predictions and evaluations over many samples, the synthetic data sets. The host binds
/// ``isRequested`` around the work it runs (a REPL statement); the loops ask it between batches, never
/// per element, and throw ``EngineError/interrupted(_:)``, so the work ends as a failed statement, which
/// changes nothing.
public enum Interruption {
    /// Whether the user asked to stop; `false` unless a host binds it (`$isRequested.withValue`).
    @TaskLocal public static var isRequested: @Sendable () -> Bool = { false }

    /// Throws ``EngineError/interrupted(_:)`` saying how far the work got, when a stop was asked for.
    @inline(__always)
    static func check(_ progress: @autoclosure () -> String) throws {
        if isRequested() { throw EngineError.interrupted(progress()) }
    }
}
