import Foundation
import Testing

/// A REPL session through a pseudo-terminal (util-linux `script` gives `dlnb` one), as a person would type
/// it: a failing statement, random draws, a `fit` stopped with Ctrl-C, then `:save`; the saved notebook
/// must pass `dlnb check`.
@Suite struct TerminalSessionTests {
    static let script = "/usr/bin/script"

    /// Collects what the terminal shows, for waiting on a prompt or the progress line.
    final class Screen: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        func append(_ data: Data) { lock.lock(); text += String(decoding: data, as: UTF8.self); lock.unlock() }
        var contents: String { lock.lock(); defer { lock.unlock() }; return text }

        /// Waits until the screen holds `needle` more than `count` times, or gives up after `seconds`.
        func wait(for needle: String, moreThan count: Int = 0, seconds: Double = 60) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if contents.components(separatedBy: needle).count - 1 > count { return true }
                Thread.sleep(forTimeInterval: 0.05)
            }
            return false
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: TerminalSessionTests.script)))
    func anInterruptedSessionSavesANotebookThatChecks() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-pty-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let saved = folder + "/session.dlnb"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TerminalSessionTests.script)
        process.arguments = ["-qfc", ExecutableTests.executable, "/dev/null"]
        var environment = ProcessInfo.processInfo.environment
        environment["DLNB_HISTORY"] = ""
        process.environment = environment
        let (input, output) = (Pipe(), Pipe())
        (process.standardInput, process.standardOutput, process.standardError) = (input, output, output)
        let screen = Screen()
        output.fileHandleForReading.readabilityHandler = { screen.append($0.availableData) }
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        func type(_ text: String) { input.fileHandleForWriting.write(Data(text.utf8)) }

        #expect(screen.wait(for: "dlnb> "))
        type("""
            seed 5
            m = sequential
            m.add(linear 2 4)
            m.add(linear 3 2)
            r = randn 3
            data = spiral 20 3
            model = sequential; model.add(linear 2 16); model.add(relu); model.add(linear 16 3)
            h = fit model data epochs=1000000 batch=10

            """)
        // Ctrl-C once the progress line shows the fit running.
        #expect(screen.wait(for: "/1000000 ["))
        let prompts = screen.contents.components(separatedBy: "dlnb> ").count - 1
        type("\u{3}")
        #expect(screen.wait(for: "dlnb> ", moreThan: prompts))
        type("h.epochs\nrandn 2\n:save \(saved)\n")
        #expect(screen.wait(for: "saved "))
        // A REPL command that takes nothing refuses an argument and does nothing.
        type(":reset now\nwhos\n")
        #expect(screen.wait(for: ":reset takes no argument, not 'now'"))
        #expect(screen.wait(for: "Shape / size"))  // whos still lists the session's names
        type(":quit\n")
        process.waitUntilExit()
        let notebook = try String(contentsOfFile: saved, encoding: .utf8)
        #expect(notebook.contains("m.add(linear 3 2)\n#> error: add: "))
        #expect(notebook.contains("stop_after_batch="))
        let check = try ExecutableTests().dlnb(["check", saved])
        #expect(check.status == 0, "\(check.output)\(check.error)\n\(notebook)")
    }
}
