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
    Builtin("print", "print VALUE...", "Shows values on one line, separated by spaces.",
            example: "print \"loss\" 0.25", category: .session) { call in
        .string(call.positional.map { call.session.display($0.value) ?? "none" }.joined(separator: " "))
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
        var rows: [(String, String, String)] = [("Name", "Kind", "Shape / size")]
        for (name, value) in variables.sorted(by: { $0.key < $1.key }) {
            let detail: String
            switch value {
            case .tensor(let t): detail = EngineError.format(t.shape) + (t.requiresGrad ? " (requires grad)" : "")
            case .model(let m): detail = "\(m.layers.count) layers, \(m.parameterCount) parameters"
            case .dataset(let d): detail = "\(d.count) samples" + (d.classCount.map { ", \($0) classes" } ?? "")
            case .list(let items): detail = "\(items.count) items"
            case .history(let h): detail = "\(h.epochs.count) epochs"
            default: detail = display(value).map { String($0.prefix(40)) } ?? ""
            }
            rows.append((name, value.kind, detail))
        }
        let w0 = rows.map(\.0.count).max()!, w1 = rows.map(\.1.count).max()!
        return rows.map { $0.0.padding(toLength: w0, withPad: " ", startingAt: 0) + "  "
            + $0.1.padding(toLength: w1, withPad: " ", startingAt: 0) + "  " + $0.2 }
            .joined(separator: "\n")
    }

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
        guard let builtin = builtins[name] else {
            throw ScriptError("no help for '\(name)': it is not a built-in" + suggestion(for: name, among: Array(builtins.keys)), at: location)
        }
        return builtin.help
    }
}
