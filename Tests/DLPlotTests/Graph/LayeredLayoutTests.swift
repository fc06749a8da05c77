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

@Test func aGraphAskedSmallerThanItsNaturalSizeTakesTheCompactStyle() throws {
    // sin(x1) + x1 * x2 (as plot graph draws it after backward), asked at 300x200: regular text needs
    // more, so the chart takes 10-pixel text and narrower gaps and fits.
    let nodes = [GraphChart.Node(heading: "x1 = param", lines: ["shape []", "value 2", "grad 2.5839"], kind: .parameter),
                 GraphChart.Node(heading: "x2 = param", lines: ["shape []", "value 3", "grad 2"], kind: .parameter),
                 GraphChart.Node(heading: "sin", lines: ["shape []", "value 0.9093", "grad 1"], kind: .operation),
                 GraphChart.Node(heading: "multiply", lines: ["shape []", "value 6", "grad 1"], kind: .operation),
                 GraphChart.Node(heading: "y = add", lines: ["shape []", "value 6.9093", "grad 1"], kind: .operation)]
    let edges = [(0, 2), (0, 3), (1, 3), (2, 4), (3, 4)]
    let natural = GraphChart(nodes: nodes, edges: edges, title: "Computational graph of y")
    #expect(natural.width > 300 && natural.style.font == .label)
    let small = GraphChart(nodes: nodes, edges: edges, title: "Computational graph of y", width: 300, height: 200)
    #expect(small.style.font == Font(size: 10))
    let canvas = try small.render()
    #expect(canvas.width == 300 && canvas.height == 200)
}
