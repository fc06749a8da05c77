import Testing
@testable import DLScript

/// A block in a notebook: one cell from `for` to `end` (prose inside kept), its output below `end`, and a
/// replay that reproduces the file byte for byte.
@Suite struct NotebookBlockTests {
    let text = """
        #! dlnb 1
        #! seed 3
        total = 0
        for i in 1..3
          # the running total
          total = total + i

          print i total
        end
        #> 1 1
        #> 2 3
        #> 3 6
        total
        #> 6

        """

    @Test func aBlockIsOneCellWithItsOutputBelowEnd() throws {
        let notebook = try Notebook.parse(text, path: "blocks.dlnb")
        #expect(notebook.cells.count == 3)
        #expect(notebook.cells[1].lines == ["for i in 1..3", "  # the running total", "  total = total + i", "", "  print i total", "end"])
        #expect(notebook.cells[1].line == 4)
        #expect(notebook.cells[1].output == ["1 1", "2 3", "3 6"])
        #expect(notebook.rendered() == text)
    }

    @Test func replayingReproducesTheFile() throws {
        let notebook = try Notebook.parse(text, path: "blocks.dlnb")
        let replay = NotebookReplay(notebook, session: Session())
        #expect(replay.failures.isEmpty)
        #expect(replay.matchesRecording(relativeTolerance: 0))
        #expect(replay.updated(relativeTolerance: 0).rendered() == text)
    }
}
