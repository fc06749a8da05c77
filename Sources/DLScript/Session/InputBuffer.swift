/// The lines a person has typed for one input at a prompt. The REPL keeps reading (with its continuation
/// prompt) until ``isComplete`` says the lines form whole statements: no bracket left open, no line
/// ending with a `\` continuation, and no block (`for`, `if`) waiting for its `end`.
///
/// An unterminated string counts as complete: strings do not span lines in this language, so more lines
/// could never close it, and the parser's "unterminated string" error is the useful answer.
public struct InputBuffer: Sendable {
    /// The physical lines typed so far, without their newlines.
    public private(set) var lines: [String] = []
    /// Brackets open after the lines so far.
    private var depth = 0
    /// Whether the last line ends with a `\` that continues it.
    private var continues = false
    /// Whether a line held a lexical error (more lines cannot fix it).
    private var hasLexicalError = false
    /// The kind of the last token seen, across lines.
    private var last: Token.Kind?
    /// Blocks (`for`, `if`) opened and not yet closed by `end`.
    private var blocks = 0
    /// Whether the next token starts a statement (where `for`, `if` and `end` open and close blocks).
    private var atStatementStart = true
    /// Whether a block was opened, and whether a line break fell inside brackets or after a `\` (for
    /// ``historyEntries``).
    private var hadBlock = false
    private var hadJoinedLines = false
    /// The tokens of the lines so far, each line lexed once as it was typed, located in the whole input
    /// (what ``parse()`` hands the parser), and the first lexical error.
    private var tokens: [Token] = []
    private var lexicalError: ScriptError?
    /// The characters of the lines so far, with a newline after each: where the next line starts.
    private var characterCount = 0

    public init() {}

    /// The buffer after appending each of `lines` (each lexed once).
    public init(lines: [String]) {
        for line in lines { _ = append(line) }
    }

    /// Whether nothing has been typed yet (the REPL shows its first prompt, not the continuation one).
    public var isEmpty: Bool { lines.isEmpty }

    /// The input as the session reads it.
    public var text: String { lines.joined(separator: "\n") }

    /// Adds a typed line and tells whether the input is now complete. Only the new line is lexed (with
    /// the brackets left open before it), so an input of n lines costs O(n), not O(n²): strings and
    /// comments end with their line, so a line's tokens do not depend on the lines before but for the
    /// open brackets.
    public mutating func append(_ line: String) -> Bool {
        lines.append(line)
        let start = characterCount
        characterCount += line.count + 1
        guard !hasLexicalError else { return true }
        // A final newline lets the lexer see a trailing `\` as the continuation it would be. A newline
        // dropped inside brackets or after `\` is whitespace before the line's first token, as lexing the
        // whole input would see it.
        var lexer = Lexer(line + "\n", openBrackets: depth, line: lines.count, offset: start, spaceBefore: depth > 0 || continues)
        while true {
            let token: Token
            do { token = try lexer.next() } catch {
                // A lexical error (a stray character, an unterminated string): more lines cannot fix it,
                // so run the input and let the error be reported.
                hasLexicalError = true
                lexicalError = error as? ScriptError ?? ScriptError("\(error)", at: SourceLocation(line: lines.count, column: 1))
                return true
            }
            if token.kind == .end { break }
            tokens.append(token)
            if case .symbol(let s) = token.kind {
                if s.opensBracket { depth += 1 }
                if s.closesBracket { depth = Swift.max(0, depth - 1) }
            }
            if atStatementStart, case .identifier(let word) = token.kind {
                if word == "for" || word == "if" { blocks += 1; hadBlock = true }
                if word == "end" { blocks = Swift.max(0, blocks - 1) }
            }
            atStatementStart = token.kind == .newline || (depth == 0 && token.isSymbol(.semicolon))
            last = token.kind
        }
        // After a continuation the lexer skips the `\` and the newline, so no newline token ends the line;
        // a `\` inside a comment leaves the comment's newline as the last token.
        continues = line.hasSuffix("\\") && last != nil && last != .newline
        if depth > 0 || continues { hadJoinedLines = true }
        return isComplete
    }

    /// The statements of the lines, parsed from the tokens lexed as they were typed (the input is not
    /// lexed again); the same as `Parser.parse(text)`.
    public func parse() -> (statements: [ParsedStatement], errors: [ScriptError]) {
        if let lexicalError { return ([], [lexicalError]) }
        let end = SourceLocation(line: Swift.max(1, lines.count), column: (lines.last?.count ?? 0) + 1)
        let total = Swift.max(0, characterCount - 1)
        var parser = Parser(tokens: tokens + [Token(kind: .end, location: end, spaceBefore: false, range: total ..< total)],
                            source: Array(text))
        return parser.program()
    }

    /// Forgets the lines (after running them, or on Ctrl-C).
    public mutating func clear() { self = InputBuffer() }

    /// Whether the lines form whole statements.
    public var isComplete: Bool { hasLexicalError || (depth == 0 && !continues && blocks == 0) }

    /// Whether `text` can be run as it is, or needs more lines: it needs more while a bracket or a block is
    /// open or when it ends with a `\` that continues the line (not one inside a comment).
    public static func isComplete(_ text: String) -> Bool {
        var buffer = InputBuffer()
        var complete = true
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { complete = buffer.append(String(line)) }
        return complete
    }

    /// What to add to the line-editing history for this input: a single line when the lines can be
    /// joined without changing their meaning (newlines inside brackets and after `\` are mere spaces), so
    /// that Up recalls the whole statement; a block's lines joined by `; ` (each of its line breaks ends a
    /// statement); the lines one by one when a comment would swallow the join or a block's lines break
    /// both ways.
    public var historyEntries: [String] {
        guard lines.count > 1 else { return lines }
        if lines.contains(where: { $0.contains("#") }) { return lines }
        if hadBlock {
            guard !hadJoinedLines else { return lines }
            return [lines.map { $0.trimmingBlanksForHistory }.filter { !$0.isEmpty }.joined(separator: "; ")]
        }
        return [lines.enumerated().map { index, line in
            index < lines.count - 1 && line.hasSuffix("\\") ? String(line.dropLast()) : line
        }.joined(separator: " ")]
    }
}

private extension String {
    /// The line without the blanks around it (a block's indentation).
    var trimmingBlanksForHistory: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
