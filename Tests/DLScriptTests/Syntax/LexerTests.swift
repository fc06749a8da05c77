import Testing
@testable import DLScript

/// The lexer on its own: token kinds, locations, source ranges, spacing, and its errors.
@Suite struct LexerTests {
    func kinds(_ source: String) throws -> [Token.Kind] { try Lexer.tokenize(source).map(\.kind) }

    @Test func numbersNamesStringsAndSizes() throws {
        #expect(try kinds("x = 1.5e-3") == [.identifier("x"), .symbol(.equal), .number(0.0015), .end])
        #expect(try kinds("1_000 .5 2E+2") == [.number(1000), .number(0.5), .number(200), .end])
        #expect(try kinds("size=800x600") == [.identifier("size"), .symbol(.equal), .size(800, 600), .end])
        #expect(try kinds(#""a\"b\n" 'c'"#) == [.string("a\"b\n"), .string("c"), .end])
        #expect(try kinds("_tmp2 and") == [.identifier("_tmp2"), .identifier("and"), .end])
    }

    @Test func operatorsAreTypedSymbols() throws {
        #expect(try kinds("a**b == c != d <= e >= f") == [
            .identifier("a"), .symbol(.starStar), .identifier("b"), .symbol(.equalEqual), .identifier("c"),
            .symbol(.bangEqual), .identifier("d"), .symbol(.lessEqual), .identifier("e"), .symbol(.greaterEqual),
            .identifier("f"), .end])
        #expect(try kinds("+ - * / % @ < > = ( ) [ ] { } , : ; . ? !") == [
            Symbol.plus, .minus, .star, .slash, .percent, .at, .less, .greater, .equal, .leftParen, .rightParen,
            .leftBracket, .rightBracket, .leftBrace, .rightBrace, .comma, .colon, .semicolon, .dot, .question, .bang,
        ].map { .symbol($0) } + [.end])
        #expect(try kinds("<>=") == [.symbol(.less), .symbol(.greaterEqual), .end])
    }

    @Test func newlinesCommentsAndContinuations() throws {
        #expect(try kinds("a # note\nb") == [.identifier("a"), .newline, .identifier("b"), .end])
        #expect(try kinds("f(1,\n 2)\n") == [.identifier("f"), .symbol(.leftParen), .number(1), .symbol(.comma), .number(2),
                                             .symbol(.rightParen), .newline, .end])
        #expect(try kinds("fit \\\nepochs=2") == [.identifier("fit"), .identifier("epochs"), .symbol(.equal), .number(2), .end])
        var lexer = Lexer("2]\n", openBrackets: 1)  // a line inside a bracket opened on an earlier line
        #expect(try lexer.next().kind == .number(2))
        #expect(try lexer.next().kind == .symbol(.rightBracket))
        #expect(try lexer.next().kind == .newline)
    }

    @Test func locationsRangesAndSpacing() throws {
        let tokens = try Lexer.tokenize("ab  (c)\n  -1")
        #expect(tokens.map(\.location) == [SourceLocation(line: 1, column: 1), SourceLocation(line: 1, column: 5),
                                           SourceLocation(line: 1, column: 6), SourceLocation(line: 1, column: 7),
                                           SourceLocation(line: 1, column: 8), SourceLocation(line: 2, column: 3),
                                           SourceLocation(line: 2, column: 4), SourceLocation(line: 2, column: 5)])
        #expect(tokens.map(\.range) == [0 ..< 2, 4 ..< 5, 5 ..< 6, 6 ..< 7, 7 ..< 8, 10 ..< 11, 11 ..< 12, 12 ..< 12])
        #expect(tokens.map(\.spaceBefore) == [false, true, false, false, false, true, false, false])
    }

    @Test func errorsNameThePlace() {
        func error(_ source: String) -> ScriptError? {
            do { _ = try Lexer.tokenize(source); return nil } catch { return error as? ScriptError }
        }
        #expect(error("x = $") == ScriptError("unexpected character '$'", at: SourceLocation(line: 1, column: 5)))
        #expect(error("\"abc") == ScriptError("unterminated string (missing closing \")", at: SourceLocation(line: 1, column: 1)))
        #expect(error("1.2.3")?.message == "malformed number '1.2.3'")
        #expect(error("x = 2abc")?.message == "a name cannot start with a digit: '2a...'")
        #expect(error("a\u{0}")?.message == "unexpected character '\\u{0}'")
    }
}
