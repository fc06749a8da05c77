import DLEngine
import DLScript
import Foundation

// `:save` and `:load`, kept small and apart: the notebook module (DLScript) may replace them.

/// The statements of this REPL session that ran without error, in order, with their output: what
/// `:save` writes. `:reset` starts a new one.
struct Transcript {
    /// The seed the session had when the transcript began (`#! seed N`).
    var seed: UInt64
    var statements: [StatementRunner.Ran] = []

    init(seed: UInt64) { self.seed = seed }

    /// The notebook text: `#! dlnb 1`, `#! seed N`, then each statement followed by its output lines,
    /// each prefixed with `#> ` (an empty output line is `#>`).
    var notebook: String {
        var lines = ["#! dlnb \(LanguageVersion.notebookFormat)", "#! seed \(seed)"]
        for statement in statements {
            lines.append(statement.source)
            if let output = statement.output {
                for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
                    lines.append(line.isEmpty ? "#>" : "#> " + line)
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

enum NotebookFile {
    /// Writes the transcript to `path` atomically (a temporary file, then a rename).
    /// - Returns: the message to show, and whether it failed.
    static func save(_ transcript: Transcript, to path: String) -> (message: String, failed: Bool) {
        do {
            try AtomicFile.write(Data(transcript.notebook.utf8), to: path)
            let count = transcript.statements.count
            return ("saved \(count) statement\(count == 1 ? "" : "s") to \(path)", false)
        } catch {
            return ("cannot save \(path): \(error)", true)
        }
    }

    /// Runs a notebook's statements in the session, printing their outputs; its `#! seed N` line, if any,
    /// sets the seed first. Recorded outputs (`#> `) are comments to the language and are skipped.
    /// - Returns: the report, or `nil` with a message when the file cannot be read.
    static func load(_ path: String, with runner: StatementRunner) -> (report: StatementRunner.Report?, message: String?) {
        guard let data = FileManager.default.contents(atPath: path) else {
            return (nil, "cannot read \(path): no such file or not readable")
        }
        guard let source = String(data: data, encoding: .utf8) else {
            return (nil, "cannot read \(path): not UTF-8 text")
        }
        for line in source.split(separator: "\n") where line.hasPrefix("#! seed ") {
            if let seed = UInt64(line.dropFirst("#! seed ".count).trimmingCharacters(in: .whitespaces)) {
                runner.session.setSeed(seed)
            }
        }
        return (runner.run(source, file: path, stopOnError: false), nil)
    }
}
