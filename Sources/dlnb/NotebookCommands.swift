@preconcurrency import Glibc
import DLScript

/// `dlnb FILE.dlnb`, `dlnb run [--update] FILE.dlnb`, `dlnb check FILE.dlnb...` and
/// `dlnb export FILE.dlnb --html OUT`: DLScript's ``NotebookCommands``, given Ctrl-C and, on a terminal,
/// the progress line.
/// - Parameter arguments: the command line after the program name.
/// - Returns: the exit code.
func runNotebookCommand(_ arguments: [String]) -> Int32 {
    Interrupts.install()
    let bar = isatty(STDERR_FILENO) != 0 ? ProgressBar() : nil
    var commands = NotebookCommands(
        standardOutput: { text in
            bar?.clear()
            print(text, terminator: "")
        },
        standardError: { text in
            bar?.clear()
            printError(text)
        },
        isInterruptRequested: { Interrupts.requested })
    // `dlnb run`: what statements show as they go (verbose=2's epoch lines) reaches stderr at once; the
    // transcript on stdout comes when the notebook has replayed.
    commands.onLiveOutput = { line in
        bar?.clear()
        printError(line)
    }
    if let bar {
        commands.onTrainingProgress = { p in
            bar.update(epoch: p.epoch, epochs: p.epochs, batch: p.batch, batches: p.batches, loss: p.loss, accuracy: p.accuracy,
                           validationLoss: p.validationLoss, validationAccuracy: p.validationAccuracy)
        }
    }
    Interrupts.phase = .running
    return commands.run(arguments)
}
