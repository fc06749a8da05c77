import Testing
@testable import DLScript

/// The parser on its own: the tree each rule builds, precedence, juxtaposed calls, statements and their
/// texts, and recovery that reports every syntax error.
@Suite struct ParserTests {
    let l = SourceLocation(line: 1, column: 1)

    func expression(_ source: String) throws -> Expression {
        let (statements, errors) = Parser.parse(source)
        guard errors.isEmpty, statements.count == 1, case .expression(let e) = statements[0].statement else {
            throw ScriptError("not one expression: \(errors.map(\.message))", at: l)
        }
        return e
    }

    /// The tree printed compactly, locations left out: `(+ 1 (* 2 3))`.
    func shape(_ e: Expression) -> String {
        switch e {
        case .number(let v, _): return v == v.rounded() ? String(Int(v)) : String(v)
        case .string(let s, _): return "\"\(s)\""
        case let .size(w, h, _): return "\(w)x\(h)"
        case .boolean(let b, _): return String(b)
        case .none: return "none"
        case .name(let n, _): return n
        case .list(let items, _): return "[" + items.map(shape).joined(separator: " ") + "]"
        case let .unary(op, x, _): return "(\(op.rawValue) \(shape(x)))"
        case let .binary(op, a, b, _): return "(\(op.rawValue) \(shape(a)) \(shape(b)))"
        case let .call(f, args, _):
            return "(call \(shape(f))" + args.map { " " + ($0.label.map { "\($0)=" } ?? "") + shape($0.value) }.joined() + ")"
        case let .member(x, name, _): return "\(shape(x)).\(name)"
        case let .subscripted(x, subscripts, _):
            return shape(x) + "[" + subscripts.map {
                switch $0 {
                case .index(let i): return shape(i)
                case let .slice(a, b, c): return [a, b, c].map { $0.map(shape) ?? "" }.joined(separator: ":")
                }
            }.joined(separator: ", ") + "]"
        }
    }

    @Test func precedenceAndAssociativity() throws {
        #expect(shape(try expression("1 + 2 * 3 - 4")) == "(- (+ 1 (* 2 3)) 4)")
        #expect(shape(try expression("-2 ** 2")) == "(- (** 2 2))")  // as in Python: -(2 ** 2)
        #expect(shape(try expression("2 ** -1")) == "(** 2 (- 1))")
        #expect(shape(try expression("a @ b + c")) == "(+ (@ a b) c)")
        #expect(shape(try expression("not a == b and c or d")) == "(or (and (not (== a b)) c) d)")
        #expect(shape(try expression("(1 + 2) * 3")) == "(* (+ 1 2) 3)")
    }

    @Test func callsByJuxtapositionAndParentheses() throws {
        #expect(shape(try expression("linear 2 100")) == "(call linear 2 100)")
        #expect(shape(try expression("fit epochs=200 batch=20")) == "(call fit epochs=200 batch=20)")
        #expect(shape(try expression("linear(2, 100, bias=false)")) == "(call linear 2 100 bias=false)")
        #expect(shape(try expression("f -1")) == "(call f (- 1))")
        #expect(shape(try expression("x - 1")) == "(- x 1)")
        #expect(shape(try expression("f (x)")) == "(call f x)")
        #expect(shape(try expression("plot data d \"a.png\" size=800x600")) == "(call plot data d \"a.png\" size=800x600)")
        #expect(shape(try expression("model.add(linear 2 3)")) == "(call model.add (call linear 2 3))")
    }

    @Test func membersSubscriptsAndLists() throws {
        #expect(shape(try expression("x.grad.shape")) == "x.grad.shape")
        #expect(shape(try expression("x[0, 1:3, ::2]")) == "x[0, 1:3:, ::2]")
        #expect(shape(try expression("[1, [2, 3],]")) == "[1 [2 3]]")
        #expect(shape(try expression("x [0]")) == "(call x [0])")  // a space makes it an argument
    }

    @Test func statementsTheirTextsAndValues() {
        let (statements, errors) = Parser.parse("a, b = split d 0.8; ?linear\nx = 1  # one\nx;")
        #expect(errors.isEmpty)
        #expect(statements.map(\.text) == ["a, b = split d 0.8;", "?linear", "x = 1  # one", "x;"])
        #expect(statements.map(\.showsValue) == [false, true, true, false])
        guard case let .assignment(names, _, _) = statements[0].statement, case .help("linear", _) = statements[1].statement else {
            Issue.record("wrong statements: \(statements)")
            return
        }
        #expect(names == ["a", "b"])
    }

    @Test func everySyntaxErrorIsReported() {
        let (statements, errors) = Parser.parse("x = 1 +\ny = 2\nz = ]\nw = (3")
        #expect(errors.map(\.message) == ["expected an operand after '+'", "unbalanced ']': there is no opening bracket for it",
                                          "unbalanced brackets: expected ')' to close the '(' at 4:5"])
        #expect(errors.map(\.location.line) == [1, 3, 4])
        #expect(statements.map(\.text) == ["y = 2"])
        let deep = String(repeating: "(", count: 2000) + "1" + String(repeating: ")", count: 2000)
        let tooDeep = "expression nested too deeply (more than 200 brackets or prefix operators inside one another)"
        #expect(Parser.parse(deep).errors.first?.message == tooDeep)
        // FuzzSyntax's finding (CI, session 6): ~480 brackets of nested calls overflowed the 8 MB stack of
        // the address-sanitized build within the limit of 1000 levels; brackets now stop at 200.
        let calls = String(repeating: "sum(reshape(", count: 120) + "x" + String(repeating: "))", count: 120)
        #expect(Parser.parse(calls).errors.first?.message == tooDeep)
        let fine = String(repeating: "(", count: 199) + "1" + String(repeating: ")", count: 199)
        #expect(Parser.parse(fine).errors.isEmpty)
        #expect(Parser.parse(String(repeating: "-", count: 201) + "1").errors.first?.message == tooDeep)
    }
}
