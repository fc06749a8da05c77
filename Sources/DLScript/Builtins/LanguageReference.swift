import DLEngine

/// The built-in part of docs/LANGUAGE.md, generated from the help texts so that the two never drift
/// apart (a test compares them).
public enum LanguageReference {
    public static let beginMarker = "<!-- BEGIN BUILT-INS (generated from the help texts; do not edit by hand) -->"
    public static let endMarker = "<!-- END BUILT-INS -->"

    /// Markdown: one section per category, one entry per built-in with its signature, meaning,
    /// keywords and example; then the initializers' names.
    public static func markdown() -> String {
        var parts: [String] = []
        for category in Builtin.Category.allCases {
            let builtins = Builtins.inCategory(category)
            guard !builtins.isEmpty else { continue }
            parts.append("### \(category.rawValue)")
            for b in builtins {
                var entry = "#### `\(b.name)`\n\n`\(b.signature)`\n\n\(b.summary)"
                if !b.keywords.isEmpty { entry += "\n\nKeywords: " + b.keywords.map { "`\($0)`" }.joined(separator: ", ") + "." }
                entry += "\n\n```\n\(b.example)\n```"
                parts.append(entry)
            }
        }
        parts.append("### Initializers\n\nThe names `init=` and `bias_init=` take (`linear 2 100 init=\"he_normal\"`):\n\n"
            + "| name | draws |\n|---|---|\n"
            + Initializer.registry.map { "| `\($0.name)` | \($0.isAlias ? "the same as `\($0.summary)`" : $0.summary) |" }
                .joined(separator: "\n"))
        return parts.joined(separator: "\n\n")
    }

    /// `document` with the text between the markers replaced by ``markdown()``; `nil` without markers.
    public static func updating(_ document: String) -> String? {
        guard let begin = document.range(of: beginMarker), let end = document.range(of: endMarker),
              begin.upperBound <= end.lowerBound else { return nil }
        return String(document[..<begin.upperBound]) + "\n\n" + markdown() + "\n\n" + String(document[end.lowerBound...])
    }
}
