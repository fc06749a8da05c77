import DLEngine
import DLScript

/// The user's path: a DLScript session, as the REPL and notebook replay make it, with a progress
/// reporter attached, running statements as a user types them. The workloads build their data, model and
/// optimizer with statements and time the `fit` statement, so what is measured is the `fit` built-in
/// (`Builtins/TrainingBuiltins.swift`) and everything it calls, progress reports included.
final class ScriptBench {
    let session: Session
    /// The progress reporter: the REPL's bar without the terminal. As the REPL's closure holds its
    /// `ProgressBar`, this one holds the reporter strongly (an unowned reference to the bench would cost
    /// two atomic operations per batch that the REPL does not pay).
    let progress = ProgressStandIn()

    init(seed: UInt64 = 0) {
        session = Session(seed: seed)
        let progress = self.progress
        session.onTrainingProgress = { progress.update($0) }
    }

    /// Runs statements; the first error stops them and is thrown with its statement.
    @discardableResult
    func run(_ source: String) throws -> [String] {
        var shown: [String] = []
        for outcome in session.run(source, stopOnError: true) {
            if let error = outcome.error {
                throw BenchError("line \(error.location.line): \(outcome.source.trimmingCharacters(in: .whitespaces)): \(error.message)")
            }
            if let output = outcome.output { shown.append(output) }
        }
        return shown
    }

    /// Runs statements and returns the seconds they took.
    func time(_ source: String) throws -> Double {
        let start = now()
        try run(source)
        return now() - start
    }

    /// The value of an expression that shows a number (`accuracy model data`).
    func number(_ expression: String) throws -> Double {
        guard let text = try run(expression).last, let value = Double(text) else {
            throw BenchError("\(expression): no number shown")
        }
        return value
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// What `ProgressBar.update` does every batch, without the terminal: it asks a ``ProgressPacer`` and
/// composes its line at most every 50 ms, but prints nothing.
final class ProgressStandIn {
    private(set) var reports = 0
    private(set) var lastLine = ""
    private var pacer = ProgressPacer(interval: 0.05)

    func update(_ p: TrainingProgress) {
        reports += 1
        guard pacer.isDue() else { return }
        lastLine = "epoch \(p.epoch)/\(p.epochs) batch \(p.batch)/\(p.batches) loss \(p.loss)"
            + (p.accuracy.map { " acc \($0)" } ?? "")
    }
}
