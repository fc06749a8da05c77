/// The expression rules of ``Parser``, from `or` down to `primary`, one method per rule of the grammar
/// in Parser.swift, with the nesting limit that keeps a pathological input from overflowing the stack.
extension Parser {
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

    mutating func postfix() throws -> Expression {
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
        nesting += 1
        defer { depth -= 1; nesting -= 1 }
        guard nesting <= Parser.maximumNesting else {
            throw error("expression nested too deeply (more than \(Parser.maximumNesting) brackets or prefix operators inside one another)")
        }
        guard depth <= Parser.maximumDepth else {
            throw error("expression nested too deeply (more than \(Parser.maximumDepth) levels)")
        }
        return try rule(&self)
    }
}
