/// Records what a person types into a session as a notebook, for the REPL's `:save`: each statement that
/// ran, with its output or its error, after the format line and the seed the session started from.
public struct NotebookRecorder {
    private(set) var cells: [Notebook.Cell] = []
    /// The seed in force when recording started (or when the session was reset).
    public var seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
    }

    /// Adds one statement as it ran: its text (a `fit` stopped by Ctrl-C as the `fit` that trains as much)
    /// and its output, or its error as the `error: ...` line that a replay then expects. A failed
    /// statement changed nothing, so its replay fails the same way and changes nothing either.
    public mutating func record(_ outcome: Session.Outcome) {
        // A statement that Ctrl-C stopped and undid (a loop) changed nothing: a replay must not run it.
        if outcome.interrupted && outcome.error != nil { return }
        let lines = outcome.recordedSource.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        cells.append(Notebook.Cell(lines: lines, line: 0, output: outcome.recordedOutput))
    }

    /// The number of inputs recorded.
    public var count: Int { cells.count }

    /// Forgets what was recorded (`:reset`), starting again from `seed`.
    public mutating func reset(seed: UInt64) {
        cells = []
        self.seed = seed
    }

    /// The notebook so far.
    public var notebook: Notebook {
        var items: [Notebook.Item] = [.metadata(key: "dlnb", value: String(Notebook.formatVersion)),
                                      .metadata(key: "seed", value: String(seed))]
        items += cells.map { .code($0) }
        return Notebook(items: items)
    }
}
