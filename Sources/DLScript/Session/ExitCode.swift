/// The exit codes of `dlnb`, as DESIGN.md fixes them: the one place they are written.
public enum ExitCode {
    public static let success: Int32 = 0
    public static let statementFailed: Int32 = 1
    public static let outputsDiffer: Int32 = 2
    public static let usage: Int32 = 64
    public static let interrupted: Int32 = 130

    /// The line `--help` ends with.
    public static let summary = "exit codes: 0 success, 1 a statement failed, 2 check found differences, 64 usage error, 130 interrupted"
}
