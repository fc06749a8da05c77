@preconcurrency import Glibc
import DLScript

// The command line: picks the mode from the arguments and turns what happened into an exit code
// (0 success, 1 a statement failed, 2 `check` found differences, 64 usage error, 130 interrupted).
// Nothing heavy happens before the mode is known: readline and the history file are touched only by the
// REPL, so `dlnb -e` starts fast.

/// The modes (from the notebook commands, which own their options) and what the REPL and scripts add.
let usage = NotebookCommands.usage + """

           dlnb -                             run statements read from stdin as a script

    With no arguments, dlnb starts the REPL on a terminal and runs statements piped on stdin as a script.
    A piped script keeps going after a failed statement, like a shell script, and exits with 1 if any
    failed; -e stops at the first failure. In the REPL, :help lists keys and commands; help and ?NAME
    document the built-ins.

    \(ExitCode.summary)
    environment: DLNB_HISTORY (the REPL's history file; empty for none), XDG_STATE_HOME
    """

func usageError(_ message: String) -> Int32 {
    printError("dlnb: \(message)\n" + usage)
    return ExitCode.usage
}

/// `-e`: every statement given, stopping at the first failure.
func runStatements(_ source: String) -> Int32 {
    Interrupts.install()
    let runner = StatementRunner(session: Session(), showsProgress: isatty(STDERR_FILENO) != 0)
    TerminalDisplay.attach(to: runner.session)
    let report = runner.run(source, file: "-e", stopOnError: true)
    return report.interrupted ? ExitCode.interrupted : report.failed ? ExitCode.statementFailed : ExitCode.success
}

/// Statements piped on stdin: run as complete inputs arrive, so output streams; keeps going after a
/// failure and exits with 1 at the end if anything failed.
func runScriptFromStandardInput() -> Int32 {
    Interrupts.install()
    let runner = StatementRunner(session: Session(), showsProgress: false)
    var buffer = InputBuffer()
    var lineNumber = 0
    var firstLine = 1
    var failed = false
    func runBuffer() -> Bool {
        let report = runner.run(buffer, file: "<stdin>", firstLine: firstLine, stopOnError: false)
        buffer.clear()
        failed = failed || report.failed
        return report.interrupted
    }
    while let line = readLine(strippingNewline: true) {
        lineNumber += 1
        if buffer.isEmpty { firstLine = lineNumber }
        if buffer.append(line), runBuffer() { return ExitCode.interrupted }
    }
    // An input left open at the end (an unclosed bracket) still runs, so that its error is reported.
    if !buffer.isEmpty, runBuffer() { return ExitCode.interrupted }
    return failed ? ExitCode.statementFailed : ExitCode.success
}

func main(_ arguments: [String]) -> Int32 {
    guard let first = arguments.first else {
        return isatty(STDIN_FILENO) != 0 ? REPL().run() : runScriptFromStandardInput()
    }
    // --help, --version and - take nothing after them: an extra argument is refused, not ignored.
    if ["--help", "-h", "--version", "-V", "-"].contains(first), arguments.count > 1 {
        return usageError("unexpected argument '\(arguments[1])' after \(first)")
    }
    switch first {
    case "--help", "-h":
        print(usage)
        return ExitCode.success
    case "--version", "-V":
        print(LanguageVersion.banner)
        return ExitCode.success
    case "-e":
        // Several -e options run one after another, as lines of one input.
        var statements: [String] = []
        var rest = arguments[...]
        while let option = rest.first {
            guard option == "-e" else { return usageError("unexpected argument '\(option)' after -e") }
            guard rest.count >= 2 else { return usageError("-e needs statements, e.g. dlnb -e \"1 + 1\"") }
            statements.append(rest[rest.startIndex + 1])
            rest = rest.dropFirst(2)
        }
        return runStatements(statements.joined(separator: "\n"))
    case "-":
        return runScriptFromStandardInput()
    case _ where NotebookCommands.isSubcommand(first):
        return runNotebookCommand(arguments)
    default:
        if first.hasPrefix("-") { return usageError("unknown option '\(first)'") }
        if first.hasSuffix(".dlnb") { return runNotebookCommand(arguments) }
        return usageError("do not know what to do with '\(first)' (a notebook's name ends in .dlnb)")
    }
}

exit(main(Array(CommandLine.arguments.dropFirst())))
