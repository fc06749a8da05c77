import DLEngine

/// The notebook format version that this build reads and writes (`#! dlnb 1`).
public enum LanguageVersion {
    public static let notebookFormat = 1
    /// The version line `dlnb --version` prints.
    public static var banner: String { "dlnb \(dlnbVersion) (notebook format \(notebookFormat))" }
}
