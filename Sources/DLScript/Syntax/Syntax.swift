/// The syntax tree: a few small indirect enums, evaluated with a `switch` (no visitor classes).

/// An expression, with the location of its first token (for error messages).
public indirect enum Expression: Equatable, Sendable {
    case number(Double, SourceLocation)
    case string(String, SourceLocation)
    case size(Int, Int, SourceLocation)
    case boolean(Bool, SourceLocation)
    case none(SourceLocation)
    case name(String, SourceLocation)
    /// `[a, b, c]`: a list (a tensor when its elements are numbers).
    case list([Expression], SourceLocation)
    /// `-x`, `not x`.
    case unary(UnaryOperator, Expression, SourceLocation)
    /// `a + b`, `a @ b`, `a == b`, `a and b`; the location is the operator's.
    case binary(BinaryOperator, Expression, Expression, SourceLocation)
    /// `f(a, b, k=v)` or `f a b k=v`.
    case call(Expression, [Argument], SourceLocation)
    /// `x.name`
    case member(Expression, String, SourceLocation)
    /// `x[i, a:b]`
    case subscripted(Expression, [Subscript], SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .number(_, let l), .string(_, let l), .size(_, _, let l), .boolean(_, let l), .none(let l),
             .name(_, let l), .list(_, let l), .unary(_, _, let l), .call(_, _, let l), .member(_, _, let l),
             .subscripted(_, _, let l):
            return l
        case .binary(_, let left, _, _):
            return left.location
        }
    }
}

/// A prefix operator, by its text.
public enum UnaryOperator: String, Sendable {
    case negate = "-", plus = "+", not
}

/// An infix operator, by its text (for messages: "cannot apply '@' to ...").
public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", power = "**", matmul = "@"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and, or

    /// The operator a symbol stands for between two operands, if any.
    init?(_ symbol: Symbol) {
        self.init(rawValue: symbol.rawValue)
    }
}

/// A call's argument: positional or `name=value`.
public struct Argument: Equatable, Sendable {
    public var label: String?
    public var value: Expression
    /// Where the argument starts (its label, if any).
    public var location: SourceLocation
}

/// One entry of a subscript: an index or a slice `start:end:step`.
public enum Subscript: Equatable, Sendable {
    case index(Expression)
    case slice(Expression?, Expression?, Expression?)
}

/// What a `for` loop walks: the values of an expression (a list's items, a tensor's elements or rows), or
/// the whole numbers of a range `first..last` (both ends included), made one at a time.
public enum LoopSequence: Equatable, Sendable {
    case values(Expression)
    case range(Expression, Expression)
}

/// A statement: an expression, an assignment to one or more names, a help request, or a block (`for`,
/// `if`) holding statements of its own.
public enum Statement: Equatable, Sendable {
    case expression(Expression)
    /// `name = value`, or `a, b = value` to unpack a pair.
    case assignment([String], Expression, SourceLocation)
    /// `object.name = value`: a property that can be changed (`opt.lr = 0.01`, `model.training = false`).
    case propertyAssignment(Expression, String, Expression, SourceLocation)
    /// `?name` or `help name`.
    case help(String?, SourceLocation)
    /// `for NAME in SEQUENCE` ... `end`: the body runs once per value, with NAME bound to it. The whole
    /// loop is one statement (it fails, or is interrupted, as a whole and then changes nothing).
    case forLoop(String, LoopSequence, [ParsedStatement], SourceLocation)
    /// `if CONDITION` ... [`else` ...] `end`.
    case conditional(Expression, [ParsedStatement], [ParsedStatement], SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .expression(let e): return e.location
        case .assignment(_, _, let l), .propertyAssignment(_, _, _, let l), .help(_, let l),
             .forLoop(_, _, _, let l), .conditional(_, _, _, let l):
            return l
        }
    }
}

/// A parsed statement with its text range and whether its value is shown (a trailing `;` hides it).
public struct ParsedStatement: Equatable, Sendable {
    public var statement: Statement
    public var showsValue: Bool
    /// The statement's text as typed: from its first token to the end of its line (a trailing comment
    /// included) or through its `;`, without trailing blanks. What `:save` writes and PNGs record.
    public var text: String
}
