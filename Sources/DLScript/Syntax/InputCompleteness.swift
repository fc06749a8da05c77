/// Whether typed or loaded source forms complete statements, or needs more lines: a bracket is still
/// open, a string is unterminated, or the last line ends with `\`. The REPL and the notebook reader use
/// this to join lines.
public enum InputCompleteness {
    /// True when `source` cannot be complete yet, because more lines could finish it.
    public static func needsMoreInput(_ source: String) -> Bool {
        var depth = 0
        var quote: Character?
        var inComment = false
        var previous: Character = "\n"
        var lastNonSpace: Character = "\n"
        for c in source {
            defer { previous = c }
            if c == "\n" { inComment = false; if quote != nil { return false } }
            if inComment { continue }
            if let q = quote {
                if c == q && previous != "\\" { quote = nil }
                continue
            }
            switch c {
            case "#": inComment = true
            case "\"", "'": quote = c
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            default: break
            }
            if !c.isWhitespace { lastNonSpace = c }
            if c == "\n" { lastNonSpace = "\n" }
        }
        if quote != nil { return false }  // an unterminated string on the last line is an error, not more input
        return depth > 0 || lastNonSpace == "\\"
    }
}
