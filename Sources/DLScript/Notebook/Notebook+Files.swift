import DLEngine
import Foundation

/// Reading and writing notebook files, for the executable's `:save` and `:load` (so that it needs no
/// engine API of its own).
extension Notebook {
    /// Reads and parses the notebook at `path`.
    /// - Throws: ``NotebookError`` for a malformed notebook; the file's error when it cannot be read.
    public static func read(from path: String) throws -> Notebook {
        try Notebook.parse(Array(try AtomicFile.read(path)), path: path)
    }

    /// Writes the notebook to `path` atomically (a temporary file, then a rename).
    public func write(to path: String) throws {
        try AtomicFile.write(Data(rendered().utf8), to: path)
    }
}
