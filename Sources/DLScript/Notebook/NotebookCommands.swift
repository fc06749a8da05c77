import DLEngine
import Foundation

/// The notebook modes of the command line: `dlnb FILE`, `dlnb run [--update] FILE`, `dlnb check FILE...`,
/// `dlnb export FILE --html OUT`. They live here, not in the executable, so that tests drive them.
public struct NotebookCommands {
    /// Exit codes, as DESIGN.md fixes them (``DLScript/ExitCode``).
    public typealias ExitCode = DLScript.ExitCode

    public var standardOutput: (String) -> Void
    public var standardError: (String) -> Void
    /// Polled during long statements (Ctrl-C).
    public var isInterruptRequested: () -> Bool
    /// Called with training progress (the executable draws a bar on a terminal).
    public var onTrainingProgress: ((TrainingProgress) -> Void)?
    /// `dlnb run` only: called with each line a statement shows as it goes (`fit verbose=2`'s epoch lines,
    /// a loop's lines) while the notebook replays; the transcript, printed at the end, holds them too.
    public var onLiveOutput: ((String) -> Void)?

    public init(standardOutput: @escaping (String) -> Void, standardError: @escaping (String) -> Void,
                isInterruptRequested: @escaping () -> Bool = { false }) {
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.isInterruptRequested = isInterruptRequested
    }

    public static let usage = """
        usage: dlnb                              start the REPL
               dlnb -e "STATEMENTS"               run statements and exit
               dlnb FILE.dlnb                     replay a notebook and print its transcript
               dlnb run [--update] [--keep-going] [--rtol R] [--out DIR] [-p NAME=VALUE]... FILE.dlnb
               dlnb check [--rtol R] [--out DIR] FILE.dlnb...
               dlnb export [--keep-going] [--rtol R] [-p NAME=VALUE]... FILE.dlnb (--html OUT.html | --md OUT.md)
               dlnb --help | --version
        """

    /// A notebook subcommand: its name, the options it takes and what it does.
    struct Subcommand: Sendable {
        let name: String
        let options: Set<String>
        let perform: @Sendable (NotebookCommands, inout Options) throws -> Int32
    }

    /// The subcommands, the one list of them: the dispatch, the refusal of an option a subcommand does
    /// not take, and the executable (``isSubcommand(_:)``) read it. The first is the default
    /// (`dlnb FILE.dlnb` is `dlnb run FILE.dlnb`).
    static let subcommands: [Subcommand] = [
        Subcommand(name: "run", options: ["--update", "--keep-going", "--out", "--rtol", "-p"]) { try $0.replay(&$1) },
        Subcommand(name: "check", options: ["--rtol", "--out"]) { try $0.check(&$1) },
        Subcommand(name: "export", options: ["--keep-going", "--rtol", "-p", "--html", "--md"]) { try $0.export(&$1) },
    ]

    /// Whether `word` names a notebook subcommand (`run`, `check`, `export`).
    public static func isSubcommand(_ word: String) -> Bool { subcommands.contains { $0.name == word } }

    /// Runs a notebook command (`arguments` without the program name) and returns the exit code.
    public func run(_ arguments: [String]) -> Int32 {
        var args = arguments
        let named = NotebookCommands.subcommands.first { $0.name == args.first }
        if named != nil { args.removeFirst() }
        let subcommand = named ?? NotebookCommands.subcommands[0]
        do {
            var options = try Options(args, for: subcommand)
            return try subcommand.perform(self, &options)
        } catch let failure as CommandFailure {
            // Each kind of error says how it is reported and what exit code it gives (CommandFailure.swift).
            standardError(failure.report)
            return failure.exitCode
        } catch {
            standardError("dlnb: \(error)")
            return ExitCode.statementFailed
        }
    }

    struct UsageError: Error { let message: String }

    /// Parsed options; unknown ones, and ones the subcommand does not take, are usage errors.
    struct Options {

        var files: [String] = []
        var update = false, keepGoing = false
        var outputDirectory = "."
        var parameters: [String: String] = [:]
        var relativeTolerance = OutputComparison.defaultRelativeTolerance
        var html: String?, markdown: String?

        init(_ arguments: [String], for subcommand: Subcommand) throws {
            var i = 0
            func value(_ option: String) throws -> String {
                i += 1
                guard i < arguments.count else { throw UsageError(message: "\(option) needs a value") }
                return arguments[i]
            }
            while i < arguments.count {
                let a = arguments[i]
                let takers = NotebookCommands.subcommands.filter { $0.options.contains(a) }.map(\.name)
                if !takers.isEmpty, !subcommand.options.contains(a) {
                    throw UsageError(message: "\(subcommand.name) does not take \(a) (\(takers.joined(separator: " and ")) \(takers.count == 1 ? "does" : "do"))")
                }
                switch a {
                case "--update": update = true
                case "--keep-going": keepGoing = true
                case "--out": outputDirectory = try value(a)
                case "--rtol":
                    guard let r = Double(try value(a)), r >= 0 else { throw UsageError(message: "--rtol needs a number >= 0") }
                    relativeTolerance = r
                case "-p":
                    let pair = try value(a)
                    guard let eq = pair.firstIndex(of: "="), !pair[..<eq].isEmpty else {
                        throw UsageError(message: "-p needs NAME=VALUE, got '\(pair)'")
                    }
                    parameters[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
                case "--html": html = try value(a)
                case "--md": markdown = try value(a)
                default:
                    guard !a.hasPrefix("-") else { throw UsageError(message: "unknown option '\(a)'") }
                    files.append(a)
                }
                i += 1
            }
        }
    }

    /// Reads a notebook file.
    func load(_ path: String) throws -> Notebook {
        let data = try AtomicFile.read(path)
        return try Notebook.parse([UInt8](data), path: path)
    }

    /// A session for a notebook: reads relative paths from the notebook's folder, writes to `--out`.
    func session(for path: String, outputDirectory: String) throws -> Session {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: outputDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError(message: "--out: \(outputDirectory) is not a folder")
        }
        let folder = (path as NSString).deletingLastPathComponent
        let session = Session(inputDirectory: folder.isEmpty ? "." : folder, outputDirectory: outputDirectory)
        session.isInterruptRequested = isInterruptRequested
        session.onTrainingProgress = onTrainingProgress
        return session
    }

    func report(_ failures: [NotebookReplay.Failure], path: String) {
        for failure in failures {
            var error = failure.error
            // Show the caret on the notebook's own line.
            let source = String(repeating: "\n", count: failure.cell.line - 1) + failure.cell.source
            error.location.line = Swift.max(error.location.line, 1)
            standardError(error.formatted(source: source, file: path))
        }
    }

    /// Refuses `-p NAME=VALUE` for a name that no statement of the notebook assigns on its own.
    func checkParameters(_ parameters: [String: String], in notebook: Notebook) throws {
        let unknown = NotebookReplay.unknownParameters(parameters, in: notebook)
        guard let first = unknown.first else { return }
        throw UsageError(message: "-p \(first): the notebook has no statement '\(first) = ...' to replace")
    }

    /// `dlnb FILE` and `dlnb run [--update] FILE`.
    func replay(_ options: inout Options) throws -> Int32 {
        guard options.files.count == 1, let path = options.files.first else {
            throw UsageError(message: "run needs exactly one notebook")
        }
        let notebook = try load(path)
        try checkParameters(options.parameters, in: notebook)
        let session = try session(for: path, outputDirectory: options.outputDirectory)
        session.onStreamedOutput = onLiveOutput.map { live in { live(OutputComparison.plainText($0)) } }
        let replay = NotebookReplay(notebook, session: session, parameters: options.parameters, keepGoing: options.keepGoing)
        let updated = replay.updated(relativeTolerance: options.relativeTolerance, refreshingVariableParts: true)
        if options.update {
            let text = updated.rendered()
            if text != notebook.rendered() || (try? String(contentsOfFile: path, encoding: .utf8)) != text {
                try AtomicFile.write(Data(text.utf8), to: path)
                standardError("updated \(path)")
            }
        } else {
            standardOutput(updated.rendered())
        }
        report(replay.failures, path: path)
        if replay.interrupted { return ExitCode.interrupted }
        return replay.failures.isEmpty ? ExitCode.success : ExitCode.statementFailed
    }

    /// `dlnb check FILE...`: replays each notebook and prints a unified diff of what differs.
    func check(_ options: inout Options) throws -> Int32 {
        guard !options.files.isEmpty else { throw UsageError(message: "check needs at least one notebook") }
        var worst = ExitCode.success
        for path in options.files {
            let notebook = try load(path)
            let replay = NotebookReplay(notebook, session: try session(for: path, outputDirectory: options.outputDirectory),
                                        keepGoing: true)
            if replay.interrupted { return ExitCode.interrupted }
            let recorded = notebook.rendered(), fresh = replay.updated(relativeTolerance: options.relativeTolerance).rendered()
            if recorded == fresh {
                standardOutput("\(path): ok\n")
            } else {
                standardOutput(UnifiedDiff.diff(recorded, fresh, oldName: "\(path) (recorded)", newName: "\(path) (replayed)") + "\n")
                standardError("\(path): outputs differ")
                worst = ExitCode.outputsDiffer
            }
        }
        return worst
    }

    /// `dlnb export FILE --html OUT` / `--md OUT`: replays the notebook, writing its images beside OUT.
    func export(_ options: inout Options) throws -> Int32 {
        guard options.files.count == 1, let path = options.files.first else {
            throw UsageError(message: "export needs exactly one notebook")
        }
        guard let out = options.html ?? options.markdown, (options.html == nil) != (options.markdown == nil) else {
            throw UsageError(message: "export needs --html OUT.html or --md OUT.md")
        }
        let folder = (out as NSString).deletingLastPathComponent
        let imageDirectory = folder.isEmpty ? "." : folder
        let notebook = try load(path)
        try checkParameters(options.parameters, in: notebook)
        let exportSession = try session(for: path, outputDirectory: imageDirectory)
        let replay = NotebookReplay(notebook, session: exportSession, parameters: options.parameters,
                                    keepGoing: options.keepGoing)
        report(replay.failures, path: path)
        if replay.interrupted { return ExitCode.interrupted }
        let result = replay.updated(relativeTolerance: options.relativeTolerance, refreshingVariableParts: true)
        let title = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let text = options.html != nil
            ? try NotebookExport.html(result, title: title, imageDirectory: imageDirectory,
                                      writtenImages: exportSession.writtenImages)
            : NotebookExport.markdown(result, title: title)
        try AtomicFile.write(Data(text.utf8), to: out)
        standardError("wrote \(out)")
        return replay.failures.isEmpty ? ExitCode.success : ExitCode.statementFailed
    }
}
