import DLEngine

/// Running the block statements: `for NAME in SEQUENCE ... end` and `if ... else ... end`.
///
/// A block is one statement: its body's statements run as if typed one after another, each showing its
/// value as at the prompt (a trailing `;` hides it), and all they show is the block's output. When a
/// statement in the body fails, or Ctrl-C stops the loop, the whole block is undone (the session's
/// transaction covers it) and the error names the iteration.
extension Session {
    /// The largest loop bound: whole numbers beyond 2^53 are not all representable as numbers here.
    static let maximumLoopBound = 9_007_199_254_740_992.0

    /// Runs `body` once per value of `sequence`, with `name` bound to it. The name keeps the last value.
    func runLoop(_ name: String, over sequence: LoopSequence, _ body: [ParsedStatement], at location: SourceLocation) throws {
        if builtins[name] != nil {
            throw ScriptError("cannot use '\(name)' as the loop variable: it is a built-in name" + Session.renameHint(name), at: location)
        }
        blockDepth += 1
        defer { blockDepth -= 1 }
        var iteration = 0
        func run(_ value: Value) throws {
            iteration += 1
            try checkInterrupt(iteration, location)
            variables[name] = value
            noteCurrent(value)
            do {
                for statement in body {
                    try checkInterrupt(iteration, location)
                    try perform(statement)
                    // A `fit` that Ctrl-C stopped returns normally; the loop stops after it.
                    if wasInterrupted { throw interruption(iteration, location) }
                }
            } catch var error as ScriptError where !wasInterrupted {
                error.message += " (in iteration \(iteration) of the loop, \(name) = \(display(value) ?? "none"))"
                throw error
            }
        }
        switch sequence {
        case let .range(from, to):
            let first = try loopBound(from, "first"), last = try loopBound(to, "last")
            var i = first
            while i <= last {  // `5..1` runs no times, as an empty range
                try run(.number(Double(i)))
                i += 1
            }
        case .values(.list(let items, _)):
            // A list written in the header is walked item by item as written: `[0.01, 0.1]` gives the
            // numbers 0.01 and 0.1 (not a tensor's Float elements) and `[w, b]` the tensors themselves.
            // All are evaluated before the first pass, as Python evaluates the list first.
            for value in try items.map({ try evaluate($0) }) { try run(value) }
        case .values(let expression):
            let value = try evaluate(expression)
            switch value {
            case .list(let items):
                for item in items { try run(item) }
            case .tensor(let t) where t.rank == 1:
                for i in 0 ..< t.count { try run(.number(Double(t.data[i]))) }
            case .tensor(let t) where t.rank > 1:
                // NumPy's iteration: the rows along the first axis.
                for i in 0 ..< t.shape[0] { try run(.tensor(try t.slice([.index(i)]))) }
            case .number:
                throw ScriptError("a for loop walks a list, a tensor or a range, not a number; to count, write for \(name) in 1..N",
                                  at: expression.location)
            default:
                throw ScriptError("a for loop walks a list, a tensor or a range 'first..last', not \(value.kindWithArticle)",
                                  at: expression.location)
            }
        }
    }

    /// Runs a block's statements (an `if`'s chosen branch).
    func runBlock(_ body: [ParsedStatement], at location: SourceLocation) throws {
        blockDepth += 1
        defer { blockDepth -= 1 }
        for statement in body {
            try perform(statement)
            if wasInterrupted { throw interruption(nil, location) }
        }
    }

    /// A range's bound: a whole number within ±2^53.
    private func loopBound(_ expression: Expression, _ which: String) throws -> Int {
        let value = try evaluate(expression)
        guard case .number(let v) = value else {
            throw ScriptError("the range's \(which) bound must be a whole number, not \(value.kindWithArticle)", at: expression.location)
        }
        guard v == v.rounded(), Swift.abs(v) <= Session.maximumLoopBound else {
            let why = v.isFinite && v == v.rounded() ? "at most 2^53 in size" : "a whole number"
            throw ScriptError("the range's \(which) bound must be \(why), not \(Session.format(v))", at: expression.location)
        }
        return Int(v)
    }

    /// Stops the loop when Ctrl-C (or a fuzzer's time budget) asks for it.
    private func checkInterrupt(_ iteration: Int, _ location: SourceLocation) throws {
        guard isInterruptRequested() else { return }
        throw interruption(iteration, location)
    }

    /// The error that undoes a block Ctrl-C stopped: a block is one statement, and a statement that does
    /// not finish changes nothing (so `:save` leaves it out, and a replay does what the session did).
    private func interruption(_ iteration: Int?, _ location: SourceLocation) -> ScriptError {
        wasInterrupted = true
        let place = iteration.map { "in iteration \($0) of the loop" } ?? "inside the block"
        return ScriptError("interrupted \(place); the block changed nothing (it runs as one statement)", at: location)
    }

    /// `; name it differently, e.g. 'relu_' or 'my_relu'`.
    static func renameHint(_ name: String) -> String {
        "; name it differently, e.g. '\(name)_'"
    }
}
