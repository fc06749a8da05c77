/// The statement rules of ``Parser``: `?name`, assignments (`a, b = ...`, `model.training = false`) and
/// expression statements, each ended by `;`, a new line or the end; blocks are in Parser+Blocks.swift.
extension Parser {
    mutating func statement() throws -> ParsedStatement {
        let start = peek.location
        let startOffset = peek.range.lowerBound
        let statement: Statement
        if case .identifier(let word) = peek.kind, Parser.keywords.contains(word) {
            statement = try keywordStatement(word)
        } else if case .identifier("help") = peek.kind, case .identifier(let word) = tokens[index + 1].kind,
                  Parser.keywords.contains(word) {
            advance(); advance()  // `help for`: the keyword's help (a keyword is no argument)
            statement = .help(word, start)
        } else if matchSymbol(.question) {
            guard case .identifier(let name) = peek.kind else { throw error("expected a name after '?'") }
            advance()
            statement = .help(name, start)
        } else if let names = assignmentTargets() {
            if let keyword = names.first(where: Parser.keywords.contains) {
                throw ScriptError("cannot assign to '\(keyword)': it is a keyword of the language", at: start)
            }
            let value = try expression()
            statement = .assignment(names, value, start)
        } else if isPropertyAssignment {
            guard case let .member(object, name, _) = try postfix() else { throw error("expected a property before '='") }
            advance()  // the `=`
            statement = .propertyAssignment(object, name, try expression(), start)
        } else {
            statement = .expression(try expression())
        }
        var shows = true
        let endOffset: Int
        if matchSymbol(.semicolon) {
            shows = false
            endOffset = tokens[index - 1].range.upperBound
        } else if check(.newline) || check(.end) {
            endOffset = peek.range.lowerBound  // a trailing comment stays with its statement
        } else if check(.symbol(.dotDot)) {
            throw error("a range 'first..last' is written only in a for loop's header, as in: for i in 1..10")
        } else if check(.symbol(.comma)), case .expression(.call(let callee, let arguments, _)) = statement, !arguments.isEmpty {
            // `print "acc", x`: Python's commas after a call written without parentheses.
            var f = "f"
            if case .name(let name, _) = callee { f = name }
            throw error("expected the end of the statement, found ','; a call without parentheses separates its arguments by spaces, as in \(f) a b; with parentheses, by commas: \(f)(a, b)")
        } else {
            throw error("expected the end of the statement, found '\(peek.display)'")
        }
        _ = match(.newline)
        return ParsedStatement(statement: statement, showsValue: shows, text: text(startOffset ..< endOffset))
    }

    /// The source's characters in `range`, without trailing blanks.
    func text(_ range: Range<Int>) -> String {
        guard range.lowerBound < range.upperBound, range.upperBound <= characters.count else { return "" }
        var text = characters[range]
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }

    /// `a = ...` or `a, b = ...`: the names, with the `=` consumed; `nil` (nothing consumed) otherwise.
    private mutating func assignmentTargets() -> [String]? {
        var names: [String] = [], i = index
        while case .identifier(let name) = tokens[i].kind {
            names.append(name)
            i += 1
            if tokens[i].isSymbol(.equal) {
                index = i + 1
                return names
            }
            guard tokens[i].isSymbol(.comma) else { return nil }
            i += 1
        }
        return nil
    }

    /// Whether the statement starts `name(.name)+ =` (and not `==`): an assignment to a property.
    private var isPropertyAssignment: Bool {
        var i = index
        guard case .identifier = tokens[i].kind else { return false }
        i += 1
        var dots = 0
        while tokens[i].isSymbol(.dot), case .identifier = tokens[i + 1].kind {
            i += 2
            dots += 1
        }
        return dots > 0 && tokens[i].isSymbol(.equal)
    }
}
