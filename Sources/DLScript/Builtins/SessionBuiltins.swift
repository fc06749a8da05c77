import DLEngine
import Foundation

let sessionBuiltins: [Builtin] = [
    Builtin("seed", "seed N", "Restarts the session's random generator from N: the same seed gives the same numbers on every machine.",
            example: "seed 42", category: .session) { call in
        try call.expectPositional(1...1, usage: "seed 42")
        let n = try call.integer(0, nil, "the seed")
        guard n >= 0 else { throw ScriptError("seed: the seed must be >= 0", at: call.positional[0].location) }
        call.session.setSeed(UInt64(n))
        return .none
    },
    Builtin("whos", "whos", "Lists the session's names with their kind, shape and size.",
            example: "x = ones 2 3\nwhos", category: .session, callsWhenMentioned: true) { call in
        try call.expectPositional(0...0)
        return .string(call.session.whos())
    },
    Builtin("help", "help [NAME]", "Lists the built-ins, or shows one's signature, meaning and example (also ?NAME).",
            example: "help linear", category: .session, callsWhenMentioned: true, wordPositions: [0]) { call in
        try call.expectPositional(0...1, usage: "help NAME")
        let name = call.argument(0) == nil ? nil : try call.string(0, nil, "the name")
        return .string(try call.session.helpText(for: name, at: call.argument(0)?.location ?? call.location))
    },
    Builtin("print", "print VALUE...", "Shows values on one line, separated by spaces; a trailing ';' does not hide it (so it prints inside a one-line loop).",
            example: "print \"loss\" 0.25\nfor lr in [0.01, 0.1]; print \"lr\" lr; end", category: .session) { call in
        call.session.emit(call.positional.map { call.session.display($0.value) ?? "none" }.joined(separator: " "))
        return .none
    },
    Builtin("del", "del NAME...", "Forgets names.", example: "x = 1\ndel x", category: .session, wordPositions: Set(0 ..< 64)) { call in
        for entry in call.positional {
            guard case .string(let name) = entry.value, call.session.variables[name] != nil else {
                throw ScriptError("del: expects names of the session", at: entry.location)
            }
            call.session.variables[name] = nil
        }
        return .none
    },
]

extension Session {
    /// The `whos` table: name, kind, shape or size, and a short description.
    func whos() -> String {
        guard !variables.isEmpty else { return "no names yet" }
        var names = ["Name"], kinds = ["Kind"], details = ["Shape / size"]
        for name in variables.keys.sorted() {
            guard let value = variables[name] else { continue }
            names.append(name)
            kinds.append(value.kind)
            details.append(whosDetail(value))
        }
        let nameWidth = names.map(\.count).max() ?? 4, kindWidth = kinds.map(\.count).max() ?? 4
        var lines: [String] = []
        for i in names.indices {
            lines.append(names[i].padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
                + kinds[i].padding(toLength: kindWidth, withPad: " ", startingAt: 0) + "  " + details[i])
        }
        return lines.joined(separator: "\n")
    }

    /// The third column of `whos` for one value.
    private func whosDetail(_ value: Value) -> String {
        if case .tensor(let t) = value {
            return EngineError.format(t.shape) + (t.requiresGrad ? " (requires grad)" : "")
        }
        if case .model(let m) = value {
            return "\(m.layers.count) layer\(m.layers.count == 1 ? "" : "s"), \(m.parameterCount) parameters"
        }
        if case .dataset(let d) = value { return Session.describeSize(d) }
        if case .list(let items) = value { return "\(items.count) items" }
        if case .history(let h) = value { return "\(h.recordedEpochs) epochs" }
        if case .table(let t) = value { return "\(t.rows.count) run\(t.rows.count == 1 ? "" : "s") by \(t.key)" }
        return String((display(value) ?? "").prefix(40))
    }

    private static func describeSize(_ d: Dataset) -> String {
        var text = "\(d.count) samples"
        if let classes = d.classCount { text += ", \(classes) classes" }
        if let values = d.targets.valuesTensor { text += ", real-valued targets \(EngineError.format(Array(values.shape.dropFirst())))" }
        return text
    }

    /// The help of the keywords, which are no built-ins (`help for`, `?end`).
    static let keywordHelp: [String: String] = {
        let loop = """
            for NAME in SEQUENCE ... end
              Runs the statements up to `end` once per value: a list's items, a tensor's elements or rows, or the
              whole numbers of a range first..last (both included). The loop is one statement: a failure or
              Ctrl-C inside undoes all of it.
              example:
                for lr in [0.01, 0.1, 1.0]
                  print "lr" lr
                end
                for epoch in 1..3; print epoch; end
            """
        let conditional = """
            if CONDITION ... [else ...] end
              Runs the statements up to `else` (or `end`) when CONDITION is true, else those after `else`.
              example:
                if 2 > 1
                  print "yes"
                else
                  print "no"
                end
            """
        return ["for": loop, "in": loop, "end": loop + "\n" + conditional, "if": conditional, "else": conditional]
    }()

    /// `help` with no name: the built-ins by category; with a name: its help text, or a suggestion.
    public func helpText(for name: String?, at location: SourceLocation) throws -> String {
        guard let name else {
            var lines = ["Built-ins by category (help NAME or ?NAME for one):"]
            for category in Builtin.Category.allCases {
                let names = Builtins.inCategory(category).map(\.name)
                if !names.isEmpty { lines.append("  \(category.rawValue): " + names.joined(separator: ", ")) }
            }
            lines.append("Members: x.shape, x.grad, x.T, model.add(layer), history.loss; see docs/LANGUAGE.md.")
            return lines.joined(separator: "\n")
        }
        if let text = Session.keywordHelp[name] { return text }
        guard let builtin = builtins[name] else {
            // A session name: what it holds, as `whos` describes it.
            if let value = variables[name] {
                return "\(name): \(value.kind), \(whosDetail(value)) (a name of this session; whos lists them all)"
            }
            throw ScriptError("no help for '\(name)': it is not a built-in" + suggestion(for: name, among: Array(builtins.keys)), at: location)
        }
        return builtin.help
    }
}
