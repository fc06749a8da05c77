import DLScript

// `:save` and `:load`: the session's statements as a notebook (DLScript's NotebookRecorder), and a
// notebook's statements replayed into the session.

enum NotebookFile {
    /// Writes the transcript to `path` atomically (a temporary file, then a rename).
    /// - Returns: the message to show, and whether it is an error.
    static func save(_ transcript: NotebookRecorder, to path: String) -> (message: String, failed: Bool) {
        do {
            try transcript.notebook.write(to: path)
            let count = transcript.count
            return ("saved \(count) statement\(count == 1 ? "" : "s") to \(path)", false)
        } catch {
            return (":save: cannot write \(path): \(error)", true)
        }
    }

    /// Runs a notebook's statements in the session, cell by cell, printing their outputs (the recorded
    /// ones are not shown); its `#! seed N` sets the seed first. Stops at Ctrl-C, goes on after errors.
    /// - Returns: what ran, or `nil` with a message when the file cannot be read.
    static func load(_ path: String, with runner: StatementRunner) -> (report: StatementRunner.Report?, message: String?) {
        let notebook: Notebook
        do {
            notebook = try Notebook.read(from: path)
        } catch let error as NotebookError {
            return (nil, error.description)
        } catch {
            return (nil, ":load: cannot read \(path): \(error)")
        }
        var total = StatementRunner.Report()
        // Run as a statement, so that `:save` records the seed the notebook's statements ran with.
        if let seed = notebook.metadata("seed").flatMap(UInt64.init) {
            total.ran += runner.run("seed \(seed)", file: path, stopOnError: false).ran
        }
        for cell in notebook.cells {
            let report = runner.run(cell, file: path, stopOnError: false)
            total.ran += report.ran
            total.failed = total.failed || report.failed
            if report.interrupted {
                total.interrupted = true
                break
            }
        }
        return (total, nil)
    }
}
