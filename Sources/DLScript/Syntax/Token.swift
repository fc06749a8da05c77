/// A lexical token of the dlnb language.
public struct Token: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case number(Double)
        case string(String)
        /// `800x600`: a width-by-height literal for plot sizes.
        case size(Int, Int)
        case identifier(String)
        /// One of the operators and punctuation marks.
        case symbol(Symbol)
        case newline
        case end
    }

    public let kind: Kind
    public let location: SourceLocation
    /// Whether whitespace comes right before this token (`f (x)` versus `f(x)`, `f -1` versus `f - 1`).
    public let spaceBefore: Bool
    /// The characters of the source it was made from (offsets into the source's `Character`s), so that a
    /// statement's text is cut from the source without lexing it again.
    public let range: Range<Int>

    /// Whether this is the given symbol.
    func isSymbol(_ symbol: Symbol) -> Bool { kind == .symbol(symbol) }

    /// The token as the user wrote it, for messages.
    var display: String {
        switch kind {
        case .number(let v): return v == v.rounded() && Swift.abs(v) < 1e15 ? String(Int(v)) : String(v)
        case .string(let s): return "\"\(s)\""
        case let .size(w, h): return "\(w)x\(h)"
        case .identifier(let name): return name
        case .symbol(let s): return s.rawValue
        case .newline: return "end of line"
        case .end: return "end of input"
        }
    }
}

/// The operators and punctuation marks of the language, by their text.
public enum Symbol: String, CaseIterable, Sendable {
    case starStar = "**", equalEqual = "==", bangEqual = "!=", lessEqual = "<=", greaterEqual = ">="
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%", at = "@"
    case less = "<", greater = ">", equal = "="
    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]", leftBrace = "{", rightBrace = "}"
    case comma = ",", colon = ":", semicolon = ";", dot = ".", question = "?", bang = "!"
    /// `1..200` in a `for` loop's header: the whole numbers from 1 to 200.
    case dotDot = ".."

    /// The symbols of two characters, which the lexer tries before the single ones.
    static let twoCharacter: [Symbol] = [.starStar, .equalEqual, .bangEqual, .lessEqual, .greaterEqual, .dotDot]

    var opensBracket: Bool { self == .leftParen || self == .leftBracket || self == .leftBrace }
    var closesBracket: Bool { self == .rightParen || self == .rightBracket || self == .rightBrace }
}
