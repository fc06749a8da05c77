import DLEngine

/// Tables of runs, for sweeps: `runs = table "lr"`, `runs.add(lr, h)`, `runs`, `plot loss runs "sweep.png"`.
let tableBuiltins: [Builtin] = [
    Builtin("table", "table [KEY]", "An empty table of training runs; add(NAME, HISTORY) adds one, and showing it prints each run's epochs and final loss, accuracy and validation figures in aligned columns. KEY heads the first column (default \"run\").",
            example: "runs = table \"lr\"\nfor lr in [0.1, 1.0]\n  h = fit model data epochs=2 optimizer=(sgd lr=lr) verbose=0\n  runs.add(lr, h)\nend\nruns",
            category: .training, callsWhenMentioned: true) { call in
        try call.expectPositional(0...1, usage: "table \"lr\"")
        let key = call.argument(0) == nil ? "run" : try call.string(0, nil, "KEY")
        guard !key.isEmpty, !key.contains("\n") else { throw ScriptError("table: KEY must be a word, like \"lr\"", at: call.positional[0].location) }
        return .table(RunTable(key: key))
    },
]

extension Call {
    /// `add TABLE NAME HISTORY` (also `runs.add(lr, h)`): NAME a string or a number (shown as typed
    /// numbers are shown, `0.01`).
    func addRun(to table: RunTable) throws -> Value {
        try expectPositional(3...3, usage: "runs.add(NAME, HISTORY)")
        if let label = keywords.keys.sorted().first {
            throw ScriptError("add: a table takes no keywords, not '\(label)'", at: keywords[label]!.location)
        }
        let nameEntry = positional[1]
        let name: String
        switch nameEntry.value {
        case .string(let s): name = s
        case .number(let v): name = Session.format(v)
        case .boolean(let b): name = b ? "true" : "false"
        default: throw typeError(nameEntry, expected: "a string or a number", what: "the run's name")
        }
        guard !name.isEmpty, !name.contains("\n") else { throw ScriptError("add: a run's name must be one line, not empty", at: nameEntry.location) }
        guard case .history(let history) = positional[2].value else {
            throw typeError(positional[2], expected: "a history (h = fit ...)", what: "the run")
        }
        table.add(name, history)
        return .none
    }
}
