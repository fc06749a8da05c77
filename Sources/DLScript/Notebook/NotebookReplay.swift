/// Replaying a notebook: every cell's statements run in one session, in order, and their outputs are
/// collected beside the recorded ones.
public struct NotebookReplay {
    /// A statement that raised an error its cell had not recorded.
    public struct Failure {
        /// The error, with its line counted in the notebook file.
        public let error: ScriptError
        /// The cell's source (for the caret display).
        public let cell: Notebook.Cell
    }

    /// The notebook as recorded.
    public let recorded: Notebook
    /// The notebook with each replayed cell's fresh output; cells not reached keep their recorded output.
    public private(set) var replayed: Notebook
    /// Errors that the notebook did not record, in order.
    public private(set) var failures: [Failure] = []
    /// Whether a statement was interrupted (Ctrl-C).
    public private(set) var interrupted = false

    /// Replays `notebook` in `session`: sets the seed from `#! seed`, applies `parameters` (`name` →
    /// source text replacing the right-hand side of the first `name = ...` statement), then runs each
    /// cell. An error that the cell's recorded output does not hold (as `error: message`) is a failure,
    /// and stops the replay unless `keepGoing`.
    public init(_ notebook: Notebook, session: Session, parameters: [String: String] = [:], keepGoing: Bool = false) {
        recorded = notebook
        replayed = notebook
        if let seed = notebook.metadata("seed").flatMap(UInt64.init) { session.setSeed(seed) }
        var pending = parameters
        for (index, item) in notebook.items.enumerated() {
            guard case .code(var cell) = item else { continue }
            if let (name, value) = NotebookReplay.parameter(in: cell, pending) {
                cell.lines = ["\(name) = \(value)"]
                pending[name] = nil
            }
            var output: [String] = []
            var failed = false
            for outcome in session.run(cell.parse(), source: cell.source) {
                if let text = outcome.output { output += text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
                if let error = outcome.error {
                    let line = "error: \(error.message)"
                    output.append(line)
                    if !cell.output.contains(line) {
                        var located = error
                        located.location.line += cell.line - 1
                        failures.append(Failure(error: located, cell: cell))
                        failed = true
                    }
                }
                if session.wasInterrupted { interrupted = true }
            }
            cell.output = output
            replayed.items[index] = .code(cell)
            if interrupted || (failed && !keepGoing) { break }
        }
    }

    /// The parameter that `cell` assigns (a single `name = ...` statement), if one is pending.
    private static func parameter(in cell: Notebook.Cell, _ pending: [String: String]) -> (String, String)? {
        guard !pending.isEmpty else { return nil }
        let (statements, errors) = cell.parse()
        guard errors.isEmpty, statements.count == 1, case let .assignment(names, _, _) = statements[0].statement,
              names.count == 1, let value = pending[names[0]] else { return nil }
        return (names[0], value)
    }

    /// The notebook to write back: fresh outputs where they differ from the recorded ones beyond the
    /// tolerance, the recorded text where they agree (so an unchanged notebook stays byte for byte). With
    /// `refreshingVariableParts`, the recorded text takes this run's `{{...}}` values (durations), as the
    /// transcript of `dlnb run`, `--update` and export show them.
    public func updated(relativeTolerance: Double, refreshingVariableParts: Bool = false) -> Notebook {
        var result = replayed
        for (index, item) in replayed.items.enumerated() {
            guard case .code(let fresh) = item, case .code(var old) = recorded.items[index] else { continue }
            if fresh.lines == old.lines,
               OutputComparison.matches(old.output, fresh.output, relativeTolerance: relativeTolerance) {
                if refreshingVariableParts {
                    old.output = zip(old.output, fresh.output).map { OutputComparison.refreshingVariableParts($0, from: $1) }
                }
                result.items[index] = .code(old)
            }
        }
        return result
    }

    /// The names in `parameters` that no cell of `notebook` assigns as a single `name = ...` statement
    /// (what `-p NAME=VALUE` replaces), in order.
    public static func unknownParameters(_ parameters: [String: String], in notebook: Notebook) -> [String] {
        var pending = parameters
        for cell in notebook.cells {
            if let (name, _) = parameter(in: cell, pending) { pending[name] = nil }
        }
        return pending.keys.sorted()
    }

    /// Whether every replayed cell's output agrees with the recording.
    public func matchesRecording(relativeTolerance: Double) -> Bool {
        updated(relativeTolerance: relativeTolerance).rendered() == recorded.rendered()
    }
}
