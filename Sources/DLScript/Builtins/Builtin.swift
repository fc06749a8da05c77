import DLEngine

/// A built-in function of the language, with the help text users read (`help linear`, `?linear`) and
/// that `docs/LANGUAGE.md` is generated from.
public struct Builtin: Sendable {
    /// Where a built-in is listed in `help` and in the docs.
    public enum Category: String, CaseIterable, Sendable {
        case tensors = "Tensors"
        case math = "Math"
        case autodiff = "Autodiff"
        case data = "Data"
        case layers = "Layers"
        case models = "Models"
        case training = "Training"
        case optimizers = "Optimizers"
        case schedules = "Schedules"
        case losses = "Losses"
        case plots = "Plots"
        case session = "Session"
    }

    /// The name users type.
    public let name: String
    /// The call as users write it, e.g. `linear IN OUT [bias=true] [init="xavier_uniform"]`.
    public let signature: String
    /// One line: what it does.
    public let summary: String
    /// One or more example lines, runnable as written.
    public let example: String
    public let category: Category
    /// The keyword arguments it accepts (checked, and completed in the REPL).
    public let keywords: [String]
    /// Whether a bare mention calls it with no arguments (`relu`, `sequential`, `whos`), so that
    /// `model.add(relu)` adds a layer.
    public let callsWhenMentioned: Bool
    /// Positions whose bare names are read as words, not looked up (`help linear`, `plot boundary ...`).
    public let wordPositions: Set<Int>
    /// Keywords whose bare names are read as words (`mode=max`, `monitor=val_loss`), strings as well.
    public let wordKeywords: Set<String>
    /// Positions where a list written in the call stays a list of the values as written, rather than
    /// becoming a tensor (`sgd [w, b]` holds the tensors `w` and `b` themselves, even of equal shapes).
    public let listPositions: Set<Int>
    let body: @Sendable (inout Call) throws -> Value

    init(_ name: String, _ signature: String, _ summary: String, example: String, category: Category,
         keywords: [String] = [], callsWhenMentioned: Bool = false, wordPositions: Set<Int> = [],
         listPositions: Set<Int> = [], wordKeywords: Set<String> = [],
         body: @escaping @Sendable (inout Call) throws -> Value) {
        self.name = name
        self.signature = signature
        self.summary = summary
        self.example = example
        self.category = category
        self.keywords = keywords
        self.callsWhenMentioned = callsWhenMentioned
        self.wordPositions = wordPositions
        self.wordKeywords = wordKeywords
        self.listPositions = listPositions
        self.body = body
    }

    /// The help text: signature, summary, keywords and example.
    public var help: String {
        var text = "\(signature)\n  \(summary)"
        if !keywords.isEmpty { text += "\n  keywords: " + keywords.joined(separator: ", ") }
        text += "\n  example:\n" + example.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
        return text
    }
}

/// One call of a built-in: its evaluated arguments with their locations, the session, and typed accessors
/// that throw a located error naming the argument when a value has the wrong kind.
public struct Call {
    public struct Entry {
        public let value: Value
        public let location: SourceLocation
    }

    public let name: String
    public let session: Session
    public let location: SourceLocation
    public let positional: [Entry]
    public let keywords: [String: Entry]

    /// Throws unless the positional count is within `range`.
    public func expectPositional(_ range: ClosedRange<Int>, usage: String? = nil) throws {
        guard range.contains(positional.count) else {
            let wanted = range.lowerBound == range.upperBound ? "\(range.lowerBound)" :
                range.upperBound == Int.max ? "at least \(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
            let place = positional.count > range.upperBound ? positional[range.upperBound].location : location
            let plural = range.upperBound == 1 && range.lowerBound == 1 ? "" : "s"
            throw ScriptError("\(name) takes \(wanted) argument\(plural), got \(positional.count)"
                + (usage.map { " (usage: \($0))" } ?? ""), at: place)
        }
    }

    /// The positional argument at `index`, or `nil` when absent.
    public func argument(_ index: Int) -> Entry? { index < positional.count ? positional[index] : nil }

    /// A value given positionally at `index` or by keyword `keyword`.
    public func entry(_ index: Int?, _ keyword: String?) -> Entry? {
        if let keyword, let e = keywords[keyword] { return e }
        if let index { return argument(index) }
        return nil
    }

    func typeError(_ entry: Entry, expected: String, what: String) -> ScriptError {
        ScriptError("\(name): \(what) must be \(expected), not \(entry.value.kindWithArticle)", at: entry.location)
    }

    // MARK: Typed accessors

    public func number(_ index: Int?, _ keyword: String? = nil, _ what: String, default defaultValue: Double? = nil) throws -> Double {
        guard let e = entry(index, keyword) else {
            if let defaultValue { return defaultValue }
            throw ScriptError("\(name): missing \(what)", at: location)
        }
        switch e.value {
        case .number(let v): return v
        case .boolean(let b): return b ? 1 : 0
        case .tensor(let t) where t.count == 1: return Double(t.data[0])
        default: throw typeError(e, expected: "a number", what: what)
        }
    }

    public func float(_ index: Int?, _ keyword: String? = nil, _ what: String, default defaultValue: Float? = nil) throws -> Float {
        Float(try number(index, keyword, what, default: defaultValue.map(Double.init)))
    }

    public func integer(_ index: Int?, _ keyword: String? = nil, _ what: String, default defaultValue: Int? = nil) throws -> Int {
        let v = try number(index, keyword, what, default: defaultValue.map(Double.init))
        return try wholeNumber(v, what, at: entry(index, keyword)?.location ?? location)
    }

    /// `v` as an `Int`, or an error when it is not a whole number of a sensible size (NaN, 1e300, 2.5).
    public func wholeNumber(_ v: Double, _ what: String, at place: SourceLocation) throws -> Int {
        guard v == v.rounded(), Swift.abs(v) < 1e15 else {
            throw ScriptError("\(name): \(what) must be a whole number, not \(Session.format(v))", at: place)
        }
        return Int(v)
    }

    public func boolean(_ index: Int?, _ keyword: String? = nil, _ what: String, default defaultValue: Bool) throws -> Bool {
        guard let e = entry(index, keyword) else { return defaultValue }
        switch e.value {
        case .boolean(let b): return b
        case .number(let v) where v == 0 || v == 1: return v == 1
        default: throw typeError(e, expected: "true or false", what: what)
        }
    }

    public func string(_ index: Int?, _ keyword: String? = nil, _ what: String, default defaultValue: String? = nil) throws -> String {
        guard let e = entry(index, keyword) else {
            if let defaultValue { return defaultValue }
            throw ScriptError("\(name): missing \(what)", at: location)
        }
        guard case .string(let s) = e.value else { throw typeError(e, expected: "a string", what: what) }
        return s
    }

    /// A tensor; numbers and lists of numbers become tensors.
    public func tensor(_ index: Int?, _ keyword: String? = nil, _ what: String) throws -> Tensor {
        guard let e = entry(index, keyword) else { throw ScriptError("\(name): missing \(what)", at: location) }
        return try Session.tensor(from: e.value, at: e.location, context: "\(name): \(what)")
    }

    public func model(_ index: Int?, _ keyword: String? = nil, _ what: String = "the model") throws -> Sequential {
        guard let e = entry(index, keyword) else {
            if let current = session.currentModel { return current }
            throw ScriptError("\(name): no model given and none made yet (model = sequential)", at: location)
        }
        guard case .model(let m) = e.value else { throw typeError(e, expected: "a model", what: what) }
        return m
    }

    public func dataset(_ index: Int?, _ keyword: String? = nil, _ what: String = "the data") throws -> Dataset {
        guard let e = entry(index, keyword) else {
            if let current = session.currentData { return current }
            throw ScriptError("\(name): no data given and none made yet (data = spiral 100 3)", at: location)
        }
        guard case .dataset(let d) = e.value else { throw typeError(e, expected: "a data set", what: what) }
        return d
    }

    public func layer(_ index: Int?, _ what: String = "the layer") throws -> any Layer {
        guard let e = entry(index, nil) else { throw ScriptError("\(name): missing \(what)", at: location) }
        switch e.value {
        case .layer(let l): return l
        case .model(let m): return m
        default: throw typeError(e, expected: "a layer", what: what)
        }
    }

    /// Whether a keyword was given.
    public func has(_ keyword: String) -> Bool { keywords[keyword] != nil }
}
