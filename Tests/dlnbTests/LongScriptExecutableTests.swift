import Foundation
import Testing

/// Long inputs through the `dlnb` executable (issue 14): each statement costs the same however many came
/// before it.
@Suite struct LongScriptExecutableTests {
    /// Runs `dlnb -` with `script` on stdin; stdin, stdout and stderr are files, so that a long error
    /// stream cannot fill a pipe while the script is still being written.
    func pipe(_ script: String) throws -> ExecutableTests.Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-long-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (input, output, error) = (folder.appendingPathComponent("in"), folder.appendingPathComponent("out"),
                                      folder.appendingPathComponent("err"))
        try script.write(to: input, atomically: true, encoding: .utf8)
        for file in [output, error] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ExecutableTests.executable)
        process.arguments = ["-"]
        var environment = ProcessInfo.processInfo.environment
        environment["DLNB_HISTORY"] = ""
        process.environment = environment
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: error)
        try process.run()
        process.waitUntilExit()
        return .init(status: process.terminationStatus, output: try String(contentsOf: output, encoding: .utf8),
                     error: try String(contentsOf: error, encoding: .utf8))
    }

    @Test func aLongPipedScriptOfFailingStatementsReportsEachOnItsLine() throws {
        // The outside mutation fuzzer's finding: each error padded the source with the lines before it, so
        // 8,000 failing lines took 16 s and 100,000 did not finish in minutes. Each error still names its line.
        let count = 5_000
        let script = (1 ... count).map { "y\($0) = nothing\($0)" }.joined(separator: "\n") + "\n1 + 1\n"
        let result = try pipe(script)
        #expect(result.status == 1 && result.output == "2\n")
        let errors = result.error.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == count)
        let column = String(count).count + 5  // y5000 = nothing5000: the name starts at column 9
        #expect(errors.last == "<stdin>:\(count):\(column): error: unknown name 'nothing\(count)'")
        #expect(result.error.hasSuffix("  y\(count) = nothing\(count)\n" + String(repeating: " ", count: column + 1) + "^\n"))
    }
}
