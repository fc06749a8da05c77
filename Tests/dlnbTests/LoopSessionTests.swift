import Foundation
import Testing

/// Loops at the REPL through a pseudo-terminal: the continuation prompt until `end`, a loop stopped with
/// Ctrl-C (undone as a whole), a loop that runs; the session saved with `:save` must pass `dlnb check`.
@Suite struct LoopSessionTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: TerminalSessionTests.script)))
    func loopsAtThePromptSaveANotebookThatChecks() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-pty-loop-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let saved = folder + "/loops.dlnb"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TerminalSessionTests.script)
        process.arguments = ["-qfc", ExecutableTests.executable, "/dev/null"]
        var environment = ProcessInfo.processInfo.environment
        environment["DLNB_HISTORY"] = ""
        process.environment = environment
        let (input, output) = (Pipe(), Pipe())
        (process.standardInput, process.standardOutput, process.standardError) = (input, output, output)
        let screen = TerminalSessionTests.Screen()
        output.fileHandleForReading.readabilityHandler = { screen.append($0.availableData) }
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        func type(_ text: String) { input.fileHandleForWriting.write(Data(text.utf8)) }

        #expect(screen.wait(for: "dlnb> "))
        type("seed 7\ncount = 0\nfor i in 1..1000000000000\n")
        #expect(screen.wait(for: "...> "))        // the block waits for its `end`
        type("  count = count + 1\n  r = randn 1\nend\n")
        Thread.sleep(forTimeInterval: 1)
        type("\u{3}")
        #expect(screen.wait(for: "interrupted in iteration "))
        type("count\nfor i in 1..3\n  print \"pass\" i\nend\nrandn 2\n:save \(saved)\n")
        #expect(screen.wait(for: "saved "))
        type(":quit\n")
        process.waitUntilExit()
        let notebook = try String(contentsOfFile: saved, encoding: .utf8)
        #expect(notebook.contains("count\n#> 0\n"))     // the interrupted loop changed nothing...
        #expect(!notebook.contains("1000000000000"))    // ...so the notebook leaves it out
        #expect(notebook.contains("for i in 1..3\n  print \"pass\" i\nend\n#> pass 1\n#> pass 2\n#> pass 3\n"))
        let check = try ExecutableTests().dlnb(["check", saved])
        #expect(check.status == 0, "\(check.output)\(check.error)\n\(notebook)")
    }
}

/// `-e` and stdin print a block's lines once, as it runs.
@Suite struct LoopOutputTests {
    @Test func aBlockPrintsEachLineOnce() throws {
        let result = try ExecutableTests().dlnb(["-e", "for i in 1..3\n  print \"pass\" i\nend\nprint \"after\""])
        #expect(result.status == 0)
        #expect(result.output == "pass 1\npass 2\npass 3\nafter\n")
    }
}
