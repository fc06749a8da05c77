import Foundation
import Testing
import DLEngine

/// A fresh folder for one test's files, removed when the value goes away.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-files-\(UUID())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `bytes` to `name` in the folder and returns the file's path.
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = path + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    func write(_ name: String, text: String) throws -> String { try write(name, Array(text.utf8)) }
}

/// The message of the EngineError that `body` throws (a failed expectation when it throws none).
func errorMessage(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Any) -> String {
    (#expect(throws: EngineError.self, sourceLocation: sourceLocation) { _ = try body() })?.description ?? "(no error)"
}
