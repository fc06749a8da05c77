import Foundation
import Testing
@testable import DLScript

/// Help texts: every built-in has a signature, a meaning and an example that runs; docs/LANGUAGE.md
/// holds exactly what the help texts say.
@Suite struct HelpTests {
    @Test(arguments: Builtins.all.map(\.name))
    func exampleRuns(name: String) throws {
        let builtin = try #require(Builtins.all.first { $0.name == name })
        #expect(builtin.signature.hasPrefix(name))
        #expect(!builtin.summary.isEmpty && builtin.summary.hasSuffix("."))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-help-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = Session(inputDirectory: folder, outputDirectory: folder)
        // The names examples may refer to: a small model and data set, as after the spiral tour.
        let setup = session.run("""
            data = spiral 20 3
            train = data; test = data
            model = sequential
            model.add(linear 2 8)
            model.add(relu)
            model.add(linear 8 3)
            opt = sgd lr=0.1
            """)
        #expect(setup.allSatisfy { $0.error == nil })
        let outcomes = session.run(builtin.example)
        for outcome in outcomes {
            #expect(outcome.error == nil, "\(name)'s example fails: \(outcome.error.map { $0.formatted(source: builtin.example) } ?? "")")
        }
    }

    @Test func namesAreUnique() {
        #expect(Set(Builtins.all.map(\.name)).count == Builtins.all.count)
    }

    @Test func helpCommands() {
        let session = Session()
        #expect(session.run("help linear").first?.output?.hasPrefix("linear IN OUT") == true)
        #expect(session.run("?linear").first?.output == session.run("help linear").first?.output)
        #expect(session.run("help").first?.output?.contains("Layers: linear, relu") == true)
        #expect(session.run("?lineer").first?.error?.message == "no help for 'lineer': it is not a built-in; did you mean 'linear'?")
    }

    @Test func languageReferenceIsUpToDate() throws {
        let path = repositoryRoot + "/docs/LANGUAGE.md"
        let document = try String(contentsOfFile: path, encoding: .utf8)
        let updated = try #require(LanguageReference.updating(document), "docs/LANGUAGE.md lacks the built-in markers")
        if ProcessInfo.processInfo.environment["DLNB_UPDATE_DOCS"] == "1" {
            try updated.write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect(updated == document, "docs/LANGUAGE.md is out of date: run DLNB_UPDATE_DOCS=1 swift test --filter languageReferenceIsUpToDate")
    }
}
