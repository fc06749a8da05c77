import Testing
@testable import DLScript

/// The REPL's pure pieces: when typed lines form a complete input, how an input splits into statements
/// for `:save`, and what Tab offers.
@Suite struct InputBufferTests {
    @Test func completeWhenBracketsCloseAndNoContinuation() {
        #expect(InputBuffer.isComplete("x = 1"))
        #expect(InputBuffer.isComplete(""))
        #expect(!InputBuffer.isComplete("model = sequential(linear 2 3,"))
        #expect(!InputBuffer.isComplete("x = [[1, 2],"))
        #expect(InputBuffer.isComplete("x = [[1, 2],\n [3, 4]]"))
        #expect(!InputBuffer.isComplete("fit epochs=20 \\"))
        #expect(InputBuffer.isComplete("fit epochs=20 \\\n  batch=10"))
    }

    @Test func errorsAreCompleteSoTheParserReportsThem() {
        #expect(InputBuffer.isComplete("x = )"))            // a stray closing bracket
        #expect(InputBuffer.isComplete("print \"abc"))      // strings do not span lines
        #expect(InputBuffer.isComplete("x = 1 # a comment \\"))  // the backslash is in the comment
        #expect(InputBuffer.isComplete("x = $"))
    }

    @Test func bufferCollectsLinesUntilComplete() {
        var buffer = InputBuffer()
        let first = buffer.append("model = sequential(linear 2 3,")
        #expect(!first)
        let second = buffer.append("  relu)")
        #expect(second)
        #expect(buffer.text == "model = sequential(linear 2 3,\n  relu)")
        #expect(buffer.historyEntries == ["model = sequential(linear 2 3,   relu)"])
        buffer.clear()
        #expect(buffer.isEmpty)
    }

    @Test func historyKeepsLinesApartWhenACommentWouldSwallowTheJoin() {
        var buffer = InputBuffer()
        _ = buffer.append("x = [1,  # first")
        _ = buffer.append("2]")
        #expect(buffer.historyEntries == ["x = [1,  # first", "2]"])
        var continued = InputBuffer()
        _ = continued.append("fit epochs=2 \\")
        _ = continued.append("batch=5")
        #expect(continued.historyEntries == ["fit epochs=2  batch=5"])
    }

    @Test func statementTextsFollowTheSeparators() {
        func texts(_ source: String) -> [String] { Parser.parse(source).statements.map(\.text) }
        #expect(texts("a = 1; b = 2") == ["a = 1;", "b = 2"])
        #expect(texts("x = [1,\n 2]\n\n# note\nx.shape  # shape\n") == ["x = [1,\n 2]", "x.shape  # shape"])
        #expect(texts("model.add(relu)") == ["model.add(relu)"])
    }
}

@Suite struct CompletionTests {
    func session() -> Session {
        let session = Session()
        _ = session.run("data = spiral 10 3\nmodel = sequential\nspeed = 2")
        return session
    }

    @Test func namesAndBuiltins() {
        let s = session()
        #expect(s.completion(of: "spi", after: "").candidates == ["spiral"])
        #expect(s.completion(of: "spi", after: "").spaceAfterSingle)
        #expect(s.completion(of: "sp", after: "x = ").candidates == ["speed", "spiral", "split"])
        #expect(!s.completion(of: "spe", after: "").spaceAfterSingle)  // a name: `.` or an operator follows
    }

    @Test func plotCharts() {
        let s = session()
        #expect(s.completion(of: "", after: "plot ").candidates == ["boundary", "data", "fit", "gradients", "graph", "images", "loss", "regression", "schedule", "weights"])
        #expect(s.completion(of: "bo", after: "x = 1; plot ").candidates == ["boundary"])
        #expect(s.completion(of: "da", after: "plot boundary model ").candidates == ["data", "dataset"])  // names, not charts
    }

    @Test func membersByKind() {
        let s = session()
        #expect(s.completion(of: "a", after: "model.").candidates == ["accuracy", "add"])
        #expect(s.completion(of: "", after: "data.").candidates.contains("classes"))
        #expect(!s.completion(of: "", after: "data.").candidates.contains("layers"))
        #expect(s.completion(of: "sh", after: "w.").candidates == ["shape", "shapes", "show"])  // unknown receiver: all members
        #expect(s.completion(of: "5", after: "x = 1.").candidates.isEmpty)
    }

    @Test func keywordsOfTheBuiltinBeingCalled() {
        let s = session()
        #expect(s.completion(of: "ep", after: "fit ").candidates == ["epochs="])
        #expect(s.completion(of: "ep", after: "fit model data ").candidates == ["epochs="])
        #expect(s.completion(of: "b", after: "model.add(linear 2 3 ").candidates.contains("bias="))
        #expect(s.completion(of: "bat", after: "fit(model, data,\n    ").candidates == ["batch=", "batchnorm", "batchnorm2d"])
        #expect(s.completion(of: "mo", after: "opt = sgd lr=0.1 ").candidates == ["model", "momentum=", "moons"])
        #expect(s.completion(of: "ep", after: "fit epochs=").candidates.isEmpty)         // a value goes here
        #expect(s.completion(of: "ba", after: "fit epochs=2 optimizer=sgd(lr=0.1) ").candidates.contains("batch="))
    }

    @Test func stringsCompleteFileNamesAndCommentsNothing() {
        let s = session()
        #expect(s.completion(of: "notebooks/sp", after: "plot data data \"").completesFileNames)
        #expect(!s.completion(of: "x", after: "print \"a\" ").completesFileNames)
        #expect(s.completion(of: "sp", after: "x = 1 # ").candidates.isEmpty)
    }
}
