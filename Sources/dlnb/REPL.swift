@preconcurrency import Glibc
import DLScript

/// The interactive loop: read an input (several lines while a bracket is open or a line ends with `\`),
/// run it, print outputs and errors, and go on after every error. Lines starting with `:` are REPL
/// commands.
final class REPL {
    static let prompt = "dlnb> "
    static let continuationPrompt = "  ...> "
    static let commands = [":help", ":images", ":load", ":quit", ":reset", ":save"]

    private let session = Session()
    private let runner: StatementRunner
    private let editor = LineEditor()
    private let history = HistoryFile(environment: ProcessInfoLite.environment())
    private var transcript: NotebookRecorder
    private var buffer = InputBuffer()
    private let display: TerminalDisplay?

    init() {
        runner = StatementRunner(session: session, showsProgress: isatty(STDERR_FILENO) != 0)
        transcript = NotebookRecorder(seed: session.seed)
        display = TerminalDisplay.attach(to: session)
    }

    /// Runs until `:quit` or Ctrl-D. - Returns: the exit code (success).
    func run() -> Int32 {
        Interrupts.install()
        history.load()
        TabCompletion.state.session = session
        TabCompletion.state.commands = REPL.commands
        TabCompletion.install()
        let banner = "\(LanguageVersion.banner). Type :help for keys and commands, help for the built-ins, Ctrl-D to leave."
        // Like the prompts, the greeting goes to the terminal when stdout is redirected to a file.
        if isatty(STDOUT_FILENO) != 0 { print(banner) } else { printError(banner) }
        while true {
            TabCompletion.state.earlierLines = buffer.text
            switch editor.read(prompt: buffer.isEmpty ? REPL.prompt : REPL.continuationPrompt) {
            case .endOfInput:
                print("")
                return ExitCode.success
            case .interrupted:
                buffer.clear()
            case .line(let line):
                if buffer.isEmpty, line.drop(while: { $0 == " " }).hasPrefix(":") {
                    history.add(line)
                    if !command(String(line.drop(while: { $0 == " " }))) { return ExitCode.success }
                    continue
                }
                if buffer.isEmpty && line.allSatisfy(\.isWhitespace) { continue }
                guard buffer.append(line) else { continue }
                let input = buffer
                for entry in buffer.historyEntries { history.add(entry) }
                buffer.clear()
                let report = runner.run(input, file: "<stdin>", stopOnError: false)
                for outcome in report.ran { transcript.record(outcome) }
            }
        }
    }

    /// Runs a `:` command. - Returns: false to leave the REPL.
    private func command(_ line: String) -> Bool {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let name = parts[0]
        let argument = parts.count > 1 ? parts[1].trimmingBlanks() : ""
        // These take nothing: an argument is refused rather than ignored (`:reset x` resets nothing).
        if [":quit", ":q", ":exit", ":help", ":reset"].contains(name), !argument.isEmpty {
            printError("\(name) takes no argument, not '\(argument)'")
            return true
        }
        switch name {
        case ":quit", ":q", ":exit":
            return false
        case ":help":
            print(REPL.helpText)
        case ":reset":
            session.reset()
            transcript = NotebookRecorder(seed: session.seed)
            print("session reset: no names, no current model, data or optimizer; seed \(session.seed)")
        case ":images":
            images(argument)
        case ":save", ":load":
            guard !argument.isEmpty else {
                printError("\(name): expects a file name, e.g. \(name) spiral.dlnb")
                return true
            }
            if name == ":save" {
                let result = NotebookFile.save(transcript, to: argument)
                if result.failed { printError(result.message) } else { print(result.message) }
            } else {
                let result = NotebookFile.load(argument, with: runner)
                if let message = result.message { printError(message) }
                if let report = result.report { for outcome in report.ran { transcript.record(outcome) } }
            }
        default:
            let hint = REPL.nearestCommand(to: name).map { "; did you mean '\($0)'?" } ?? ""
            printError("unknown REPL command '\(name)'\(hint) (:help lists them)")
        }
        return true
    }

    /// `:images on|off`: show every chart right after `plot` writes it; `:images` says what is in use.
    private func images(_ argument: String) {
        switch argument {
        case "on", "off":
            session.showsPlots = argument == "on"
            guard let display else {
                print("images \(argument), but the output is not a terminal: plot only writes its files")
                return
            }
            let kind = display.current.kind
            print(kind == .off ? "images \(argument), but DLNB_IMAGES=off or the terminal shows none: plot only writes its files"
                               : "images \(argument) (\(kind.rawValue))")
        case "":
            let kind = display?.current.kind.rawValue ?? "off: the output is not a terminal"
            print("images \(session.showsPlots ? "on" : "off") (\(kind)); :images on|off")
        default:
            printError(":images: expects on or off, not '\(argument)'")
        }
    }

    /// The command nearest to a mistyped one: the only one it begins, or the nearest by edit distance.
    static func nearestCommand(to name: String) -> String? {
        let prefixed = commands.filter { $0.hasPrefix(name) }
        if prefixed.count == 1 { return prefixed[0] }
        return Suggestions.nearest(to: name, in: commands)
    }

    static let helpText = """
    Keys:
      Tab              complete built-ins, names, members after '.', keywords (fit ep<Tab>), files in "strings"
      Up, Down         history (kept across sessions; Ctrl-R searches it)
      Ctrl-C           clear the line; during a statement, stop it (fit stops after the current batch and
                       keeps what it learnt); a second Ctrl-C in a statement that does not stop quits
      Ctrl-D           leave (on an empty line)
      A line continues while a bracket is open or when it ends with '\\', and a block (for, if) until
      its 'end'; Ctrl-C in a loop stops it and undoes it (a block runs as one statement).
    Commands:
      :help            this text
      :save FILE.dlnb  write the statements that ran, with their outputs, as a notebook
      :load FILE.dlnb  run a notebook's statements in this session
      :images on|off   show every chart in the terminal as plot writes it (kitty, iTerm2, sixel or
                       coloured blocks; DLNB_IMAGES=kitty|iterm|sixel|blocks|off chooses)
      :reset           forget every name and the current model, data and optimizer
      :quit            leave (also Ctrl-D)
    The language:
      help             the built-ins by category
      help NAME, ?NAME one built-in's signature, meaning and example
      whos             the session's names with kind, shape and size
      help for, help if  loops and conditions: for lr in [0.01, 0.1] ... end, for i in 1..200 ... end
    """
}

/// The environment without Foundation's `ProcessInfo` (keeps the REPL's start light).
enum ProcessInfoLite {
    static func environment() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }
}

extension String {
    func trimmingBlanks() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
