import Foundation
import Testing
@testable import DLScript

/// Every command-line option is applied or refused: a flag a command does not take and a `-p` for a name
/// the notebook does not assign are usage errors (64) that name them; the transcript and `--update` show
/// this run's durations while the file keeps its `{{...}}` marks.
@Suite struct CommandOptionsTests {
    func folder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-opt-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func flagsACommandDoesNotTakeAreRefused() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/n.dlnb"
        try "#! dlnb 1\nepochs = 2\nepochs * 21\n#> 42\n".write(toFile: path, atomically: true, encoding: .utf8)
        var err = ""
        let commands = NotebookCommands(standardOutput: { _ in }, standardError: { err += $0 + "\n" })
        for (arguments, named) in [(["check", "--update", path], "check does not take --update (run does)"),
                                   (["check", "--keep-going", path], "check does not take --keep-going (run and export do)"),
                                   (["check", "-p", "epochs=5", path], "check does not take -p (run and export do)"),
                                   (["export", "--out", folder, path, "--md", folder + "/n.md"], "export does not take --out (run and check do)"),
                                   (["run", "--html", folder + "/x.html", path], "run does not take --html (export does)"),
                                   (["run", "-p", "nosuch=10", path], "-p nosuch: the notebook has no statement 'nosuch = ...' to replace")] {
            err = ""
            #expect(commands.run(arguments) == 64, "\(arguments)")
            #expect(err.contains(named), "\(arguments): \(err)")
        }
        var out = ""
        let applied = NotebookCommands(standardOutput: { out += $0 }, standardError: { _ in })
        #expect(applied.run(["run", "-p", "epochs=3", path]) == 0)
        #expect(out.contains("epochs = 3\nepochs * 21\n#> 63\n"))
    }

    @Test func transcriptsShowThisRunsDurationsAndUpdateRefreshesThem() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/n.dlnb"
        try "#! dlnb 1\n#! seed 1\ndata = spiral 5 2\nm = sequential\nm.add(linear 2 2)\nfit m data\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        var out = ""
        let commands = NotebookCommands(standardOutput: { out += $0 }, standardError: { _ in })
        #expect(commands.run(["run", "--update", path]) == 0)
        // The recorded output agrees with every replay but for its duration, which a slow day made 99 s.
        let recorded = try String(contentsOfFile: path, encoding: .utf8)
        let summary = try #require(recorded.split(separator: "\n").first { $0.hasPrefix("#> trained 1 epoch in {{") })
        let slow = recorded.replacingOccurrences(of: String(summary), with: summary.replacingOccurrences(
            of: #"\{\{[^}]*\}\}"#, with: "{{99.00s}}", options: .regularExpression))
        try slow.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(commands.run(["check", path]) == 0)  // check ignores the marked part
        out = ""
        #expect(commands.run(["run", path]) == 0)
        let shown = try #require(out.split(separator: "\n").first { $0.hasPrefix("#> trained") })
        #expect(!shown.contains("{{99.00s}}") && shown.contains("{{") && shown.contains("; last epoch, mean over its batches: loss "))
        #expect(commands.run(["export", path, "--md", folder + "/n.md"]) == 0)
        let exported = try String(contentsOfFile: folder + "/n.md", encoding: .utf8)
        #expect(exported.contains("trained 1 epoch in ") && !exported.contains("99.00"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == slow)  // run and export leave the file alone
        #expect(commands.run(["run", "--update", path]) == 0)
        let updated = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!updated.contains("{{99.00s}}") && updated.contains("trained 1 epoch in {{"))
    }

    @Test func refreshingKeepsTheRecordedTextAroundTheMarks() {
        #expect(OutputComparison.refreshingVariableParts("took {{4.37s}}: loss 0.1000", from: "took {{0.03s}}: loss 0.10000001")
            == "took {{0.03s}}: loss 0.1000")
        #expect(OutputComparison.refreshingVariableParts("no marks", from: "no marks at all") == "no marks")
        #expect(OutputComparison.refreshingVariableParts("{{a}} {{b}}", from: "{{c}}") == "{{a}} {{b}}")
    }
}
