@preconcurrency import Glibc
import DLScript
import Foundation

/// Runs an input (a REPL entry, `-e` statements, a piece of a piped script, a loaded notebook) through
/// the session one statement at a time, printing each statement's output on stdout as soon as it has run
/// and each error on stderr as `file:line:col: error: ...` with the line and a caret.
///
/// A syntax error anywhere in the input is reported before anything runs, as `Session.run` does.
final class StatementRunner {
    /// What running an input did.
    struct Report {
        /// The statements that ran, failed ones included (`:save` records their errors as expected).
        var ran: [Session.Outcome] = []
        var failed = false
        /// Ctrl-C was pressed while it ran; the statements after the interrupted one were skipped.
        var interrupted = false
    }

    let session: Session
    private let progressBar: ProgressBar?

    /// - Parameter showsProgress: draw the training progress line on stderr (only when it is a terminal).
    init(session: Session, showsProgress: Bool) {
        self.session = session
        progressBar = showsProgress ? ProgressBar() : nil
        session.isInterruptRequested = { Interrupts.requested }
        // A block's lines are printed as its body shows them (a long loop at the prompt prints as it goes).
        session.onStreamedOutput = { [progressBar] line in
            progressBar?.clear()
            print(OutputComparison.plainText(line))
            fflush(stdout)
        }
        if let bar = progressBar {
            session.onTrainingProgress = { p in
                bar.update(epoch: p.epoch, epochs: p.epochs, batch: p.batch, batches: p.batches, loss: p.loss, accuracy: p.accuracy,
                           validationLoss: p.validationLoss, validationAccuracy: p.validationAccuracy)
            }
        }
    }

    /// Runs `source`.
    /// - Parameters:
    ///   - file: the name errors give (`<stdin>`, `-e`, a notebook's path).
    ///   - firstLine: the line number of the source's first line within that file (a piped script is run
    ///     piece by piece, and its errors name lines of the whole script).
    ///   - stopOnError: skip the statements after a failed one.
    func run(_ source: String, file: String, firstLine: Int = 1, stopOnError: Bool) -> Report {
        run(Parser.parse(source), source: source, file: file, firstLine: firstLine, stopOnError: stopOnError)
    }

    /// Runs the lines a prompt or a pipe gathered, parsed from the tokens the buffer lexed as they came
    /// (the input is lexed once).
    func run(_ buffer: InputBuffer, file: String, firstLine: Int = 1, stopOnError: Bool) -> Report {
        run(buffer.parse(), source: buffer.text, file: file, firstLine: firstLine, stopOnError: stopOnError)
    }

    /// Runs a notebook's cell (`:load`), parsed from the tokens its reader lexed; errors name the cell's
    /// lines in the notebook `file`.
    func run(_ cell: Notebook.Cell, file: String, stopOnError: Bool) -> Report {
        run(cell.parse(), source: cell.source, file: file, firstLine: cell.line, stopOnError: stopOnError)
    }

    private func run(_ parsed: (statements: [ParsedStatement], errors: [ScriptError]), source: String, file: String,
                     firstLine: Int, stopOnError: Bool) -> Report {
        var report = Report()
        let (statements, errors) = parsed
        guard errors.isEmpty else {
            for error in errors { reportError(error, source: source, file: file, firstLine: firstLine) }
            report.failed = true
            return report
        }
        // The REPL runs statements from its prompt phase, `-e` and scripts from the waiting one; a press
        // between two statements then does what it does there.
        let outerPhase = Interrupts.phase
        for parsed in statements {
            Interrupts.phase = .running
            let outcome = session.run(parsed)
            Interrupts.phase = outerPhase
            progressBar?.clear(validation: session.lastFitValidationLosses)
            report.ran.append(outcome)
            if let error = outcome.error {
                reportError(error, source: source, file: file, firstLine: firstLine)
                report.failed = true
            } else if let output = outcome.output {
                // `{{...}}` marks what varies between runs, for notebooks; a person at a prompt reads it plainly.
                // Less the lines a block already printed as it ran.
                let lines = output.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(outcome.streamedLines)
                if !lines.isEmpty { print(OutputComparison.plainText(lines.joined(separator: "\n"))) }
            }
            if Interrupts.requested {
                report.interrupted = true
                break
            }
            if report.failed && stopOnError { break }
        }
        fflush(nil)
        return report
    }

    private func reportError(_ error: ScriptError, source: String, file: String, firstLine: Int) {
        var located = error
        located.location.line += firstLine - 1
        // Blank lines in front make the error's line number find its line in the shifted source.
        let shifted = String(repeating: "\n", count: max(0, firstLine - 1)) + source
        printError(located.formatted(source: shifted, file: file))
    }
}
