import Foundation
import Testing
@testable import DLScript

/// The options the issue found ignored: each is now applied or refused with an error naming it.
@Suite struct PlotKeywordTests {
    @Test func optionsAreAppliedOrRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-plotkw-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = Session(inputDirectory: folder, outputDirectory: folder)
        func error(_ statement: String) -> String? { session.run(statement).compactMap(\.error).first?.message }
        #expect(session.run("data = spiral 10 3; images = shapes 6 size=8").allSatisfy { $0.error == nil })
        // names= labels the classes in the legend: the picture changes.
        #expect(error("plot data data \"plain.png\"") == nil)
        #expect(error("plot data data \"named.png\" names=[\"red\", \"green\", \"blue\"]") == nil)
        #expect(error("plot images images \"named-images.png\" names=[\"a\", \"b\", \"c\", \"d\", \"e\", \"f\"]") == nil)
        let plain = try Data(contentsOf: URL(fileURLWithPath: folder + "/plain.png"))
        let named = try Data(contentsOf: URL(fileURLWithPath: folder + "/named.png"))
        #expect(plain != named)
        #expect(error("plot data data \"x.png\" log=true") == "plot data: log= does not apply to this chart (it applies to plot loss)")
        #expect(error("plot data data \"x.png\" columns=3") == "plot data: columns= does not apply to this chart (it applies to plot images)")
        #expect(error("plot data data \"x.jpg\"") == "plot data: 'x.jpg' must end in .png: plot writes PNG images only")
        #expect(!FileManager.default.fileExists(atPath: folder + "/x.jpg"))
        #expect(error("plot data data \"x.png\" names=3")?.hasPrefix("plot data: names must be a list of strings") == true)
        #expect(error("m = sequential; m.add(flatten start=2)")
            == "flatten: start= applies to a tensor (flatten X start=1); the layer merges every axis after the batch axis")
        #expect(session.run("(flatten (ones 2 3 4 5) start=2).shape").first?.output == "[2, 3, 20]")  // torch.flatten(x, 2)
    }
}
