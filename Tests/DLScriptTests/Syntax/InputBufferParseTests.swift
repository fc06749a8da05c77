import Foundation
import Testing
@testable import DLScript

/// The REPL's input lexed once: the tokens ``InputBuffer`` makes line by line, as the lines are typed,
/// parse to exactly what lexing the whole input again gives (the oracle: `Parser.parse(text)`).
@Suite struct InputBufferParseTests {
    func expectSameParse(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        var buffer = InputBuffer()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { _ = buffer.append(String(line)) }
        let once = buffer.parse(), twice = Parser.parse(buffer.text)
        #expect(once.statements == twice.statements, "\(text)", sourceLocation: sourceLocation)
        #expect(once.errors == twice.errors, "\(text)", sourceLocation: sourceLocation)
    }

    @Test(arguments: [
        "x = 1", "x = 1; y = 2;", "f(1,\n  2)", "f \\\n  (x)", "f \\\n -1", "a = [1, # one\n 2]\nb = a",
        "for i in 1..3\n  print i\nend", "if x\n  y = (1 +\n 2)\nelse\n  z\nend", "x = (", "x = ]\ny = )",
        "s = \"unterminated", "x = 1 $ 2", "  indented = 3  # note", "", "\n\n", "m.add(linear 2 100)\nfit epochs=2",
        "for i in 1..2\n  y = (1 +)\n  z = ]\nend\nw = )", "f(x)\\\n(y)", "x = [1,\n\n 2]",
    ])
    func sameAsLexingTheWholeInput(text: String) {
        expectSameParse(text)
    }

    @Test func everyNotebookCellParsesTheSame() throws {
        let folder = repositoryRoot + "/notebooks"
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".dlnb") {
            let notebook = try Notebook.parse(try String(contentsOfFile: folder + "/" + name, encoding: .utf8), path: name)
            for cell in notebook.cells {
                expectSameParse(cell.source)
                // Replay parses the tokens the reader lexed to find the cell's end: the same statements.
                let once = cell.parse(), twice = Parser.parse(cell.source)
                #expect(once.statements == twice.statements && once.errors == twice.errors, "\(name):\(cell.line)")
            }
        }
    }

    @Test func aCellWhoseLinesAreReplacedParsesTheNewLines() {
        var cell = Notebook.Cell(lines: ["x = (1 +", "  2)"], line: 3)
        #expect(cell.parse().statements.map(\.text) == ["x = (1 +\n  2)"])
        cell.lines = ["x = 5"]  // what `-p x=5` does
        #expect(cell.parse().statements.map(\.text) == ["x = 5"] && cell.source == "x = 5")
    }
}
