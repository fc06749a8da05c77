import Testing
@testable import DLScript

/// The block statements' syntax: `for NAME in SEQUENCE ... end`, `if ... else ... end`, the range `a..b`,
/// the keywords, and the errors of malformed blocks (one line each, at the place).
@Suite struct BlockSyntaxTests {
    func parse(_ source: String) -> ([ParsedStatement], [String]) {
        let (statements, errors) = Parser.parse(source)
        return (statements, errors.map { "\($0.location): \($0.message)" })
    }

    @Test func theRangeLexesBetweenNumbers() throws {
        #expect(try Lexer.tokenize("1..200").map(\.kind) == [.number(1), .symbol(.dotDot), .number(200), .end])
        #expect(try Lexer.tokenize("a..b").map(\.kind) == [.identifier("a"), .symbol(.dotDot), .identifier("b"), .end])
        #expect(try Lexer.tokenize("1.5 .5").map(\.kind) == [.number(1.5), .number(0.5), .end])
    }

    @Test func aForLoopIsOneStatementWithItsBody() throws {
        let source = "for lr in [0.01, 0.1]\n  x = lr\n  print x\nend\ny = 1"
        let (statements, errors) = parse(source)
        #expect(errors.isEmpty)
        #expect(statements.count == 2)
        guard case let .forLoop(name, .values(.list(items, _)), body, location) = statements[0].statement else {
            Issue.record("not a for loop: \(statements[0].statement)"); return
        }
        #expect(name == "lr" && items.count == 2 && body.count == 2)
        #expect(location == SourceLocation(line: 1, column: 1))
        #expect(body.map(\.text) == ["x = lr", "print x"])
        #expect(statements[0].text == "for lr in [0.01, 0.1]\n  x = lr\n  print x\nend")
        #expect(statements[1].text == "y = 1")
    }

    @Test func rangesOneLineLoopsAndNesting() throws {
        let (statements, errors) = parse("for i in 1..n; for j in 0..i - 1; print i j; end; end")
        #expect(errors.isEmpty)
        guard case let .forLoop("i", .range(.number(1, _), .name("n", _)), body, _) = statements.first?.statement,
              case let .forLoop("j", .range(_, .binary(.subtract, _, _, _)), inner, _) = body.first?.statement else {
            Issue.record("not nested loops: \(statements)"); return
        }
        #expect(inner.count == 1)
    }

    @Test func ifWithElse() throws {
        let (statements, errors) = parse("if x > 1\n  a = 1\nelse\n  a = 2\n  b = 3\nend")
        #expect(errors.isEmpty)
        guard case let .conditional(.binary(.greater, _, _, _), then, otherwise, _) = statements.first?.statement else {
            Issue.record("not an if: \(statements)"); return
        }
        #expect(then.count == 1 && otherwise.count == 2)
    }

    @Test(arguments: [
        ("for i in 1..3\n  x = i", "1:1: 'for' at line 1 has no 'end' to close it"),
        ("end", "1:1: 'end' has no 'for' or 'if' to close"),
        ("x = 1\n  end", "2:3: 'end' has no 'for' or 'if' to close"),
        ("else", "1:1: 'else' has no 'if' to belong to"),
        ("for 3 in [1]\nend", "1:5: expected the loop variable's name after 'for', found '3'"),
        ("for i [1]\nend", "1:7: expected 'in' after 'for i', found '['"),
        ("for i in 1..3 print i\nend", "1:15: expected a new line or ';' after the 'for' header, found 'print'"),
        ("x = 1..3", "1:6: a range 'first..last' is written only in a for loop's header, as in: for i in 1..10"),
        ("in = 3", "1:1: 'in' belongs in a for loop's header, as in: for x in [1, 2, 3]"),
        ("x, end = 1, 2", "1:1: cannot assign to 'end': it is a keyword of the language"),
        ("x = for", "1:5: expected an expression, found the keyword 'for'"),
        ("if x\n  y = 1", "1:1: 'if' at line 1 has no 'end' to close it"),
    ])
    func malformedBlocks(source: String, error: String) {
        let (_, errors) = parse(source)
        #expect(errors == [error])
    }

    @Test func errorsInsideABlockAreAllReportedOnce() {
        let (_, errors) = parse("for i in 1..2\n  y = (1 +)\n  z = ]\nend\nw = )")
        #expect(errors == ["2:11: unbalanced ')': there is no opening bracket for it",
                           "3:7: unbalanced ']': there is no opening bracket for it",
                           "5:5: unbalanced ')': there is no opening bracket for it"])
    }

    @Test func deeplyNestedBlocksAreAnErrorNotACrash() {
        let source = String(repeating: "for i in 1..2\n", count: 5000) + String(repeating: "end\n", count: 5000)
        let (_, errors) = parse(source)
        #expect(errors.first?.hasSuffix("blocks nested too deeply (more than 100 levels)") == true)
    }

    @Test func theInputBufferWaitsForEnd() {
        var buffer = InputBuffer()
        var complete: [Bool] = []
        for line in ["for lr in [0.01, 0.1]", "  if lr > 0.05", "    print lr", "  end", "end"] { complete.append(buffer.append(line)) }
        #expect(complete == [false, false, false, false, true])
        #expect(buffer.historyEntries == ["for lr in [0.01, 0.1]; if lr > 0.05; print lr; end; end"])
        #expect(InputBuffer.isComplete("for i in 1..3; print i; end"))
        #expect(!InputBuffer.isComplete("for i in 1..3; print i"))
        #expect(InputBuffer.isComplete("end"))                   // the parser reports it
        #expect(InputBuffer.isComplete("x = friend"))            // a word that only contains a keyword
        #expect(!InputBuffer.isComplete("for i in [1,\n 2]"))     // a bracket inside a block's header
        #expect(InputBuffer.isComplete("print \"for\""))
    }
}
