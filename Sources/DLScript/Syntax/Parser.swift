/// A recursive-descent parser for the dlnb language: one method per grammar rule, small helpers
/// (`check`, `match`, `consume`, `advance`), and recovery at statement boundaries so that a notebook
/// reports every syntax error at once.
///
/// ```
/// program     → statement* EOF
/// statement   → ( "?" NAME | forLoop | if | assignment | property | expression ) ( ";" | NEWLINE | EOF )
/// forLoop     → "for" NAME "in" ( expression ".." expression | expression ) header block "end"
/// if          → "if" expression header block ( "else" header? block )? "end"
/// header      → ";" | NEWLINE
/// block       → statement*                (up to its `end` or `else`; blocks nest)
/// assignment  → NAME ( "," NAME )* "=" expression
/// property    → NAME ( "." NAME )+ "=" expression
/// expression  → or
/// or          → and ( "or" and )*
/// and         → not ( "and" not )*
/// not         → "not" not | comparison
/// comparison  → additive ( ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) additive )*
/// additive    → multiplicative ( ( "+" | "-" ) multiplicative )*
/// multiplicative → unary ( ( "*" | "/" | "%" | "@" ) unary )*
/// unary       → ( "-" | "+" ) unary | power
/// power       → command ( "**" unary )?
/// command     → postfix argument*          (juxtaposition: `linear 2 100`, `fit epochs=200`)
/// argument    → NAME "=" postfix | postfix
/// postfix     → primary ( "(" arguments ")" | "[" subscripts "]" | "." NAME )*
/// primary     → NUMBER | STRING | SIZE | "true" | "false" | "none" | NAME | "(" expression ")" | "[" list "]"
/// ```
/// Juxtaposed arguments start only with a token that cannot continue an expression: a number, a string,
/// a name, `[` or `(` after a space, or `-` glued to a number after a space (`f -1`, but `x - 1`).
public struct Parser {
    let tokens: [Token]
    /// The source's characters, to cut each statement's text from (empty: texts stay empty).
    private let characters: [Character]
    var index = 0
    var depth = 0
    /// Blocks (`for`, `if`) open around the statement being parsed.
    var blockDepth = 0
    /// Syntax errors found inside blocks, which recover at their next statement and go on.
    var blockErrors: [ScriptError] = []
    /// Expressions nest at most this deep, so that a pathological input is an error, not a stack overflow
    /// (in the parser, the evaluator, or when the tree is released). Brackets, prefixes and every link of
    /// an operator or postfix chain (`1 + 1 + ...`, `x.T.T...`) count: each deepens the tree by one.
    static let maximumDepth = 1000

    public init(tokens: [Token], source: [Character] = []) {
        self.tokens = tokens
        self.characters = source
    }

    /// Parses a whole program; collects every syntax error (recovering at the next statement).
    /// - Returns: the statements and the errors found.
    public static func parse(_ source: String) -> (statements: [ParsedStatement], errors: [ScriptError]) {
        let tokens: [Token]
        do { tokens = try Lexer.tokenize(source) } catch let error as ScriptError {
            return ([], [error])
        } catch {
            return ([], [ScriptError("\(error)", at: SourceLocation(line: 1, column: 1))])
        }
        var parser = Parser(tokens: tokens, source: Array(source))
        return parser.program()
    }

    mutating func program() -> (statements: [ParsedStatement], errors: [ScriptError]) {
        var statements: [ParsedStatement] = [], errors: [ScriptError] = []
        while true {
            while match(.newline) || matchSymbol(.semicolon) {}
            if peek.kind == .end { break }
            do {
                statements.append(try statement())
            } catch let error as ScriptError {
                errors.append(error)
                synchronize()
            } catch {
                errors.append(ScriptError("\(error)", at: peek.location))
                synchronize()
            }
            errors += blockErrors
            blockErrors = []
        }
        return (statements, errors)
    }

    /// Skips to the start of the next statement after an error.
    mutating func synchronize() {
        while peek.kind != .end {
            let token = advance()
            if token.kind == .newline || token.isSymbol(.semicolon) { return }
        }
    }

    // MARK: Statements

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
        } else {
            throw error("expected the end of the statement, found '\(peek.display)'")
        }
        _ = match(.newline)
        return ParsedStatement(statement: statement, showsValue: shows, text: text(startOffset ..< endOffset))
    }

    /// The source's characters in `range`, without trailing blanks.
    private func text(_ range: Range<Int>) -> String {
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

    // MARK: Expressions

    mutating func expression() throws -> Expression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Parser.maximumDepth else {
            throw error("expression nested too deeply (more than \(Parser.maximumDepth) levels)")
        }
        return try or()
    }

    private mutating func or() throws -> Expression {
        var left = try and()
        while case .identifier("or") = peek.kind {
            let op = advance()
            left = .binary(.or, left, try and(), op.location)
        }
        return left
    }

    private mutating func and() throws -> Expression {
        var left = try not()
        while case .identifier("and") = peek.kind {
            let op = advance()
            left = .binary(.and, left, try not(), op.location)
        }
        return left
    }

    private mutating func not() throws -> Expression {
        if case .identifier("not") = peek.kind {
            let op = advance()
            return .unary(.not, try nested { try $0.not() }, op.location)
        }
        return try comparison()
    }

    private mutating func comparison() throws -> Expression {
        try binaryLevel([.equalEqual, .bangEqual, .less, .lessEqual, .greater, .greaterEqual]) { try $0.additive() }
    }

    private mutating func additive() throws -> Expression {
        try binaryLevel([.plus, .minus]) { try $0.multiplicative() }
    }

    private mutating func multiplicative() throws -> Expression {
        try binaryLevel([.star, .slash, .percent, .at]) { try $0.unary() }
    }

    private mutating func binaryLevel(_ operators: Set<Symbol>, _ operand: (inout Parser) throws -> Expression) throws -> Expression {
        var left = try operand(&self)
        var links = 0
        defer { depth -= links }
        while case .symbol(let s) = peek.kind, operators.contains(s), let binary = BinaryOperator(s) {
            try deepen(&links)
            let op = advance()
            guard !(check(.newline) || check(.end)) else { throw error("expected an operand after '\(s.rawValue)'") }
            left = .binary(binary, left, try operand(&self), op.location)
        }
        return left
    }

    private mutating func unary() throws -> Expression {
        if case .symbol(let s) = peek.kind, s == .minus || s == .plus {
            let op = advance()
            return .unary(s == .minus ? .negate : .plus, try nested { try $0.unary() }, op.location)
        }
        return try power()
    }

    private mutating func power() throws -> Expression {
        let base = try command()
        if matchSymbol(.starStar) {
            let op = tokens[index - 1]
            return .binary(.power, base, try nested { try $0.unary() }, op.location)
        }
        return base
    }

    /// A head followed by juxtaposed arguments: `spiral 100 3`, `fit epochs=200`.
    private mutating func command() throws -> Expression {
        let head = try postfix()
        guard case .name = head, startsJuxtaposedArgument else { return head }
        var arguments: [Argument] = []
        while startsJuxtaposedArgument {
            let start = peek.location
            if case .identifier(let label) = peek.kind, tokens[index + 1].isSymbol(.equal), !tokens[index + 2].isSymbol(.equal) {
                advance(); advance()
                arguments.append(Argument(label: label, value: try argumentValue(), location: start))
            } else {
                arguments.append(Argument(label: nil, value: try argumentValue(), location: start))
            }
        }
        return .call(head, arguments, head.location)
    }

    /// A juxtaposed argument's value: a postfix expression, or a negative number glued to its sign.
    private mutating func argumentValue() throws -> Expression {
        if peek.isSymbol(.minus) {
            let op = advance()
            return .unary(.negate, try postfix(), op.location)
        }
        return try postfix()
    }

    /// Whether the next token starts a juxtaposed argument rather than continuing the expression.
    private var startsJuxtaposedArgument: Bool {
        let token = peek
        switch token.kind {
        case .number, .string, .size: return true
        case .identifier(let name): return !["and", "or", "not"].contains(name) && !Parser.keywords.contains(name)
        case .symbol(.leftBracket), .symbol(.leftParen): return token.spaceBefore
        case .symbol(.minus):
            // `f -1`: a minus with a space before and none after, glued to a number or name.
            let next = tokens[index + 1]
            if case .number = next.kind { return token.spaceBefore && !next.spaceBefore }
            return false
        default: return false
        }
    }

    private mutating func postfix() throws -> Expression {
        var expression = try primary()
        var links = 0
        defer { depth -= links }
        while true {
            if check(.symbol(.leftParen)) || check(.symbol(.leftBracket)) || check(.symbol(.dot)) { try deepen(&links) }
            if check(.symbol(.leftParen)) && !peek.spaceBefore {
                let open = advance()
                expression = .call(expression, try argumentList(), open.location)
            } else if check(.symbol(.leftBracket)) && !peek.spaceBefore {
                let open = advance()
                expression = .subscripted(expression, try subscripts(), open.location)
            } else if check(.symbol(.dot)) {
                let dot = advance()
                guard case .identifier(let name) = peek.kind else { throw error("expected a name after '.'") }
                advance()
                expression = .member(expression, name, dot.location)
            } else {
                return expression
            }
        }
    }

    /// `a, b, name=value )` after `(`.
    private mutating func argumentList() throws -> [Argument] {
        var arguments: [Argument] = []
        if matchSymbol(.rightParen) { return arguments }
        repeat {
            let start = peek.location
            if case .identifier(let label) = peek.kind, tokens[index + 1].isSymbol(.equal), !tokens[index + 2].isSymbol(.equal) {
                advance(); advance()
                arguments.append(Argument(label: label, value: try nested { try $0.expression() }, location: start))
            } else {
                arguments.append(Argument(label: nil, value: try nested { try $0.expression() }, location: start))
            }
        } while matchSymbol(.comma) && !check(.symbol(.rightParen))
        try consume(.rightParen, "expected ')' after arguments")
        return arguments
    }

    /// `i, a:b:c ]` after `[`.
    private mutating func subscripts() throws -> [Subscript] {
        var result: [Subscript] = []
        repeat {
            var parts: [Expression?] = []
            var current: Expression? = nil
            var isSlice = false
            while true {
                if check(.symbol(.colon)) {
                    advance()
                    parts.append(current)
                    current = nil
                    isSlice = true
                } else if check(.symbol(.comma)) || check(.symbol(.rightBracket)) {
                    parts.append(current)
                    break
                } else {
                    guard current == nil else { throw error("expected ':', ',' or ']' in a subscript") }
                    current = try nested { try $0.expression() }
                }
            }
            if isSlice {
                guard parts.count <= 3 else { throw error("a slice has at most three parts (start:end:step)") }
                result.append(.slice(parts[0], parts.count > 1 ? parts[1] : nil, parts.count > 2 ? parts[2] : nil))
            } else {
                guard let index = parts[0] else { throw error("expected an index") }
                result.append(.index(index))
            }
        } while matchSymbol(.comma)
        try consume(.rightBracket, "expected ']' after the subscript")
        return result
    }

    private mutating func primary() throws -> Expression {
        let token = peek
        switch token.kind {
        case .number(let v): advance(); return .number(v, token.location)
        case .string(let s): advance(); return .string(s, token.location)
        case let .size(w, h): advance(); return .size(w, h, token.location)
        case .identifier("true"): advance(); return .boolean(true, token.location)
        case .identifier("false"): advance(); return .boolean(false, token.location)
        case .identifier("none"): advance(); return .none(token.location)
        case .identifier(let name) where Parser.keywords.contains(name):
            throw error("expected an expression, found the keyword '\(name)'")
        case .identifier(let name): advance(); return .name(name, token.location)
        case .symbol(.leftParen):
            advance()
            let inner = try nested { try $0.expression() }
            try consume(.rightParen, "expected ')' to close the '(' at \(token.location)")
            return inner
        case .symbol(.leftBracket):
            advance()
            var items: [Expression] = []
            if !check(.symbol(.rightBracket)) {
                repeat {
                    if check(.symbol(.rightBracket)) { break }  // a trailing comma
                    items.append(try nested { try $0.expression() })
                } while matchSymbol(.comma)
            }
            try consume(.rightBracket, "expected ']' to close the '[' at \(token.location)")
            return .list(items, token.location)
        case .symbol(let s) where [.rightParen, .rightBracket, .rightBrace].contains(s):
            throw error("unbalanced '\(s.rawValue)': there is no opening bracket for it")
        case .newline, .end:
            throw error("expected an expression, found \(token.display)")
        default:
            throw error("expected an expression, found '\(token.display)'")
        }
    }

    /// One more link of a chain: the tree gets one level deeper.
    private mutating func deepen(_ links: inout Int) throws {
        depth += 1
        links += 1
        guard depth <= Parser.maximumDepth else {
            throw error("expression nested too deeply (more than \(Parser.maximumDepth) levels)")
        }
    }

    /// Runs a nested rule with the depth guard (brackets and prefixes recurse through here).
    private mutating func nested(_ rule: (inout Parser) throws -> Expression) throws -> Expression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Parser.maximumDepth else {
            throw error("expression nested too deeply (more than \(Parser.maximumDepth) levels)")
        }
        return try rule(&self)
    }

    // MARK: Helpers

    var peek: Token { tokens[index] }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    func check(_ kind: Token.Kind) -> Bool { peek.kind == kind }

    mutating func match(_ kind: Token.Kind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    mutating func matchSymbol(_ symbol: Symbol) -> Bool { match(.symbol(symbol)) }

    private mutating func consume(_ symbol: Symbol, _ message: String) throws {
        guard matchSymbol(symbol) else {
            // At the end of the line or input, the bracket was never closed.
            if check(.end) || check(.newline) { throw ScriptError("unbalanced brackets: " + message, at: peek.location) }
            throw error("\(message), found '\(peek.display)'")
        }
    }

    func error(_ message: String) -> ScriptError { ScriptError(message, at: peek.location) }
}
