/// The block statements: `for NAME in SEQUENCE ... end` and `if CONDITION ... else ... end`.
///
/// A block's header ends with a new line or a `;`, its body is statements like any others (blocks nest),
/// and a line `end` closes it. The whole block is one statement, so its text runs from `for` to `end`
/// and a notebook keeps it in one cell with its output below the `end`.
extension Parser {
    /// The words the language keeps for itself: they cannot be names.
    public static let keywords: Set<String> = ["for", "in", "end", "if", "else"]

    /// Blocks nest at most this deep, so that a pathological input is an error, not a stack overflow.
    static let maximumBlockDepth = 100

    /// A statement that starts with a keyword (`for`, `if`), or the error for one that cannot start one.
    mutating func keywordStatement(_ word: String) throws -> Statement {
        switch word {
        case "for": return try forLoop()
        case "if": return try conditional()
        case "end": throw error("'end' has no 'for' or 'if' to close")
        case "else": throw error("'else' has no 'if' to belong to")
        default: throw error("'\(word)' belongs in a for loop's header, as in: for x in [1, 2, 3]")
        }
    }

    /// `for NAME in SEQUENCE` header, body, `end`.
    private mutating func forLoop() throws -> Statement {
        let opening = advance()
        let (name, sequence) = try skippingBlockOnError { try $0.forHeader() }
        let body = try block(of: opening, until: ["end"])
        advance()  // `end`
        return .forLoop(name, sequence, body, opening.location)
    }

    /// `NAME in SEQUENCE` and the header's end, after `for`.
    private mutating func forHeader() throws -> (String, LoopSequence) {
        let opening = tokens[index - 1]
        guard case .identifier(let name) = peek.kind, !Parser.keywords.contains(name) else {
            throw error("expected the loop variable's name after 'for', found \(found)")
        }
        advance()
        guard case .identifier("in") = peek.kind else {
            throw error("expected 'in' after 'for \(name)', found \(found)")
        }
        advance()
        let first = try expression()
        let sequence: LoopSequence = matchSymbol(.dotDot) ? .range(first, try expression()) : .values(first)
        try header(of: opening)
        return (name, sequence)
    }

    /// `if CONDITION` header, body, optional `else` and body, `end`.
    private mutating func conditional() throws -> Statement {
        let opening = advance()
        let condition = try skippingBlockOnError { parser in
            let condition = try parser.expression()
            try parser.header(of: opening)
            return condition
        }
        let then = try block(of: opening, until: ["else", "end"])
        var otherwise: [ParsedStatement] = []
        if case .identifier("else") = advance().kind {
            _ = match(.newline) || matchSymbol(.semicolon)
            otherwise = try block(of: opening, until: ["end"])
            advance()  // `end`
        }
        return .conditional(condition, then, otherwise, opening.location)
    }

    /// Runs a header's rule; when it fails, skips the block's body up to its `end` before throwing, so that
    /// the `end` is not reported again as one with no block.
    private mutating func skippingBlockOnError<T>(_ rule: (inout Parser) throws -> T) throws -> T {
        do { return try rule(&self) } catch {
            var open = 1, atStart = false
            while peek.kind != .end {
                let token = advance()
                if atStart, case .identifier(let word) = token.kind {
                    if word == "for" || word == "if" { open += 1 }
                    if word == "end" { open -= 1 }
                    if open == 0 { break }
                }
                atStart = token.kind == .newline || token.isSymbol(.semicolon)
            }
            throw error
        }
    }

    /// The end of a block's header: a new line or a `;`.
    private mutating func header(of opening: Token) throws {
        if match(.newline) || matchSymbol(.semicolon) { return }
        if check(.end) { throw unclosed(opening) }
        if check(.symbol(.dotDot)) {
            throw error("a range 'first..last' is written only in a for loop's header, as in: for i in 1..10")
        }
        throw error("expected a new line or ';' after the '\(opening.display)' header, found \(found)")
    }

    /// The statements up to one of `terminators` (left for the caller to take). A syntax error inside is
    /// kept in ``blockErrors`` and parsing goes on at the next statement, so every error is reported once.
    private mutating func block(of opening: Token, until terminators: Set<String>) throws -> [ParsedStatement] {
        blockDepth += 1
        defer { blockDepth -= 1 }
        guard blockDepth <= Parser.maximumBlockDepth else {
            throw ScriptError("blocks nested too deeply (more than \(Parser.maximumBlockDepth) levels)", at: opening.location)
        }
        var body: [ParsedStatement] = []
        while true {
            while match(.newline) || matchSymbol(.semicolon) {}
            if case .identifier(let word) = peek.kind, terminators.contains(word) { return body }
            if check(.end) { throw unclosed(opening) }
            do {
                body.append(try statement())
            } catch let error as ScriptError {
                // An unclosed inner block swallowed the rest of the input: that is this block's error too.
                if check(.end) { throw error }
                blockErrors.append(error)
                synchronize()
            }
        }
    }

    /// The error for a block whose `end` never comes, at the keyword that opened it.
    private func unclosed(_ opening: Token) -> ScriptError {
        ScriptError("'\(opening.display)' at line \(opening.location.line) has no 'end' to close it", at: opening.location)
    }

    /// The next token as an error message names it.
    private var found: String {
        switch peek.kind {
        case .newline, .end: return peek.display
        default: return "'\(peek.display)'"
        }
    }
}
