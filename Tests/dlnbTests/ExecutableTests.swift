import Foundation
import Testing

/// The `dlnb` executable itself, as a person runs it: flags, exit codes, `-e`, statements piped on stdin,
/// notebook commands. It is found beside the test bundle, in the build's products folder.
@Suite struct ExecutableTests {
    struct Result {
        let status: Int32
        let output: String
        let error: String
    }

    static var executable: String {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = runner.deletingLastPathComponent()
        // A test bundle may be a folder (…/dlnbPackageTests.xctest/…): climb to the products folder.
        while !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("dlnb").path), folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("dlnb").path
    }

    /// Runs `dlnb arguments`, feeding `input` on stdin, with no history file.
    func dlnb(_ arguments: [String], input: String = "", in directory: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ExecutableTests.executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["DLNB_HISTORY"] = ""
        process.environment = environment
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let (stdin, stdout, stderr) = (Pipe(), Pipe(), Pipe())
        (process.standardInput, process.standardOutput, process.standardError) = (stdin, stdout, stderr)
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
                      error: String(decoding: err, as: UTF8.self))
    }

    @Test func helpVersionAndUsageErrors() throws {
        let help = try dlnb(["--help"])
        #expect(help.status == 0 && help.output.contains("usage: dlnb") && help.output.contains("exit codes: 0 success"))
        let version = try dlnb(["--version"])
        #expect(version.status == 0 && version.output.hasPrefix("dlnb "))
        let bogus = try dlnb(["--bogus"])
        #expect(bogus.status == 64 && bogus.error.contains("unknown option '--bogus'"))
        let what = try dlnb(["notes.txt"])
        #expect(what.status == 64 && what.error.contains("a notebook's name ends in .dlnb"))
        let noStatements = try dlnb(["-e"])
        #expect(noStatements.status == 64)
        // Nothing is accepted and ignored: an argument after --help, --version or - is refused.
        for (arguments, named) in [(["--version", "extra"], "unexpected argument 'extra' after --version"),
                                   (["--help", "x.dlnb"], "unexpected argument 'x.dlnb' after --help"),
                                   (["-", "-e"], "unexpected argument '-e' after -")] {
            let refused = try dlnb(arguments)
            #expect(refused.status == 64 && refused.error.contains(named) && refused.output.isEmpty, "\(arguments)")
        }
    }

    @Test func statementsFromTheCommandLine() throws {
        let ok = try dlnb(["-e", "x = 2", "-e", "x * 21"])
        #expect(ok.status == 0 && ok.output == "42\n" && ok.error.isEmpty)
        let failed = try dlnb(["-e", "y = 1; lineer 2 3; y"])
        #expect(failed.status == 1)
        #expect(failed.error.contains("-e:1:8: error: unknown name 'lineer'; did you mean 'linear'?"))
        #expect(failed.output.isEmpty)  // -e stops at the first failure
    }

    @Test func statementsPipedOnStandardInput() throws {
        let ok = try dlnb([], input: "x = [1,\n  2]\nx * 2\n")
        #expect(ok.status == 0 && ok.output == "[2, 4]\n")
        // A script goes on after a failure, names its line, and exits with 1 at the end.
        let failed = try dlnb(["-"], input: "a = 1\nnosuch\na + 1\n")
        #expect(failed.status == 1 && failed.output == "2\n" && failed.error.contains("<stdin>:2:1: error: unknown name 'nosuch'"))
    }

    @Test func notebookCommandsAndTheirExitCodes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-exe-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/n.dlnb"
        try "#! dlnb 1\nn = 2\nn * 21\n#> 41\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try dlnb(["check", path]).status == 2)
        #expect(try dlnb(["check", "--update", path]).status == 64)
        #expect(try dlnb(["run", "-p", "nosuch=10", path]).status == 64)
        let run = try dlnb([path])
        #expect(run.status == 0 && run.output.contains("n * 21\n#> 42\n"))
        #expect(try dlnb(["run", "--update", path]).status == 0)
        #expect(try dlnb(["check", path]).status == 0)
        #expect(try dlnb(["run", folder + "/missing.dlnb"]).status == 1)
    }
}
