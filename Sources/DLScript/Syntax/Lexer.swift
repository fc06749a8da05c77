/// Turns source text into tokens. Newlines inside brackets are dropped (a line continues while a bracket
/// is open); `#` starts a comment that runs to the end of the line.
public struct Lexer {
    private let characters: [Character]
    private var position = 0
    private var line = 1
    private var column = 1
    private var depth = 0

    /// Whitespace (a dropped newline, a continuation) came before the source: its first token has
    /// ``Token/spaceBefore``.
    private var spaceBeforeStart = false
    /// Where the source starts within a longer input: its line, and its first character's offset.
    private var offset = 0

    /// - Parameters:
    ///   - openBrackets: brackets left open by earlier text (a line of a longer input), inside which
    ///     newlines are dropped.
    ///   - line: the source's first line number within the longer input (tokens are located there).
    ///   - offset: the offset of the source's first character within the longer input (token ranges).
    ///   - spaceBefore: whether whitespace came just before the source (a newline dropped inside
    ///     brackets or after a `\`), as lexing the whole input would have seen.
    public init(_ source: String, openBrackets: Int = 0, line: Int = 1, offset: Int = 0, spaceBefore: Bool = false) {
        characters = Array(source)
        depth = openBrackets
        self.line = line
        self.offset = offset
        spaceBeforeStart = spaceBefore
    }

    /// All tokens, ending with `.end`.
    /// - Throws: ``ScriptError`` for an unterminated string, a stray character or a bad number.
    public static func tokenize(_ source: String) throws -> [Token] {
        var lexer = Lexer(source)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private var current: Character? { position < characters.count ? characters[position] : nil }
    private func peek(_ offset: Int = 1) -> Character? {
        position + offset < characters.count ? characters[position + offset] : nil
    }

    private mutating func advance() {
        if characters[position] == "\n" { line += 1; column = 1 } else { column += 1 }
        position += 1
    }

    /// The next token.
    public mutating func next() throws -> Token {
        var sawSpace = spaceBeforeStart
        spaceBeforeStart = false
        while let c = current {
            if c == " " || c == "\t" || c == "\r" || (c == "\n" && depth > 0) {
                advance(); sawSpace = true
            } else if c == "#" {
                while let d = current, d != "\n" { advance() }
            } else if c == "\\" && peek() == "\n" {
                advance(); advance(); sawSpace = true  // an explicit line continuation
            } else {
                break
            }
        }
        let start = SourceLocation(line: line, column: column)
        let startOffset = position
        // Called once the token's characters are consumed, so `position` is its end.
        func token(_ kind: Token.Kind) -> Token {
            Token(kind: kind, location: start, spaceBefore: sawSpace, range: offset + startOffset ..< offset + position)
        }
        guard let c = current else { return token(.end) }
        if c == "\n" { advance(); return token(.newline) }
        if c.isDigitLike || (c == "." && (peek()?.isDigitLike ?? false)) { return token(try number(start)) }
        if c.isNameLetter || c == "_" {
            var name = ""
            while let d = current, d.isNameLetter || d.isDigitLike || d == "_" { name.append(d); advance() }
            return token(.identifier(name))
        }
        if c == "\"" || c == "'" { return token(.string(try string(quote: c, start))) }
        for symbol in Symbol.twoCharacter where c == symbol.rawValue.first && peek() == symbol.rawValue.last {
            advance(); advance()
            return token(.symbol(symbol))
        }
        if let symbol = Symbol(rawValue: String(c)) {
            if symbol.opensBracket { depth += 1 }
            if symbol.closesBracket { depth = max(0, depth - 1) }
            advance()
            return token(.symbol(symbol))
        }
        throw ScriptError("unexpected character '\(c.escapedIfControl)'", at: start)
    }

    private mutating func number(_ start: SourceLocation) throws -> Token.Kind {
        var text = ""
        while let d = current, d.isDigitLike || d == "." || d == "_" {
            if d == "." && peek() == "." { break }  // `1..200`: the number ends before the range's `..`
            if d != "_" { text.append(d) }
            advance()
        }
        if let e = current, e == "e" || e == "E",
           let n = peek(), n.isDigitLike || ((n == "-" || n == "+") && (peek(2)?.isDigitLike ?? false)) {
            text.append("e"); advance()
            if current == "-" || current == "+" { text.append(current!); advance() }
            while let d = current, d.isDigitLike { text.append(d); advance() }
        }
        // 800x600: a size literal.
        if current == "x", let n = peek(), n.isDigitLike, let width = Int(text) {
            advance()
            var digits = ""
            while let d = current, d.isDigitLike { digits.append(d); advance() }
            guard let height = Int(digits) else { throw ScriptError("malformed size '\(text)x\(digits)'", at: start) }
            return .size(width, height)
        }
        guard let value = Double(text) else { throw ScriptError("malformed number '\(text)'", at: start) }
        if let d = current, d.isNameLetter || d == "_" {
            throw ScriptError("a name cannot start with a digit: '\(text)\(d)...'", at: start)
        }
        return .number(value)
    }

    private mutating func string(quote: Character, _ start: SourceLocation) throws -> String {
        advance()
        var text = ""
        while let c = current, c != quote {
            if c == "\n" { break }
            if c == "\\", let n = peek() {
                advance()
                switch n {
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "\\", "\"", "'": text.append(n)
                default: text.append("\\"); text.append(n)
                }
                advance()
                continue
            }
            text.append(c)
            advance()
        }
        guard current == quote else { throw ScriptError("unterminated string (missing closing \(quote))", at: start) }
        advance()
        return text
    }
}

extension Character {
    /// `isLetter`, answered without Unicode's property tables for ASCII (every keyword and most names):
    /// the table lookup was the largest part of lexing a statement.
    var isNameLetter: Bool {
        guard let byte = asciiValue else { return isLetter }
        return (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// `isNumber`, likewise: for ASCII, the ten digits.
    var isDigitLike: Bool {
        guard let byte = asciiValue else { return isNumber }
        return byte >= 0x30 && byte <= 0x39
    }
}
