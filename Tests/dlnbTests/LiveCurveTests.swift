import Foundation
import Testing

/// The progress line and live curve of a fit with validation data, in a pseudo-terminal (util-linux
/// `script`): the line shows the last finished epoch's validation figures, the curve draws the
/// validation loss (yellow) beside the training loss while the fit runs, and the chart left behind says so.
@Suite struct LiveCurveTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: TerminalSessionTests.script)))
    func theLiveCurveShowsTheValidationLoss() throws {
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
        type("""
            seed 2
            data = spiral 20 3
            model = sequential; model.add(linear 2 16); model.add(relu); model.add(linear 16 3)
            fit model data epochs=9999 batch=10 validation_split=0.25

            """)
        // The line carries the validation figures once an epoch has finished; the curve under it draws
        // two series (cyan and yellow) while the fit runs.
        #expect(screen.wait(for: " val_loss "))
        #expect(screen.wait(for: " val_acc "))
        #expect(screen.wait(for: "\u{1B}[33m"))
        let prompts = screen.contents.components(separatedBy: "dlnb> ").count - 1
        type("\u{3}")
        #expect(screen.wait(for: "dlnb> ", moreThan: prompts))
        #expect(screen.contents.contains("validation\u{1B}[0m)"))
        type(":quit\n")
        process.waitUntilExit()
    }
}
