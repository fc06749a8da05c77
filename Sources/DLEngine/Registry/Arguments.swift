/// A value given to a registered constructor (a layer, a loss, an optimizer), the same whether it came
/// from a statement of the language or from a model file: the neutral form that lets the engine's
/// registries construct things without knowing the language's values.
public enum Argument: Equatable, Sendable, CustomStringConvertible {
    case integer(Int)
    case number(Double)
    case flag(Bool)
    /// A name, such as an initializer's (`"he_uniform"`).
    case text(String)
    /// A shape, such as the normalized shape of a layer normalization.
    case integers([Int])
    /// A list of numbers, such as a loss's class weights.
    case numbers([Double])

    /// As written in a signature: `1`, `0.01`, `true`, `"zeros"`.
    public var description: String {
        switch self {
        case .integer(let v): return String(v)
        case .number(let v): return v == v.rounded() && Swift.abs(v) < 1e15 ? String(Int(v)) : String(Float(v))
        case .flag(let v): return String(v)
        case .text(let v): return "\"\(v)\""
        case .integers(let v): return EngineError.format(v)
        case .numbers(let v): return "[" + v.map { Argument.number($0).description }.joined(separator: ", ") + "]"
        }
    }
}

/// One parameter of a registered constructor: the key users write as a keyword (or the placeholder of a
/// positional argument) and under which a model file stores the value, its kind and its default.
public struct Parameter: Sendable {
    /// What a value must be.
    public enum Kind: Sendable {
        case integer
        case number
        case flag
        /// An initializer's name (``Initializer/init(name:)``).
        case initializer
        /// A name from a fixed set (the constructor checks it).
        case text
        /// A shape: one whole number or a list of them.
        case shape
        /// A list of numbers.
        case numbers
    }

    /// The keyword, and the field of a model file.
    public let key: String
    public let kind: Kind
    /// The positional argument's placeholder in signatures and errors (`IN`); `nil` for a keyword.
    public let placeholder: String?
    /// The value when none is given; `nil` for a required positional argument or an optional keyword.
    public let defaultValue: Argument?
    /// The default as the signature shows it (`1e-5`, `K`); by default ``defaultValue``'s description.
    public let shownDefault: String?
    /// Whether a model file stores it (an initializer is not: the weights are).
    public let isSaved: Bool

    /// A required positional argument, e.g. `.positional("input", "IN", .integer)`.
    public static func positional(_ key: String, _ placeholder: String, _ kind: Kind) -> Parameter {
        Parameter(key: key, kind: kind, placeholder: placeholder, defaultValue: nil, shownDefault: nil, isSaved: true)
    }

    /// A keyword argument with its default (`nil`: may be left out, the constructor decides), e.g.
    /// `.keyword("slope", .number, default: .number(0.01))`.
    public static func keyword(_ key: String, _ kind: Kind, default value: Argument?, shown: String? = nil,
                               saved: Bool = true) -> Parameter {
        Parameter(key: key, kind: kind, placeholder: nil, defaultValue: value, shownDefault: shown, isSaved: saved)
    }

    /// `[slope=0.01]` for a keyword, `IN` for a positional argument.
    public var signature: String {
        if let placeholder { return placeholder }
        return "[\(key)=\(shownDefault ?? defaultValue?.description ?? "...")]"
    }
}

/// The arguments of one construction, by key, with typed accessors that throw rather than trap.
public struct Arguments: Sendable {
    public var values: [String: Argument]

    public init(_ values: [String: Argument] = [:]) { self.values = values }

    /// `values` with each parameter's default filled in where no value is given.
    public func withDefaults(of parameters: [Parameter]) -> Arguments {
        var filled = self
        for p in parameters where filled.values[p.key] == nil { filled.values[p.key] = p.defaultValue }
        return filled
    }

    private func missing(_ key: String) -> EngineError { .invalidArgument("missing argument '\(key)'") }

    public func integer(_ key: String) throws -> Int {
        guard let v = try optionalInteger(key) else { throw missing(key) }
        return v
    }

    /// `nil` when left out.
    public func optionalInteger(_ key: String) throws -> Int? {
        switch values[key] {
        case nil: return nil
        case .integer(let v)?: return v
        case .number(let v)? where v == v.rounded() && Swift.abs(v) < 1e15: return Int(v)
        default: throw EngineError.invalidArgument("'\(key)' must be a whole number")
        }
    }

    public func float(_ key: String) throws -> Float {
        switch values[key] {
        case nil: throw missing(key)
        case .number(let v)?: return Float(v)
        case .integer(let v)?: return Float(v)
        default: throw EngineError.invalidArgument("'\(key)' must be a number")
        }
    }

    public func flag(_ key: String) throws -> Bool {
        switch values[key] {
        case nil: throw missing(key)
        case .flag(let v)?: return v
        default: throw EngineError.invalidArgument("'\(key)' must be true or false")
        }
    }

    public func text(_ key: String) throws -> String {
        switch values[key] {
        case nil: throw missing(key)
        case .text(let v)?: return v
        default: throw EngineError.invalidArgument("'\(key)' must be a name")
        }
    }

    /// A list of numbers; `nil` when left out.
    public func optionalNumbers(_ key: String) throws -> [Double]? {
        switch values[key] {
        case nil: return nil
        case .numbers(let v)?: return v
        case .number(let v)?: return [v]
        case .integer(let v)?: return [Double(v)]
        case .integers(let v)?: return v.map(Double.init)
        default: throw EngineError.invalidArgument("'\(key)' must be a list of numbers")
        }
    }

    /// A shape, given as a list or as one whole number.
    public func integers(_ key: String) throws -> [Int] {
        switch values[key] {
        case nil: throw missing(key)
        case .integers(let v)?: return v
        case .integer(let v)?: return [v]
        default: throw EngineError.invalidArgument("'\(key)' must be a shape")
        }
    }

    /// A size for counting, not for building: the whole number given, else 0 (a missing or bad value
    /// is reported when the layer is made).
    public func size(_ key: String) -> Int { Swift.max(0, (try? optionalInteger(key)) ?? 0) }

    /// The product of sizes, `Int.max` when it overflows.
    public static func product(_ sizes: [Int]) -> Int {
        sizes.reduce(1) { a, b in
            let (p, overflow) = a.multipliedReportingOverflow(by: b)
            return overflow ? Int.max : p
        }
    }

    /// The sum of counts, `Int.max` when it overflows.
    public static func sum(_ counts: [Int]) -> Int {
        counts.reduce(0) { a, b in
            let (s, overflow) = a.addingReportingOverflow(b)
            return overflow ? Int.max : s
        }
    }

    /// An initializer given by name (`"he_uniform"`).
    public func initializer(_ key: String) throws -> Initializer { try Initializer(name: try text(key)) }
}
