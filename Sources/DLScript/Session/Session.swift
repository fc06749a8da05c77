import DLEngine
import DLPlot
import Foundation

/// The interpreter's state: named values, the current model, data set, optimizer and loss, `ans`, and
/// the random generator that a notebook's seed sets. Every front end (the REPL, notebook replay, tests)
/// feeds statements through ``run(_:file:)``.
public final class Session {
    /// The names the user has bound.
    public internal(set) var variables: [String: Value] = [:]
    /// The model, data set, optimizer and loss that `fit`, `accuracy` and `plot` use when none is named.
    public internal(set) var currentModel: Sequential?
    public internal(set) var currentData: Dataset?
    public internal(set) var currentOptimizer: (any Optimizer)?
    public internal(set) var currentLoss: (any Loss)?
    /// The history of the last `fit` (what `plot loss` draws when none is named).
    public internal(set) var currentHistory: History?
    /// The model last fitted or resumed and its history (see ``TrainingRun``): what `checkpoint` saves.
    public internal(set) var trainingRun: TrainingRun?
    /// The session's random generator; `seed N` resets it.
    public var generator: RandomGenerator
    /// The seed last set.
    public internal(set) var seed: UInt64
    /// Relative paths of files the session reads are taken from this folder (a notebook's own folder).
    public var inputDirectory: String
    /// Files the session writes go to this folder.
    public var outputDirectory: String
    /// Called during `fit` after every batch (the REPL draws its progress bar).
    public var onTrainingProgress: ((TrainingProgress) -> Void)?
    /// Shows a picture in the terminal, with its file name (set by the REPL when standard output is a
    /// terminal that can show one). `nil` in notebooks, logs and pipes: `show` then only reports.
    public var onShowImage: ((TerminalImage, String) -> Void)?
    /// `:images on` in the REPL: every chart `plot` writes is also shown.
    public var showsPlots = false
    /// Called with each line a block's body shows, as it shows it, so that a long loop at the prompt
    /// prints as it goes, and with each epoch's line of `fit verbose=2` as the epoch ends (the statement's
    /// output still holds every line; ``Outcome/streamedLines`` says how many were already shown). `nil`:
    /// the output comes when the statement ends (notebook checks, tests).
    public var onStreamedOutput: ((String) -> Void)?
    /// The blocks (`for`, `if`) running around the current statement.
    var blockDepth = 0
    /// The lines of the current statement's output already given to ``onStreamedOutput``.
    var streamedLineCount = 0
    /// Polled during long statements; when it returns true the statement stops at the next batch.
    public var isInterruptRequested: () -> Bool = { false }
    /// Whether the last `fit` was interrupted (for the exit code 130).
    public internal(set) var wasInterrupted = false
    /// Where the last statement's `fit` stopped when Ctrl-C stopped it, for recording it as what ran.
    var interruptedFit: FitRecording.Stop?
    /// The PNG files this session's plots wrote, as full paths (what an export may embed).
    public internal(set) var writtenImages: Set<String> = []
    /// The text of the statement being run, when the front end knows it (recorded in the PNGs it writes).
    public var statementText: String?
    /// The built-ins by name.
    public let builtins: [String: Builtin]
    /// The tensors each optimizer made with a list (`sgd [w, b]`) holds, by the optimizer's identity.
    var boundParameters: [ObjectIdentifier: BoundParameters] = [:]
    /// How many objects the last statement's checkpoint recorded: the next one reserves that much.
    private var checkpointSize = 0

    public init(seed: UInt64 = 0, inputDirectory: String = ".", outputDirectory: String = ".") {
        self.seed = seed
        self.generator = RandomGenerator(seed: seed)
        self.inputDirectory = inputDirectory
        self.outputDirectory = outputDirectory
        self.builtins = Dictionary(Builtins.all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Parses and runs `source`, statement by statement. A syntax error anywhere is reported before anything
    /// runs (all of them, one outcome each); a runtime error stops the statement it is in (which changes
    /// nothing), and with `stopOnError` the rest too, as Ctrl-C does. The session survives either way.
    public func run(_ source: String, stopOnError: Bool = false) -> [Outcome] {
        run(Parser.parse(source), source: source, stopOnError: stopOnError)
    }

    /// Runs statements already parsed from `source` (a notebook cell's, from the tokens its reader lexed),
    /// as ``run(_:stopOnError:)`` runs the text.
    public func run(_ parsed: (statements: [ParsedStatement], errors: [ScriptError]), source: String,
                    stopOnError: Bool = false) -> [Outcome] {
        let (statements, errors) = parsed
        if !errors.isEmpty {
            // Split once: thousands of errors (an unclosed block of 12,000 lines) each split it again (issue 14).
            let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
            return errors.map { Outcome(source: Session.line(lines, $0.location.line), location: $0.location, error: $0) }
        }
        var outcomes: [Outcome] = []
        for parsed in statements {
            let outcome = run(parsed)
            outcomes.append(outcome)
            if outcome.interrupted || (outcome.error != nil && stopOnError) { break }
        }
        return outcomes
    }

    /// Runs one parsed statement as a transaction: when it fails, the session is put back as it was
    /// before (``SessionCheckpoint``). Every front end runs statements through here.
    public func run(_ parsed: ParsedStatement) -> Outcome {
        statementText = parsed.text
        defer { statementText = nil }
        interruptedFit = nil
        let location = parsed.statement.location
        do {
            let output = try execute(parsed)
            var recorded = parsed.text
            if wasInterrupted, let stop = interruptedFit {
                recorded = FitRecording.rewrite(parsed.text, stoppedAt: stop) ?? parsed.text
            }
            var outcome = Outcome(source: parsed.text, location: location, output: output, recordedSource: recorded,
                                  interrupted: wasInterrupted)
            outcome.streamedLines = streamedLineCount
            return outcome
        } catch let error as ScriptError {
            return Outcome(source: parsed.text, location: location, error: error, interrupted: wasInterrupted)
        } catch {
            return Outcome(source: parsed.text, location: location, error: ScriptError("\(error)", at: location))
        }
    }

    /// Runs one parsed statement and returns the text it shows. A statement that throws leaves the session
    /// as it was: names, models and their weights, optimizers' state, the random generator.
    public func execute(_ parsed: ParsedStatement) throws -> String? {
        let checkpoint = SessionCheckpoint(self, expectedObjects: checkpointSize)
        checkpointSize = checkpoint.recordedObjects
        do {
            return try executeWithoutCheckpoint(parsed)
        } catch {
            checkpoint.restore(self)
            throw error
        }
    }

    private func executeWithoutCheckpoint(_ parsed: ParsedStatement) throws -> String? {
        wasInterrupted = false
        (streamedLineCount, streamedEntryCount) = (0, 0)
        pendingOutput = []
        defer { (pendingOutput, streamedEntryCount) = ([], 0) }
        // The engine's long loops (predict, the data sets) ask the same Ctrl-C as `fit` and loops do.
        try Interruption.asking(isInterruptRequested) { try perform(parsed) }
        return pendingOutput.isEmpty ? nil : pendingOutput.joined(separator: "\n")
    }

    /// Runs one statement (a whole one, or one in a block's body), adding what it shows to the output.
    func perform(_ parsed: ParsedStatement) throws {
        switch parsed.statement {
        case .help(let name, let location):
            emit(try helpText(for: name, at: location))
        case let .assignment(names, expression, location):
            let value = try evaluate(expression)
            try assign(value, to: names, at: location)
            // `h = fit ...` stopped by Ctrl-C says what it kept, as `fit ...` alone would.
            if case .history(let h) = value, case .requested? = h.stopReason { emit(Session.summary(of: h)) }
        case let .propertyAssignment(object, name, expression, location):
            try setProperty(of: try evaluate(object), name, to: try evaluate(expression), at: location)
        case .expression(let expression):
            let value = try evaluate(expression)
            if case .none = value {} else { variables["ans"] = value }
            if parsed.showsValue, let shown = display(value) { emit(shown) }
        case let .forLoop(name, sequence, body, location):
            try runLoop(name, over: sequence, body, at: location)
        case let .conditional(condition, then, otherwise, location):
            try runBlock(try truth(try evaluate(condition), at: condition.location) ? then : otherwise, at: location)
        }
    }

    /// Lines built-ins print besides their value (`print`, warnings), gathered for the statement's output.
    var pendingOutput: [String] = []

    /// Adds a line to the current statement's output (at most ``maximumOutputLines`` of them: a loop that
    /// prints on every one of a million iterations keeps the first ones and says how many it left out).
    /// Inside a block, or when `live` (`fit verbose=2`'s epoch lines), the line is also given to
    /// ``onStreamedOutput`` at once.
    func emit(_ line: String, live: Bool = false) {
        let kept: String
        if pendingOutput.count < Session.maximumOutputLines {
            kept = line
        } else if pendingOutput.count == Session.maximumOutputLines {
            kept = "... (more output left out: a statement shows at most \(Session.maximumOutputLines) lines)"
        } else {
            return
        }
        pendingOutput.append(kept)
        if blockDepth > 0 || live { streamPendingOutput() }
    }

    /// The entries of ``pendingOutput`` already given to ``onStreamedOutput``.
    private var streamedEntryCount = 0

    /// Gives ``onStreamedOutput`` the statement's lines it has not had yet, in order, so that the lines
    /// shown as they came are always the first lines of the statement's output (what
    /// ``Outcome/streamedLines`` counts).
    private func streamPendingOutput() {
        guard let stream = onStreamedOutput else { return }
        for entry in pendingOutput[streamedEntryCount...] {
            stream(entry)
            streamedLineCount += entry.split(separator: "\n", omittingEmptySubsequences: false).count
        }
        streamedEntryCount = pendingOutput.count
    }

    /// The most lines one statement's output keeps.
    static let maximumOutputLines = 10_000

    func assign(_ value: Value, to names: [String], at location: SourceLocation) throws {
        for name in names where builtins[name] != nil || ["true", "false", "none", "and", "or", "not"].contains(name) {
            throw ScriptError("cannot assign to '\(name)': it is a built-in name", at: location)
        }
        for name in names where Parser.keywords.contains(name) {
            throw ScriptError("cannot assign to '\(name)': it is a keyword of the language", at: location)
        }
        if names.count == 1 {
            variables[names[0]] = value
        } else {
            guard case .list(let items) = value, items.count == names.count else {
                let count = { if case .list(let items) = value { return "\(items.count) values" } else { return value.kindWithArticle } }()
                throw ScriptError("cannot unpack \(count) into \(names.count) names", at: location)
            }
            for (name, item) in zip(names, items) { variables[name] = item }
        }
        for name in names { noteCurrent(variables[name]!) }
    }

    /// Remembers the last model, data set, optimizer or loss made or named, for `fit epochs=50`.
    func noteCurrent(_ value: Value) {
        switch value {
        case .model(let m): currentModel = m
        case .dataset(let d): currentData = d
        case .optimizer(let o): currentOptimizer = o
        case .loss(let l): currentLoss = l
        default: break
        }
    }

    /// Forgets every name and current object, and reseeds (the REPL's `:reset`).
    public func reset() {
        variables = [:]
        currentModel = nil; currentData = nil; currentOptimizer = nil; currentLoss = nil; trainingRun = nil
        generator = RandomGenerator(seed: seed)
    }

    /// Sets the seed and restarts the generator from it.
    public func setSeed(_ seed: UInt64) {
        self.seed = seed
        generator = RandomGenerator(seed: seed)
    }

    /// A path as the session reads it: relative to ``inputDirectory``.
    public func inputPath(_ path: String) -> String {
        path.hasPrefix("/") ? path : (inputDirectory as NSString).appendingPathComponent(path)
    }

    /// A path as the session writes it: relative to ``outputDirectory``.
    public func outputPath(_ path: String) -> String {
        path.hasPrefix("/") ? path : (outputDirectory as NSString).appendingPathComponent(path)
    }

    static func line(_ lines: [Substring], _ number: Int) -> String {
        number >= 1 && number <= lines.count ? String(lines[number - 1]) : ""
    }
}
