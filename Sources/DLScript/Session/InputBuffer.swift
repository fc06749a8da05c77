/// The lines a person has typed for one input at a prompt. The REPL keeps reading (with its continuation
/// prompt) until ``isComplete`` says the lines form whole statements: no bracket left open and no line
/// ending with a `\` continuation.
///
/// An unterminated string counts as complete: strings do not span lines in this language, so more lines
/// could never close it, and the parser's "unterminated string" error is the useful answer.
public struct InputBuffer: Sendable {
    /// The physical lines typed so far, without their newlines.
    public private(set) var lines: [String] = []

    public init() {}

    /// Whether nothing has been typed yet (the REPL shows its first prompt, not the continuation one).
    public var isEmpty: Bool { lines.isEmpty }

    /// The input as the session reads it.
    public var text: String { lines.joined(separator: "\n") }

    /// Adds a typed line and tells whether the input is now complete.
    public mutating func append(_ line: String) -> Bool {
        lines.append(line)
        return isComplete
    }

    /// Forgets the lines (after running them, or on Ctrl-C).
    public mutating func clear() { lines = [] }

    /// Whether the lines form whole statements.
    public var isComplete: Bool { InputBuffer.isComplete(text) }

    /// Whether `text` can be run as it is, or needs more lines: it needs more while a bracket is open or
    /// when it ends with a `\` that continues the line (not one inside a comment).
    public static func isComplete(_ text: String) -> Bool {
        // A final newline lets the lexer see a trailing `\` as the continuation it would be.
        var lexer = Lexer(text + "\n")
        var depth = 0
        var last: Token.Kind?
        while true {
            let token: Token
            do { token = try lexer.next() } catch {
                // A lexical error (a stray character, an unterminated string): more lines cannot fix it,
                // so run the input and let the error be reported.
                return true
            }
            if token.kind == .end { break }
            switch token.kind {
            case .symbol("("), .symbol("["), .symbol("{"): depth += 1
            case .symbol(")"), .symbol("]"), .symbol("}"): depth = Swift.max(0, depth - 1)
            default: break
            }
            last = token.kind
        }
        if depth > 0 { return false }
        // After a continuation the lexer skips the `\` and the newline, so no newline token ends the input;
        // a `\` inside a comment leaves the comment's newline as the last token.
        if text.hasSuffix("\\"), last != nil, last != .newline { return false }
        return true
    }

    /// What to add to the line-editing history for this input: a single line when the lines can be
    /// joined without changing their meaning (newlines inside brackets and after `\` are mere spaces), so
    /// that Up recalls the whole statement; the lines one by one when a comment would swallow the join.
    public var historyEntries: [String] {
        guard lines.count > 1 else { return lines }
        if lines.contains(where: { $0.contains("#") }) { return lines }
        return [lines.enumerated().map { index, line in
            index < lines.count - 1 && line.hasSuffix("\\") ? String(line.dropLast()) : line
        }.joined(separator: " ")]
    }

    /// The source text of each statement of `source`, in order, as the parser splits it: the statements end
    /// at a newline outside brackets or at a `;`, which is kept (it hides the value). Comments and blank
    /// lines are left out. `:save` writes these, one statement with its output at a time.
    /// For source with syntax errors the pieces still follow the separators, so they may not match what
    /// the parser recovered; callers save only input that ran.
    public static func statementTexts(in source: String) -> [String] {
        let characters = Array(source)
        // The character offset at which each line starts, for turning (line, column) into an offset.
        var lineStarts = [0]
        for (offset, character) in characters.enumerated() where character == "\n" { lineStarts.append(offset + 1) }
        func offset(_ location: SourceLocation) -> Int {
            guard location.line >= 1, location.line <= lineStarts.count else { return characters.count }
            return Swift.min(characters.count, lineStarts[location.line - 1] + Swift.max(0, location.column - 1))
        }
        func text(_ start: Int, _ end: Int) -> String {
            var text = String(characters[start ..< Swift.max(start, end)])
            while let last = text.last, last.isWhitespace { text.removeLast() }
            return text
        }
        var lexer = Lexer(source)
        var texts: [String] = []
        var start: Int?
        while let token = try? lexer.next() {
            switch token.kind {
            case .end:
                if let s = start { texts.append(text(s, characters.count)) }
                return texts
            case .newline:
                if let s = start { texts.append(text(s, offset(token.location))) }
                start = nil
            case .symbol(";"):
                if let s = start { texts.append(text(s, offset(token.location) + 1)) }
                start = nil
            default:
                if start == nil { start = offset(token.location) }
            }
        }
        // A lexical error: keep what was split, and the rest as one piece.
        if let s = start { texts.append(text(s, characters.count)) }
        return texts
    }
}
