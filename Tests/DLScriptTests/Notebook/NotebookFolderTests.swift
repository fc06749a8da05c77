import Foundation
import Testing
@testable import DLScript

/// The repository's root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

/// Every notebook in notebooks/ replays to its recorded outputs, so examples and docs cannot rot.
@Suite struct NotebookFolderTests {
    static let notebooks: [String] = {
        let folder = repositoryRoot + "/notebooks"
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".dlnb") }.sorted().map { folder + "/" + $0 }
    }()

    @Test func thereAreNotebooks() {
        #expect(NotebookFolderTests.notebooks.count >= 2)
    }

    /// `dlnb notebooks/spiral.dlnb` run from the repository writes its PNGs (and a notebook's `save`, its
    /// model files) into the current folder: git ignores them there, so they never enter the repository.
    @Test func filesNotebooksWriteAtTheRootAreIgnored() throws {
        let ignored = try String(contentsOfFile: repositoryRoot + "/.gitignore", encoding: .utf8).split(separator: "\n")
        for pattern in ["/*.png", "/*.html", "/*.dlnbmodel", "/*.dlnbckpt", "/*.dlnbopt"] {
            #expect(ignored.contains(Substring(pattern)), "\(pattern) is not in .gitignore")
        }
    }

    @Test(arguments: notebooks)
    func replaysToItsRecordedOutputs(path: String) throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-nb-\(UUID())").path
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: out) }
        var printed = "", errors = ""
        let commands = NotebookCommands(standardOutput: { printed += $0 }, standardError: { errors += $0 + "\n" })
        let code = commands.run(["check", "--out", out, path])
        #expect(code == 0, "\(path) differs:\n\(printed)\n\(errors)")
    }
}
