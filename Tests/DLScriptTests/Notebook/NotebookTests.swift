import Foundation
import Testing
@testable import DLScript

@Suite struct NotebookTests {
    let sample = """
        #! dlnb 1
        #! seed 5
        %% Section
        # Prose.
        x = tensor [1, 2, 3]
        x * 2
        #> [2, 4, 6]
        y = [1,
             2]
        y
        #> [1, 2]

        nosuchname
        #> error: unknown name 'nosuchname'
        """ + "\n"

    @Test func parsesAndRendersByteForByte() throws {
        let notebook = try Notebook.parse(sample, path: "t.dlnb")
        #expect(notebook.rendered() == sample)
        #expect(notebook.metadata("seed") == "5")
        #expect(notebook.cells.count == 5)
        #expect(notebook.cells[2].lines == ["y = [1,", "     2]"])
        #expect(notebook.cells[1].output == ["[2, 4, 6]"])
    }

    @Test func replayMatchesAndExpectedErrorsPass() throws {
        let notebook = try Notebook.parse(sample, path: "t.dlnb")
        let replay = NotebookReplay(notebook, session: Session())
        #expect(replay.failures.isEmpty)
        #expect(replay.matchesRecording(relativeTolerance: 1e-4))
    }

    @Test func malformedNotebooksGiveClearErrors() {
        let version = #expect(throws: NotebookError.self) { try Notebook.parse("#! dlnb 99\nx = 1\n", path: "v.dlnb") }
        #expect(version?.description == "v.dlnb:1: error: unknown notebook format version '99' (this dlnb reads version 1)")
        let garbage = #expect(throws: NotebookError.self) { try Notebook.parse([0x89, 0x50, 0x4E, 0x47, 0, 0, 0xFF], path: "g.dlnb") }
        #expect(garbage?.description == "g.dlnb: error: not a text notebook (the file holds binary data)")
        let orphan = #expect(throws: NotebookError.self) { try Notebook.parse("# prose\n#> 3\n", path: "o.dlnb") }
        #expect(orphan?.description == "o.dlnb:2: error: output line with no statement above it")
        let invalidUTF8 = #expect(throws: NotebookError.self) { try Notebook.parse([0x78, 0x20, 0xC3, 0x28], path: "u.dlnb") }
        #expect(invalidUTF8 != nil)
    }

    @Test func numbersCompareWithinTolerance() {
        #expect(OutputComparison.linesMatch("loss 0.412345", "loss 0.412346", relativeTolerance: 1e-4))
        #expect(!OutputComparison.linesMatch("loss 0.41", "loss 0.42", relativeTolerance: 1e-4))
        #expect(OutputComparison.linesMatch("in {{0.84s}}: loss 1", "in {{12.5s}}: loss 1", relativeTolerance: 0))
        #expect(!OutputComparison.linesMatch("accuracy 0.99", "accuracy 0.99 extra", relativeTolerance: 1))
        #expect(OutputComparison.linesMatch("[1e-05, -2.5]", "[1.000001e-05, -2.5000001]", relativeTolerance: 1e-4))
        #expect(!OutputComparison.linesMatch("layer1", "layer2", relativeTolerance: 1))  // digits glued to names are text
    }

    @Test func unifiedDiffShowsTheChange() {
        let diff = UnifiedDiff.diff("a\nb\nc\n", "a\nB\nc\n", oldName: "old", newName: "new")
        #expect(diff == "--- old\n+++ new\n@@ -1,4 +1,4 @@\n a\n-b\n+B\n c\n ")
        #expect(UnifiedDiff.diff("same\n", "same\n", oldName: "a", newName: "b").isEmpty)
    }

    @Test func parametersOverrideTheFirstAssignment() throws {
        let notebook = try Notebook.parse("epochs = 200\nepochs * 2\n#> 400\n", path: "p.dlnb")
        let replay = NotebookReplay(notebook, session: Session(), parameters: ["epochs": "3"])
        #expect(replay.replayed.cells[0].lines == ["epochs = 3"])
        #expect(replay.replayed.cells[1].output == ["6"])
    }

    @Test func unexpectedErrorStopsUnlessKeepGoing() throws {
        let notebook = try Notebook.parse("x = 1\nnosuch\ny = 2\ny\n#> 2\n", path: "e.dlnb")
        let stopped = NotebookReplay(notebook, session: Session())
        #expect(stopped.failures.count == 1 && stopped.failures[0].error.location.line == 2)
        #expect(stopped.replayed.cells[3].output == ["2"])  // not reached: kept as recorded
        let session = Session()
        _ = NotebookReplay(notebook, session: session, keepGoing: true)
        #expect(session.variables["y"] != nil)
    }

    @Test func aSavedSessionReplaysToTheSameOutputs() throws {
        let session = Session(seed: 9)
        var recorder = NotebookRecorder(seed: 9)
        for input in ["data = spiral 20 3", "model = sequential", "model.add(linear 2 8)", "nosuchname",
                      "fit model data epochs=3 batch=10", "w = randn 2 2", "w", "accuracy model data"] {
            for outcome in session.run(input) { recorder.record(outcome) }
        }
        let text = recorder.notebook.rendered()
        #expect(text.contains("nosuchname\n#> error: unknown name 'nosuchname'"))
        let reread = try Notebook.parse(text, path: "saved.dlnb")
        let replay = NotebookReplay(reread, session: Session())
        #expect(replay.failures.isEmpty)
        #expect(replay.matchesRecording(relativeTolerance: 1e-4), "\(replay.replayed.rendered())")
    }

    @Test func commandsCheckUpdateAndExitCodes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-cmd-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/n.dlnb"
        try "#! dlnb 1\nx = 2\nx * 21\n#> 41\n".write(toFile: path, atomically: true, encoding: .utf8)
        var out = "", err = ""
        let commands = NotebookCommands(standardOutput: { out += $0 }, standardError: { err += $0 + "\n" })
        #expect(commands.run(["check", path]) == 2)
        #expect(out.contains("-#> 41\n+#> 42"))
        #expect(commands.run(["run", "--update", path]) == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "#! dlnb 1\nx = 2\nx * 21\n#> 42\n")
        out = ""
        #expect(commands.run(["check", path]) == 0)
        #expect(out == "\(path): ok\n")
        #expect(commands.run(["run", "--bogus", path]) == 64)
        #expect(commands.run(["check"]) == 64)
        #expect(commands.run([folder + "/missing.dlnb"]) == 1)
        #expect(err.contains("missing.dlnb: no such file"))
    }

    @Test func exportWritesHTMLAndMarkdown() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-exp-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/n.dlnb"
        try "#! dlnb 1\n%% Title\n# Some <prose>.\nx = 2\nx * 21\n#> 42\n".write(toFile: path, atomically: true, encoding: .utf8)
        let commands = NotebookCommands(standardOutput: { _ in }, standardError: { _ in })
        #expect(commands.run(["export", path, "--html", folder + "/n.html"]) == 0)
        let html = try String(contentsOfFile: folder + "/n.html", encoding: .utf8)
        #expect(html.contains("<h2>Title</h2>") && html.contains("<p>Some &lt;prose&gt;.</p>") && html.contains("42"))
        #expect(commands.run(["export", path, "--md", folder + "/n.md"]) == 0)
        let md = try String(contentsOfFile: folder + "/n.md", encoding: .utf8)
        #expect(md.contains("## Title") && md.contains("```\nx = 2\nx * 21\n```\n\n```text\n42\n```"))
        #expect(NotebookExport.inlineCode("use `fit` and `plot`, not ` alone") == "use <code>fit</code> and <code>plot</code>, not ` alone")
    }
}
