import Foundation
import Testing

/// The allocation guard seen from outside (issue 14): under an address-space limit (`ulimit -v`) or a
/// `DLNB_MEMORY_LIMIT` budget, a request that cannot fit is refused with both figures, and the process
/// goes on, instead of dying in the allocator. These run `dlnb` in a child process, since a limit set in
/// the test process would hit the tests running beside it.
@Suite struct MemoryLimitExecutableTests {
    /// Runs `dlnb -e source` through `/bin/sh`, after `limits` (shell commands such as `ulimit -v N`).
    func dlnb(_ source: String, limits: String, environment extra: [String: String] = [:]) throws -> ExecutableTests.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The statements travel as an argument of the shell script ("$1"), never inside its text.
        process.arguments = ["-c", "\(limits)\nexec \"$0\" -e \"$1\"", ExecutableTests.executable, source]
        var environment = ProcessInfo.processInfo.environment
        environment["DLNB_HISTORY"] = ""
        environment["SWIFT_BACKTRACE"] = "enable=no"
        environment.merge(extra) { $1 }
        process.environment = environment
        let (stdout, stderr) = (Pipe(), Pipe())
        (process.standardOutput, process.standardError) = (stdout, stderr)
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return .init(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
                     error: String(decoding: err, as: UTF8.self))
    }

    /// `moons 200200200` (issue 14's example) asks for 200,200,200 rows: 200200200 x 6 floats counted
    /// (2 features, a label and working arrays), 4.8 GB. Under a 2 GB address space it is refused before
    /// anything is allocated, naming what it needs and what is available; the next statement still runs.
    @Test func moonsBeyondTheAddressSpaceIsRefusedWithBothFigures() throws {
        let result = try dlnb("moons 200200200\n1 + 1", limits: "ulimit -v 2097152")  // KiB: 2 GiB
        #expect(result.status == 1, "\(result.status) \(result.error)")
        #expect(result.error.contains("a tensor of shape [200200200, 6] is too large to allocate: it needs 4.8 GB, and "))
        #expect(result.error.contains(" are available (limit: "))
        // -e stops at the first failure; a script on stdin would go on (ExecutableTests).
        #expect(result.output.isEmpty)
    }

    @Test func moonsBeyondTheConfiguredBudgetIsRefusedAndTheSessionGoesOn() throws {
        let result = try dlnb("d = moons 200200200", limits: ":", environment: ["DLNB_MEMORY_LIMIT": "1G"])
        #expect(result.status == 1)
        #expect(result.error.contains("it needs 4.8 GB, and ") && result.error.contains(" are available"), "\(result.error)")
        // Well inside the budget, the same data set is made (200 rows: 4.8 kB counted).
        let small = try dlnb("d = moons 200\nd", limits: "ulimit -v 2097152", environment: ["DLNB_MEMORY_LIMIT": "1G"])
        #expect(small.status == 0 && small.output.contains("200"), "\(small.output) \(small.error)")
    }
}
