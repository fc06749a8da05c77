/// Records what a person types into a session as a notebook, for the REPL's `:save`: each input that
/// ran without error, with its output, after the format line and the seed the session started from.
public struct NotebookRecorder {
    private(set) var cells: [Notebook.Cell] = []
    /// The seed in force when recording started (or when the session was reset).
    public var seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
    }

    /// Adds one input (possibly several lines) and the outcomes it produced. Inputs with an error are
    /// left out, so that the saved notebook replays cleanly.
    public mutating func record(_ input: String, outcomes: [Session.Outcome]) {
        guard !outcomes.isEmpty, outcomes.allSatisfy({ $0.error == nil }) else { return }
        let output = outcomes.compactMap(\.output).flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        let lines = input.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        cells.append(Notebook.Cell(lines: lines, line: 0, output: output))
    }

    /// Adds one statement that ran without error, with the text it showed.
    public mutating func record(statement source: String, output: String?) {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let shown = output.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) } ?? []
        cells.append(Notebook.Cell(lines: lines, line: 0, output: shown))
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
