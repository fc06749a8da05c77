import Foundation
import Testing

/// `fit verbose=2` from the executable: `-e` and stdin print each epoch's line once (as the epoch ends,
/// then the rest of the statement's output); `dlnb run` shows the lines on stderr as they come and prints
/// the same transcript as before on stdout.
@Suite struct VerboseOutputTests {
    static let statements = "seed 3; data = spiral 10 3; model = sequential; model.add(linear 2 3); fit model data epochs=3 batch=30 verbose=2"

    @Test func commandLineAndStdinPrintEachEpochLineOnce() throws {
        for result in [try ExecutableTests().dlnb(["-e", Self.statements]), try ExecutableTests().dlnb([], input: Self.statements + "\n")] {
            #expect(result.status == 0)
            let lines = result.output.split(separator: "\n").map(String.init)
            #expect(lines.count == 4, "\(lines)")
            #expect(lines.prefix(3).enumerated().allSatisfy { $0.element.hasPrefix("epoch \($0.offset + 1)/3 - loss ") })
            #expect(lines.last?.hasPrefix("trained 3 epochs in ") == true)
        }
    }

    @Test func aNotebookRunShowsTheLinesOnStderrAndKeepsItsTranscript() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-verbose-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/v.dlnb"
        try ("#! dlnb 1\n" + Self.statements.replacingOccurrences(of: "; ", with: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try ExecutableTests().dlnb(["run", "--update", path]).status == 0)
        let recorded = try String(contentsOfFile: path, encoding: .utf8)
        let run = try ExecutableTests().dlnb(["run", path])
        #expect(run.status == 0)
        let epochLines = recorded.split(separator: "\n").filter { $0.hasPrefix("#> epoch ") }.map { String($0.dropFirst(3)) }
        #expect(epochLines.count == 3)
        #expect(run.error.split(separator: "\n").map(String.init) == epochLines)
        // The transcript is the notebook as recorded (the duration aside), the epoch lines in it once.
        let strip = { (text: String) in text.replacingOccurrences(of: #"\{\{[^}]*\}\}"#, with: "", options: .regularExpression) }
        #expect(strip(run.output) == strip(recorded))
        #expect(try ExecutableTests().dlnb(["check", path]).error.isEmpty)
    }
}
