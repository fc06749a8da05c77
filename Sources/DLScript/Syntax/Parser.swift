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
///
/// This file holds the program loop, error recovery and the token helpers; the rules are in
/// Parser+Statements.swift, Parser+Blocks.swift (`for`, `if`) and Parser+Expressions.swift.
public struct Parser {
    let tokens: [Token]
    /// The source's characters, to cut each statement's text from (empty: texts stay empty).
    let characters: [Character]
    var index = 0
    var depth = 0
    /// How many ``maximumNesting`` descents are open.
    var nesting = 0
    /// Blocks (`for`, `if`) open around the statement being parsed.
    var blockDepth = 0
    /// Syntax errors found inside blocks, which recover at their next statement and go on.
    var blockErrors: [ScriptError] = []
    /// Expressions nest at most this deep, so that a pathological input is an error, not a stack overflow
    /// (in the parser, the evaluator, or when the tree is released). Brackets, prefixes and every link of
    /// an operator or postfix chain (`1 + 1 + ...`, `x.T.T...`) count: each deepens the tree by one.
    static let maximumDepth = 1000
    /// Brackets, arguments and prefix operators recurse through the whole descent (about 20 frames each):
    /// at most this many inside one another (Python's limit of nested parentheses). Without it, about
    /// 480 brackets of nested calls overflowed the 8 MB stack of the address-sanitized fuzzing build
    /// (FuzzSyntax in CI, session 6), within the 1000 levels above.
    static let maximumNesting = 200

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

    mutating func consume(_ symbol: Symbol, _ message: String) throws {
        guard matchSymbol(symbol) else {
            // At the end of the line or input, the bracket was never closed.
            if check(.end) || check(.newline) { throw ScriptError("unbalanced brackets: " + message, at: peek.location) }
            throw error("\(message), found '\(peek.display)'")
        }
    }

    func error(_ message: String) -> ScriptError { ScriptError(message, at: peek.location) }
}
