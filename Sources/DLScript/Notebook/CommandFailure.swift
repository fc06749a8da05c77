import DLEngine

/// An error that a notebook command (``NotebookCommands``) reports as it stands: the text it writes on
/// standard error and the exit code it gives. Each kind of error says so itself, so the command line
/// needs no list of error types; any other error is a failed statement.
protocol CommandFailure: Error {
    var report: String { get }
    var exitCode: Int32 { get }
}

extension NotebookCommands.UsageError: CommandFailure {
    /// The problem, then the usage text.
    var report: String { "dlnb: \(message)\n\(NotebookCommands.usage)" }
    var exitCode: Int32 { ExitCode.usage }
}

extension NotebookError: CommandFailure {
    /// `path:line: error: message`: it already names its place.
    var report: String { description }
    var exitCode: Int32 { ExitCode.statementFailed }
}

extension EngineError: CommandFailure {
    var report: String { "dlnb: \(description)" }
    var exitCode: Int32 { ExitCode.statementFailed }
}
