import DLEngine

/// Evaluation of expressions: a `switch` over the syntax tree.
extension Session {
    /// The value of `expression`.
    /// - Throws: ``ScriptError`` located at the part that failed; engine errors are given the location
    ///   of the operation or call that raised them.
    public func evaluate(_ expression: Expression) throws -> Value {
        switch expression {
        case .number(let v, _): return .number(v)
        case .string(let s, _): return .string(s)
        case let .size(w, h, _): return .list([.number(Double(w)), .number(Double(h))])
        case .boolean(let b, _): return .boolean(b)
        case .none: return .none
        case let .name(name, location):
            return try lookUp(name, at: location, mentioned: true)
        case let .list(items, location):
            let values = try items.map { try evaluate($0) }
            // Measured once: a list nested past the limit is refused before anything walks it.
            let list = try Value.checkedList(values, at: location)
            // A list of numbers (or of equally shaped tensors) is a tensor, as NumPy's array() would make it.
            if !values.isEmpty, values.allSatisfy({ if case .number = $0 { return true }; if case .list = $0 { return true }; if case .tensor = $0 { return true }; return false }),
               let tensor = try tensorIfAny(list, at: location, context: "list") {
                return .tensor(tensor)
            }
            return list
        case let .unary(op, operand, location):
            return try unary(op, try evaluate(operand), at: location)
        case let .binary(op, left, right, location):
            if op == .and || op == .or {
                let l = try truth(try evaluate(left), at: left.location)
                if op == .and && !l { return .boolean(false) }
                if op == .or && l { return .boolean(true) }
                return .boolean(try truth(try evaluate(right), at: right.location))
            }
            return try binary(op, try evaluate(left), try evaluate(right), at: location)
        case let .call(callee, arguments, location):
            return try call(callee, arguments, at: location)
        case let .member(object, name, location):
            return try member(of: try evaluate(object), name, at: location)
        case let .subscripted(object, subscripts, location):
            return try subscriptValue(try evaluate(object), subscripts, at: location)
        }
    }

    /// A name's value: a variable, else a built-in (called at once when it takes no arguments and is only
    /// mentioned, so `relu` is a layer and `whos` lists names).
    func lookUp(_ name: String, at location: SourceLocation, mentioned: Bool) throws -> Value {
        if let value = variables[name] { return value }
        if let builtin = builtins[name] {
            if mentioned && builtin.callsWhenMentioned {
                return try invoke(builtin, positional: [], keywords: [:], at: location)
            }
            return .builtin(builtin)
        }
        throw ScriptError("unknown name '\(name)'" + suggestion(for: name), at: location)
    }

    /// `; did you mean 'linear'?` for the nearest known name (or what the name is called here, or how to
    /// leave), or nothing.
    func suggestion(for name: String, among candidates: [String]? = nil) -> String {
        Suggestions.hint(forUnknown: name, among: candidates ?? (Array(variables.keys) + Array(builtins.keys)))
    }

    // MARK: Calls

    func call(_ callee: Expression, _ arguments: [Argument], at location: SourceLocation) throws -> Value {
        let target: Value
        var builtin: Builtin?
        if case let .name(name, nameLocation) = callee {
            if let value = variables[name] {
                target = value
            } else if let b = builtins[name] {
                builtin = b
                target = .builtin(b)
            } else {
                throw ScriptError("unknown name '\(name)'" + suggestion(for: name), at: nameLocation)
            }
        } else {
            target = try evaluate(callee)
        }
        if case .builtin(let b) = target { builtin = b }
        var positional: [Call.Entry] = [], keywords: [String: Call.Entry] = [:]
        for argument in arguments {
            var value: Value
            if let builtin, argument.label == nil, builtin.wordPositions.contains(positional.count),
               case .name(let word, _) = argument.value {
                value = .string(word)
            } else if let builtin, let label = argument.label, builtin.wordKeywords.contains(label),
                      case .name(let word, _) = argument.value {
                value = .string(word)
            } else if let builtin, argument.label == nil, builtin.listPositions.contains(positional.count),
                      case .list(let items, _) = argument.value {
                value = try Value.checkedList(try items.map { try evaluate($0) }, at: argument.location)
            } else {
                value = try evaluate(argument.value)
            }
            if let label = argument.label {
                guard keywords[label] == nil else { throw ScriptError("keyword '\(label)' given twice", at: argument.location) }
                keywords[label] = Call.Entry(value: value, location: argument.location)
            } else {
                if !keywords.isEmpty {
                    throw ScriptError("a positional argument cannot follow keyword arguments", at: argument.location)
                }
                positional.append(Call.Entry(value: value, location: argument.location))
            }
        }
        switch target {
        case .builtin(let b):
            return try invoke(b, positional: positional, keywords: keywords, at: location)
        case .method(let method):
            return try callMethod(method, positional: positional, keywords: keywords, at: location)
        case .model(let layer as any Layer), .layer(let layer):
            return try callLayer(layer, callee: callee, positional: positional, keywords: keywords, at: location)
        default:
            let what: String
            if case let .name(name, _) = callee { what = "'\(name)' is \(target.kindWithArticle)" } else { what = "this is \(target.kindWithArticle)" }
            throw ScriptError("\(what), not a function; it cannot be called", at: callee.location)
        }
    }

    /// `model(x)`, `layer(x)`: the forward pass on a batch, as PyTorch's `module(x)`: in the layer's own
    /// mode (training unless set otherwise), recorded for `backward` when parameters require gradients.
    private func callLayer(_ layer: any Layer, callee: Expression, positional: [Call.Entry],
                           keywords: [String: Call.Entry], at location: SourceLocation) throws -> Value {
        var what = layer is Sequential ? "a model" : "a layer"
        if case let .name(name, _) = callee { what = "'\(name)'" }
        if let (label, entry) = keywords.first {
            throw ScriptError("unknown keyword '\(label)': calling \(what) takes only its inputs, as in model(x)", at: entry.location)
        }
        guard positional.count == 1 else {
            throw ScriptError("calling \(what) takes one tensor of inputs, as in model(x), not \(positional.count) arguments", at: location)
        }
        let input = positional[0]
        guard case .tensor(let x) = input.value else {
            var hint = ""
            if case .dataset = input.value { hint = "; for a data set's outputs use predict model data, or model(data.x)" }
            throw ScriptError("calling \(what) takes a tensor of inputs, not \(input.value.kindWithArticle)\(hint)", at: input.location)
        }
        return .tensor(try wrap(location) { try layer(x) })
    }

    /// Calls a built-in after checking its keywords; engine errors get the call's location.
    func invoke(_ builtin: Builtin, positional: [Call.Entry], keywords: [String: Call.Entry], at location: SourceLocation) throws -> Value {
        for (label, entry) in keywords where !builtin.keywords.contains(label) {
            let known = builtin.keywords.isEmpty ? "; \(builtin.name) takes no keywords"
                : (Suggestions.nearest(to: label, in: builtin.keywords).map { "; did you mean '\($0)'?" }
                    ?? "; it takes " + builtin.keywords.joined(separator: ", "))
            throw ScriptError("unknown keyword '\(label)' for \(builtin.name)" + known, at: entry.location)
        }
        var call = Call(name: builtin.name, session: self, location: location, positional: positional, keywords: keywords)
        do {
            return try builtin.body(&call)
        } catch let error as EngineError {
            if case .interrupted(let progress) = error {
                // Ctrl-C in the engine's long work: the statement fails (changing nothing) and, as an
                // interrupted fit, stops the statements after it.
                wasInterrupted = true
                throw ScriptError("\(builtin.name): interrupted \(progress); the statement changed nothing", at: location)
            }
            let text = error.description
            throw ScriptError(text.hasPrefix("\(builtin.name):") ? text : "\(builtin.name): \(text)", at: location)
        }
    }

    // MARK: Operators

    func unary(_ op: UnaryOperator, _ value: Value, at location: SourceLocation) throws -> Value {
        switch (op, value) {
        case (.negate, .number(let v)): return .number(-v)
        case (.plus, .number(let v)): return .number(v)
        case (.negate, .tensor(let t)):
            return .tensor(try wrap(location) { try -t })
        case (.plus, .tensor(let t)): return .tensor(t)
        case (.not, _): return .boolean(!(try truth(value, at: location)))
        default:
            throw ScriptError("cannot apply '\(op.rawValue)' to \(value.kindWithArticle)", at: location)
        }
    }

    /// ``Session/tensor(from:at:context:)`` where a value that makes no tensor (a ragged list, a string)
    /// is not an error: `nil`. A tensor too large for the memory left is one, at `location`.
    func tensorIfAny(_ value: Value, at location: SourceLocation, context: String) throws -> Tensor? {
        do { return try Session.tensor(from: value, at: location, context: context) }
        catch let error as EngineError {
            switch error {
            case .allocationTooLarge, .workingMemoryTooLarge: throw ScriptError(error.description, at: location)
            default: break
            }
            return nil  // past the axes' limit, say: the list stays a list
        } catch { return nil }
    }

    func binary(_ op: BinaryOperator, _ left: Value, _ right: Value, at location: SourceLocation) throws -> Value {
        switch (left, right) {
        case let (.number(a), .number(b)):
            switch op {
            case .add: return .number(a + b)
            case .subtract: return .number(a - b)
            case .multiply: return .number(a * b)
            case .divide: return .number(a / b)
            case .remainder: return .number(a - (a / b).rounded(.down) * b)
            case .power: return .number(Foundation_pow(a, b))
            case .equal: return .boolean(a == b)
            case .notEqual: return .boolean(a != b)
            case .less: return .boolean(a < b)
            case .lessEqual: return .boolean(a <= b)
            case .greater: return .boolean(a > b)
            case .greaterEqual: return .boolean(a >= b)
            case .matmul: throw ScriptError("'@' multiplies matrices; use '*' for numbers", at: location)
            case .and, .or: break
            }
        case let (.string(a), .string(b)):
            switch op {
            case .add: return .string(a + b)
            case .equal: return .boolean(a == b)
            case .notEqual: return .boolean(a != b)
            default: break
            }
        case let (.boolean(a), .boolean(b)) where op == .equal || op == .notEqual:
            return .boolean(op == .equal ? a == b : a != b)
        default:
            break
        }
        guard let a = try tensorIfAny(left, at: location, context: "operand"),
              let b = try tensorIfAny(right, at: location, context: "operand") else {
            throw ScriptError("cannot apply '\(op.rawValue)' to \(left.kindWithArticle) and \(right.kindWithArticle)", at: location)
        }
        do {
            switch op {
            case .add: return .tensor(try a + b)
            case .subtract: return .tensor(try a - b)
            case .multiply: return .tensor(try a * b)
            case .divide: return .tensor(try a / b)
            case .power: return .tensor(try Tensor.pow(a, b))
            case .matmul: return .tensor(try a.matmul(b))
            case .equal: return .tensor(try a.equal(b))
            case .notEqual: return .tensor(try a.notEqual(b))
            case .less: return .tensor(try a.less(b))
            case .lessEqual: return .tensor(try a.lessEqual(b))
            case .greater: return .tensor(try a.greater(b))
            case .greaterEqual: return .tensor(try a.greaterEqual(b))
            case .remainder, .and, .or: throw ScriptError("cannot apply '\(op.rawValue)' to tensors", at: location)
            }
        } catch let error as EngineError {
            throw ScriptError(error.description, at: location)
        }
    }

    func truth(_ value: Value, at location: SourceLocation) throws -> Bool {
        switch value {
        case .boolean(let b): return b
        case .number(let v): return v != 0
        case .tensor(let t) where t.count == 1: return t.data[0] != 0
        case .none: return false
        default: throw ScriptError("\(value.kindWithArticle) is neither true nor false", at: location)
        }
    }

    // MARK: Subscripts

    func subscriptValue(_ value: Value, _ subscripts: [Subscript], at location: SourceLocation) throws -> Value {
        func integer(_ e: Expression?) throws -> Int? {
            guard let e else { return nil }
            let v = try evaluate(e)
            guard case .number(let n) = v else {
                throw ScriptError("an index must be a whole number, not \(v.kindWithArticle)", at: e.location)
            }
            guard n == n.rounded(), Swift.abs(n) < 1e15 else {
                throw ScriptError("an index must be a whole number, not \(Session.format(n))", at: e.location)
            }
            return Int(n)
        }
        let indices: [TensorIndex] = try subscripts.map {
            switch $0 {
            case .index(let e): return .index(try integer(e)!)
            case let .slice(a, b, c): return .slice(start: try integer(a), end: try integer(b), step: try integer(c))
            }
        }
        switch value {
        case .tensor(let t):
            do { return .tensor(try t.slice(indices)) } catch let error as EngineError {
                throw ScriptError(error.description, at: location)
            }
        case .list(let items):
            guard indices.count == 1 else { throw ScriptError("a list takes one index", at: location) }
            switch indices[0] {
            case .index(let i):
                let j = i < 0 ? i + items.count : i
                guard j >= 0 && j < items.count else {
                    throw ScriptError("index \(i) is out of range for a list of \(items.count)", at: location)
                }
                return items[j]
            case .slice:
                let positions = try Tensor.arange(0, Float(items.count)).slice(indices)
                return .list(positions.data.map { items[Int($0)] })
            }
        case .dataset(let d):
            guard indices.count == 1 else { throw ScriptError("a data set takes one index or slice of samples", at: location) }
            let positions = try Tensor.arange(0, Float(d.count)).slice(indices)
            return .dataset(try wrap(location) {
                try MemoryBudget.check(positions.count, of: Int.self, shape: positions.shape)
                return try d.subset(positions.data.map { Int($0) })
            })
        default:
            throw ScriptError("\(value.kindWithArticle) cannot be indexed", at: location)
        }
    }
}

import Foundation
@inline(__always) func Foundation_pow(_ a: Double, _ b: Double) -> Double { Foundation.pow(a, b) }
