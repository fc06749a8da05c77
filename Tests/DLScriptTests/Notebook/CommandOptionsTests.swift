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
        let text = "#! dlnb 1\n#! seed 1\ndata = spiral 5 2\nm = sequential\nm.add(linear 2 2)\nfit m data\n#> trained 1 epoch in {{99.00s}}: loss 1.2345\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var out = ""
        let commands = NotebookCommands(standardOutput: { out += $0 }, standardError: { _ in })
        _ = commands.run(["run", path])
        let shown = try #require(out.split(separator: "\n").first { $0.hasPrefix("#> trained") })
        #expect(!shown.contains("{{99.00s}}") && shown.contains("{{"))
        _ = commands.run(["run", "--update", path])
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
