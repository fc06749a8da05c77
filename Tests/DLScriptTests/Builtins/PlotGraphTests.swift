import DLEngine
import DLPlot
import Foundation
import Testing
@testable import DLScript

/// `plot graph` and `show graph`: the article's autodiff example, `y = sin(x1) + x1 * x2`.
@Suite struct PlotGraphTests {
    func example(backward: Bool) throws -> (Session, GraphChart) {
        let session = Session()
        _ = outputs("x1 = param 2.0\nx2 = param 3.0\ny = sin(x1) + x1 * x2" + (backward ? "\nbackward y" : ""), session: session)
        guard case .tensor(let y) = session.variables["y"] else { throw ScriptError("no y", at: SourceLocation(line: 1, column: 1)) }
        let chart = GraphPicture.chart(try ComputationGraph(of: y), names: session.tensorNames(), title: nil, size: nil)
        return (session, chart)
    }

    @Test func theGraphHasTheExpressionsNodesAndEdges() throws {
        let (_, chart) = try example(backward: true)
        let headings = chart.nodes.map(\.heading)
        #expect(Set(headings) == ["x1 = param", "x2 = param", "sin", "multiply", "y = add"])
        func index(_ h: String) -> Int { headings.firstIndex(of: h) ?? -1 }
        let edges = Set(chart.edges.map { "\(headings[$0.from]) -> \(headings[$0.to])" })
        #expect(edges == ["x1 = param -> sin", "x1 = param -> multiply", "x2 = param -> multiply",
                          "sin -> y = add", "multiply -> y = add"])
        #expect(chart.edges.count == 5)
        // dy/dx1 = cos(2) + 3 = 2.58385, dy/dx2 = x1 = 2 (by hand); every inner node passes 1 along.
        #expect(chart.nodes[index("x1 = param")].lines == ["shape []", "value 2", "grad 2.5839"])
        #expect(chart.nodes[index("x2 = param")].lines == ["shape []", "value 3", "grad 2"])
        #expect(chart.nodes[index("sin")].lines == ["shape []", "value 0.9093", "grad 1"])  // sin(2) = 0.909297
        #expect(chart.nodes[index("y = add")].lines == ["shape []", "value 6.9093", "grad 1"])
        #expect(chart.note == nil)
        // Left to right: the params, then sin and multiply, then the sum.
        let layout = try LayeredLayout(count: chart.nodes.count, edges: chart.edges)
        #expect(layout.layer[index("x1 = param")] == 0 && layout.layer[index("x2 = param")] == 0)
        #expect(layout.layer[index("sin")] == 1 && layout.layer[index("multiply")] == 1 && layout.layer[index("y = add")] == 2)
    }

    @Test func beforeBackwardItSaysTheGradientsAreNotComputed() throws {
        let (session, chart) = try example(backward: false)
        #expect(chart.note == "gradients not computed yet: run backward y first")
        #expect(chart.nodes.allSatisfy { !$0.lines.contains { $0.hasPrefix("grad 0") } })
        #expect(chart.nodes.first { $0.heading == "x1 = param" }?.lines.last == "grad -")
        // The drawing did not run backward: x1 still has no gradient.
        guard case .tensor(let x1) = session.variables["x1"] else { Issue.record("no x1"); return }
        #expect(x1.grad == nil)
    }

    @Test func plotGraphWritesAPictureAndShowReportsWithoutATerminal() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-graph-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = Session(inputDirectory: folder, outputDirectory: folder)
        let out = outputs("x1 = param 2.0\nx2 = param 3.0\ny = sin(x1) + x1 * x2\nbackward y\nplot graph y \"g.png\"\nshow graph y\nshow \"g.png\"", session: session)
        #expect(out[4]?.hasPrefix("wrote g.png (") == true)
        #expect(out[5]?.hasPrefix("graph (") == true && out[6]?.hasPrefix("g.png (") == true)
        #expect(out.compactMap { $0 }.allSatisfy { !$0.contains("\u{1B}") })
        let image = try PNGReader.read(folder + "/g.png")
        #expect(image.width >= 300 && image.height >= 200)
    }

    @Test func showCallsTheDisplayAndPlotShowsOnlyWithImagesOn() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-show-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = Session(inputDirectory: folder, outputDirectory: folder)
        final class Shown: @unchecked Sendable { var names: [String] = [] }
        let shown = Shown()
        session.onShowImage = { _, name in shown.names.append(name) }
        _ = outputs("data = spiral 10 3\nplot data data \"a.png\"\nshow data data size=300x200", session: session)
        #expect(shown.names == ["data"])
        session.showsPlots = true
        _ = outputs("plot data data \"b.png\"", session: session)
        #expect(shown.names == ["data", "b.png"])
    }

    @Test func errorsNameThePlace() {
        let session = Session()
        let cases = [
            ("show \"missing.png\"", "no such file"),
            ("show grph", "did you mean 'graph'?"),
            ("x = tensor [1, 2]\nplot graph x x \"g.png\"", "give one tensor"),
            ("plot graph 3 \"g.png\"", "must be a tensor"),
            ("plot weights \"w.png\"", "no model given"),
            ("model = sequential\nplot weights model \"w.png\"", "no parameters yet"),
        ]
        for (source, expected) in cases {
            let error = session.run(source).compactMap(\.error).first
            #expect(error?.message.contains(expected) == true, "\(source): \(error?.message ?? "no error")")
        }
    }

    @Test func gradientHistogramsLeaveTheModelsGradientsAlone() throws {
        let session = Session()
        _ = outputs("seed 3\ndata = spiral 20 3\nmodel = sequential\nmodel.add(linear 2 4)\nmodel.add(relu)\nmodel.add(linear 4 3)", session: session)
        guard case .model(let model) = session.variables["model"] else { Issue.record("no model"); return }
        let call = Call(name: "plot", session: session, location: SourceLocation(line: 1, column: 1), positional: [
            .init(value: .string("gradients"), location: SourceLocation(line: 1, column: 1)),
            .init(value: .string("g.png"), location: SourceLocation(line: 1, column: 1))], keywords: [:])
        let chart = try #require(try call.parameterHistograms("gradients", width: 800, height: 600, title: nil) as? HistogramGrid)
        #expect(chart.panels.map(\.title) == ["1 Linear weight", "1 Linear bias", "3 Linear weight", "3 Linear bias"])
        #expect(chart.panels[0].values.count == 8 && chart.panels.allSatisfy { $0.values.contains { $0 != 0 } })
        #expect(model.layers.flatMap(\.parameters).allSatisfy { $0.grad == nil })
    }
}
