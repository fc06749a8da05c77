import Testing
@testable import DLPlot

/// The regression chart: the points, the y = x line or the model's curve, at the usual and a small size.
@Suite struct RegressionChartTests {
    let x: [Double] = [-1, -0.5, 0, 0.5, 1]
    let y: [Double] = [-0.9, -0.6, 0.1, 0.4, 1.1]

    /// The plot area the chart lays out, to find data coordinates in its pixels.
    func area(_ chart: RegressionChart, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) throws -> PlotArea {
        let legend = [LegendEntry(.marker(.circle, RegressionChart.pointColor), chart.pointsName),
                      LegendEntry(.line(Palette.boundary, .dashed), chart.lineName)]
        return try ClassFrame(width: chart.width, height: chart.height, xRange: xRange, yRange: yRange, title: chart.title,
                              xLabel: chart.xLabel, yLabel: chart.yLabel, legend: legend).area
    }

    @Test func predictionsAgainstTargetsShareOneRangeAndDrawTheDiagonal() throws {
        let chart = RegressionChart(x: x, y: y, reference: .identity, pointsName: "samples", lineName: "y = x",
                                    title: "R2", xLabel: "target", yLabel: "prediction")
        let canvas = try chart.render()
        #expect(canvas.width == 800 && canvas.height == 600)
        let range = DataRange.padded(x + y)
        let plot = try area(chart, xRange: range, yRange: range)
        // A marker's centre in the point colour; the dashed diagonal somewhere near (-0.75, -0.75).
        let centre = plot.point(-0.5, -0.6)
        #expect(canvas.pixel(x: Int(centre.x), y: Int(centre.y)) == RegressionChart.pointColor)
        let onDiagonal = (0 ..< 40).contains { k in
            let v = -0.8 + Double(k) * 0.005, p = plot.point(v, v)
            return canvas.pixel(x: Int(p.x.rounded()), y: Int(p.y.rounded())) == Palette.boundary
        }
        #expect(onDiagonal)
    }

    @Test func aCurveIsDrawnThroughItsPointsAtBothSizes() throws {
        let grid = stride(from: -1.0, through: 1.0, by: 0.01).map { $0 }
        for (width, height) in [(800, 600), (300, 200)] {
            let chart = RegressionChart(x: x, y: y, reference: .curve(x: grid, y: grid.map { $0 * $0 }), pointsName: "data",
                                        lineName: "model", title: "Fit", xLabel: "x", yLabel: "y", width: width, height: height)
            let canvas = try chart.render()
            #expect(canvas.width == width && canvas.height == height)
            let plot = try area(chart, xRange: DataRange.padded(x + grid), yRange: DataRange.padded(y + grid.map { $0 * $0 }))
            let p = plot.point(0.25, 0.0625)  // on y = x², away from the points
            let near = (-1 ... 1).flatMap { dx in (-1 ... 1).map { dy in canvas.pixel(x: Int(p.x.rounded()) + dx, y: Int(p.y.rounded()) + dy) } }
            #expect(near.contains(RegressionChart.curveColor), "\(width)x\(height)")
        }
    }

    @Test func badInputsAreErrors() {
        #expect(throws: PlotError.self) {
            try RegressionChart(x: [], y: [], reference: .identity, pointsName: "a", lineName: "b", title: "").render()
        }
        #expect(throws: PlotError.self) {
            try RegressionChart(x: [1, 2], y: [1], reference: .identity, pointsName: "a", lineName: "b", title: "").render()
        }
        #expect(throws: PlotError.self) {
            try RegressionChart(x: [.nan], y: [1], reference: .identity, pointsName: "a", lineName: "b", title: "").render()
        }
        #expect(throws: PlotError.self) {
            try RegressionChart(x: [1], y: [1], reference: .identity, pointsName: "a", lineName: "b", title: "", width: 100, height: 50).render()
        }
    }
}
