import Testing
@testable import DLPlot

@Test func layersAreLongestPathsAndBarycentresUndoACrossing() throws {
    // a(0) b(1) feed d(3) and c(2) crosswise; e(4) = c + d. Numbered order [c, d] crosses once.
    let edges = [(from: 0, to: 3), (from: 1, to: 2), (from: 2, to: 4), (from: 3, to: 4)]
    let layout = try LayeredLayout(count: 5, edges: edges)
    #expect(layout.layer == [0, 0, 1, 1, 2])
    #expect(layout.crossings(edges) == 0)
    let unsorted = try LayeredLayout(count: 5, edges: edges, sweeps: 0)
    #expect(unsorted.crossings(edges) == 1)
}

@Test func aSourceSitsBesideItsFirstUseAndACycleIsRefused() throws {
    // 0 -> 1 -> 2 -> 3 and a constant 4 used only by 3: it goes to layer 2, not 0.
    let layout = try LayeredLayout(count: 5, edges: [(0, 1), (1, 2), (2, 3), (4, 3)])
    #expect(layout.layer == [0, 1, 2, 3, 2])
    #expect(throws: PlotError.invalidArgument("the graph has a cycle")) {
        try LayeredLayout(count: 2, edges: [(0, 1), (1, 0)])
    }
}

@Test func aGraphChartTakesTheSizeItNeedsAndRefusesASmallerOne() throws {
    let nodes = [GraphChart.Node(heading: "x", lines: ["shape []"], kind: .parameter),
                 GraphChart.Node(heading: "y = sin", lines: ["shape []", "value 0.9093"], kind: .operation)]
    let chart = GraphChart(nodes: nodes, edges: [(0, 1)], title: "g")
    let canvas = try chart.render()
    #expect(canvas.width == chart.width && canvas.width >= 300 && canvas.height >= 200)
    #expect(throws: PlotError.self) { try GraphChart(nodes: nodes, edges: [(0, 1)], title: "g", width: 50, height: 50).render() }
}
