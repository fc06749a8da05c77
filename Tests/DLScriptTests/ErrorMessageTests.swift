import Foundation
import Testing
@testable import DLScript

/// Every error a user can meet: its one-line message and location; after each, the session is as it was
/// (the same `whos` and the same random generator, so the same next draw) and still computes 1 + 1.
@Suite struct ErrorMessageTests {
    /// Runs `source` (which must fail), returns the first error, and checks that the session survives
    /// unchanged when every statement of `source` failed (one that succeeded may change it).
    func failure(_ source: String, session: Session = Session(), sourceLocation: Testing.SourceLocation = #_sourceLocation) -> ScriptError? {
        let (whosBefore, generatorBefore) = (session.whos(), session.generator)
        let outcomes = session.run(source)
        let error = outcomes.compactMap(\.error).first
        #expect(error != nil, "expected an error from \(source)", sourceLocation: sourceLocation)
        if outcomes.allSatisfy({ $0.error != nil }) {
            #expect(session.whos() == whosBefore, "whos changed after \(source)", sourceLocation: sourceLocation)
            #expect(session.generator == generatorBefore, "the random generator moved after \(source)", sourceLocation: sourceLocation)
        }
        let after = session.run("1 + 1")
        #expect(after.first?.output == "2" && after.first?.error == nil, "session broken after \(source)",
                sourceLocation: sourceLocation)
        return error
    }

    @Test func unterminatedString() {
        let e = failure("x = \"spiral.png")
        #expect(e?.message == "unterminated string (missing closing \")")
        #expect(e?.location == DLScript.SourceLocation(line: 1, column: 5))
        #expect(e?.formatted(source: "x = \"spiral.png", file: "<stdin>") == """
            <stdin>:1:5: error: unterminated string (missing closing ")
              x = "spiral.png
                  ^
            """)
    }

    @Test func unbalancedBrackets() {
        #expect(failure("model.add(linear 2 100")?.message == "unbalanced brackets: expected ')' after arguments")
        #expect(failure("x = [1, 2")?.message.hasPrefix("unbalanced brackets: expected ']'") == true)
        let closing = failure("x = 1)")
        #expect(closing?.message == "expected the end of the statement, found ')'")
        #expect(failure(")")?.message == "unbalanced ')': there is no opening bracket for it")
    }

    @Test func strayOperator() {
        let e = failure("x = 1 +")
        #expect(e?.message == "expected an operand after '+'")
        #expect(failure("* 2")?.message == "expected an expression, found '*'")
        #expect(failure("x = = 2")?.message == "expected an expression, found '='")
    }

    @Test func unknownNameWithSuggestion() {
        let e = failure("model = sequential\nmodel.add(lineer 2 100)")
        #expect(e?.message == "unknown name 'lineer'; did you mean 'linear'?")
        #expect(e?.location == DLScript.SourceLocation(line: 2, column: 11))
        #expect(failure("spirl 100 3")?.message == "unknown name 'spirl'; did you mean 'spiral'?")
        #expect(failure("qqqqqq")?.message == "unknown name 'qqqqqq'")
    }

    @Test func wrongArgumentCountTypeOrKeyword() {
        #expect(failure("linear 2")?.message == "linear takes 2 arguments, got 1 (usage: linear IN OUT)")
        #expect(failure("linear 2 \"x\"")?.message == "linear: OUT must be a number, not a string")
        #expect(failure("sgd lrr=0.1")?.message == "unknown keyword 'lrr' for sgd; did you mean 'lr'?")
        #expect(failure("zeros 2 epochs=3")?.message == "unknown keyword 'epochs' for zeros; zeros takes no keywords")
        #expect(failure("x = 3\nx 4")?.message == "'x' is a number, not a function; it cannot be called")
        #expect(failure("sgd lr=-1")?.message == "sgd: lr must be a finite number ≥ 0, got -1.0")
    }

    @Test func shapeMismatchInsideFit() {
        let e = failure("""
            data = spiral 10 3
            x = data.x
            d3 = dataset (concat [x, x.sum(axis=1, keepdims=true)] axis=1) data.y
            model = sequential
            model.add(linear 2 100)
            fit model d3 epochs=1
            """)
        #expect(e?.message.contains("does not fit the model") == true)
        #expect(e?.message.contains("[3] and [2]") == true)
        #expect(e?.location.line == 6)
    }

    @Test func shapeMismatchInArithmetic() {
        let e = failure("(ones 2 3) + (ones 4)")
        #expect(e?.message == "shape mismatch in +: [2, 3] and [4]")
        #expect(e?.location.column == 12)
    }

    @Test func missingAndCorruptFiles() throws {
        let missing = failure("load \"no-such-file.dlnbmodel\"")
        #expect(missing?.message.hasSuffix("no-such-file.dlnbmodel: no such file") == true)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-corrupt-\(UUID()).dlnbmodel").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // The right magic number and version, then a header length that runs past the end.
        try Data("DLNBMODL".utf8 + [1, 0, 0, 0, 200, 0, 0, 0] + Array("{\"layers\"".utf8)).write(to: URL(fileURLWithPath: path))
        let corrupt = failure("load \"\(path)\"")
        #expect(corrupt?.message == "load: \(path): the file is truncated (its header is cut off)")
        try Data(repeating: 0x7F, count: 64).write(to: URL(fileURLWithPath: path))
        #expect(failure("load \"\(path)\"")?.message.hasSuffix("not a dlnb model file (wrong magic number)") == true)
    }

    @Test func hugeAllocation() {
        let e = failure("zeros 100000 100000 100000")
        #expect(e?.message.hasPrefix("zeros: a tensor of shape [100000, 100000, 100000] is too large to allocate") == true)
    }

    @Test func nanLossStopsTrainingAndSaysWhy() {
        let session = Session()
        let out = session.run("""
            data = spiral 30 3
            model = sequential
            model.add(linear 2 3)
            fit model data epochs=20 optimizer=(sgd lr=1e30) loss=mse
            """)
        #expect(out.allSatisfy { $0.error == nil })
        #expect(out.last?.output?.contains("the loss became NaN or infinite") == true)
        #expect(session.run("1 + 1").first?.output == "2")
    }

    @Test func deeplyNestedExpressionIsAnErrorNotACrash() {
        let deep = String(repeating: "(", count: 20_000) + "1" + String(repeating: ")", count: 20_000)
        #expect(failure(deep)?.message.hasPrefix("expression nested too deeply") == true)
        let unary = String(repeating: "-", count: 20_000) + "1"
        #expect(failure(unary)?.message.hasPrefix("expression nested too deeply") == true)
        let lists = String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000)
        #expect(failure(lists)?.message.hasPrefix("expression nested too deeply") == true)
    }

    @Test func syntaxErrorsAreAllReportedAtOnce() {
        let outcomes = Session().run("x = 1 +\ny = * 2\nz = 3")
        #expect(outcomes.compactMap(\.error).map(\.location.line) == [1, 2])
    }

    @Test func assigningToABuiltinIsRefused() {
        #expect(failure("linear = 3")?.message == "cannot assign to 'linear': it is a built-in name")
    }
}

/// Plot errors a user can meet; the session goes on after each.
@Suite struct PlotErrorTests {
    let setup = """
        data = spiral 10 3
        model = sequential
        model.add(linear 2 3)
        """

    func failure(_ statement: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-plot-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = Session(inputDirectory: folder, outputDirectory: folder)
        #expect(session.run(setup).allSatisfy { $0.error == nil })
        let error = session.run(statement).first?.error
        #expect(error != nil, sourceLocation: sourceLocation)
        #expect(session.run("1 + 1").first?.output == "2", sourceLocation: sourceLocation)
        return error?.message
    }

    @Test func unwritablePathsAndFolders() throws {
        #expect(try failure("plot boundary model data \"/proc/x.png\"")?.hasPrefix("plot: /proc/x.png") == true)
        #expect(try failure("plot data data \"no/such/folder/x.png\"")?.contains("does not exist") == true)
        #expect(try failure("plot data data \"/tmp\"") == "plot data: '/tmp' must end in .png: plot writes PNG images only")
    }

    @Test func boundaryNeedsTwoDimensionalData() throws {
        #expect(try failure("plot boundary model (shapes 12 size=8) \"x.png\"")
            == "plot boundary: needs a data set with 2 input features; this one has samples of shape [1, 8, 8]")
    }

    @Test func unknownChartAndMissingFile() throws {
        #expect(try failure("plot bondary model data \"x.png\"") == "plot: unknown chart 'bondary'; did you mean 'boundary'?")
        #expect(try failure("plot data data") == "plot data: the last argument must be the PNG file name, like \"data.png\"")
        #expect(try failure("plot loss \"x.png\"") == "plot loss: no training history yet (h = fit ...)")
        #expect(try failure("plot data data \"x.png\" size=10x10")?.contains("10x10") == true)
    }
}

/// Replaying a notebook twice gives the same notebook and the same PNG bytes.
@Suite struct ReplayDeterminismTests {
    @Test func spiralNotebookAndItsPicturesAreByteIdentical() throws {
        let path = repositoryRoot + "/notebooks/spiral.dlnb"
        var pictures: [[String: Data]] = []
        var texts: [String] = []
        for _ in 0 ..< 2 {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-det-\(UUID())").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            var out = ""
            let commands = NotebookCommands(standardOutput: { out += $0 }, standardError: { _ in })
            #expect(commands.run(["run", "--out", folder, path]) == 0)
            texts.append(out)
            var files: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".png") {
                files[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
            }
            pictures.append(files)
        }
        // The same text but for this run's durations (between {{ and }}), and equal to the file itself so.
        func sameButDurations(_ a: String, _ b: String) -> Bool {
            let (x, y) = (a.split(separator: "\n").map(String.init), b.split(separator: "\n").map(String.init))
            return x.count == y.count && zip(x, y).allSatisfy { $0 == $1 || OutputComparison.linesMatch($0, $1, relativeTolerance: 0) }
        }
        #expect(sameButDurations(texts[0], texts[1]))
        #expect(sameButDurations(texts[0], try String(contentsOfFile: path, encoding: .utf8)))
        #expect(pictures[0].keys.sorted() == ["spiral-data.png", "spiral.png"])
        #expect(pictures[0] == pictures[1])
    }
}

extension ErrorMessageTests {
    @Test func longChainsAreErrorsNotCrashes() {
        // A left-deep chain is as deep as it is long: each link counts against the nesting limit.
        #expect(failure("1" + String(repeating: " + 1", count: 20_000))?.message.hasPrefix("expression nested too deeply") == true)
        #expect(failure("x = ones 2 2\nx" + String(repeating: ".T", count: 20_000))?.message.hasPrefix("expression nested too deeply") == true)
        #expect(Session().run("1" + String(repeating: " + 1", count: 900)).first?.output == "901")
    }
}

extension ErrorMessageTests {
    @Test func controlCharactersAreShownEscaped() {
        let source = "x = 1 \u{1B}[31m"
        let e = failure(source)
        #expect(e?.message == "unexpected character '\\u{1B}'")
        #expect(e?.formatted(source: source, file: "<stdin>") == """
            <stdin>:1:7: error: unexpected character '\\u{1B}'
              x = 1 \\u{1B}[31m
                    ^
            """)
        let late = ScriptError("unknown name 'y'", at: DLScript.SourceLocation(line: 1, column: 9))
        #expect(late.formatted(source: "a\u{7}b\tc = y", file: "f") == "f:1:9: error: unknown name 'y'\n  a\\u{7}b c = y\n" + String(repeating: " ", count: 14) + "^")
    }

    @Test func suggestionsOnlyAmongNamesOfSimilarLength() {
        #expect(Suggestions.nearest(to: "lineer", in: ["linear", "l", "linearlinear"]) == "linear")
        #expect(Suggestions.nearest(to: String(repeating: "a", count: 20_000), in: ["aaaa", "linear"]) == nil)
        #expect(Suggestions.distance("ca", "abc") == 3 && Suggestions.distance("abcd", "acbd") == 1)
        #expect(Suggestions.distance("", "abc") == 3 && Suggestions.distance("kitten", "sitting") == 3)
    }
}
