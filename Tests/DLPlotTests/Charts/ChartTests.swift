import Testing
@testable import DLPlot

/// A grid over -1...1 by -1...1 whose left half is class 0 and right half class 1.
private func halvesChart() throws -> DecisionBoundaryChart {
    let grid = try ClassGrid(rows: 40, columns: 40, classes: (0..<1600).map { $0 % 40 < 20 ? 0 : 1 })
    let points = [LabeledPoint(x: -0.5, y: -0.5, label: 0), LabeledPoint(x: 0.5, y: 0.5, label: 1)]
    return DecisionBoundaryChart(xRange: -1...1, yRange: -1...1, grid: grid, points: points, title: "Halves")
}

@Test func decisionBoundaryPixels() throws {
    let chart = try halvesChart()
    let image = try PNGReader.decode(try chart.pngData())
    #expect(image.width == 800 && image.height == 600)
    let legend = ClassLegend.entries(labels: [0, 1], names: [])
    let area = try ClassFrame(width: 800, height: 600, xRange: -1...1, yRange: -1...1, title: "Halves",
                              xLabel: nil, yLabel: nil, legend: legend).area
    func at(_ x: Double, _ y: Double) -> Color? {
        let p = area.point(x, y)
        return image.pixel(x: Int(p.x), y: Int(p.y))
    }
    #expect(at(-0.5, 0.5) == Palette.tint(0))          // class 0's region, away from points
    #expect(at(0.5, -0.5) == Palette.tint(1))
    #expect(at(-0.5, -0.5) == Palette.color(0))        // the class-0 marker's centre
    #expect(at(0.5, 0.5) == Palette.color(1))
    #expect(at(0, 0.25) == Palette.boundary)            // the boundary along x = 0
    #expect(image.pixel(x: area.left - 1, y: area.top + area.height / 2) == Palette.ink)  // the y axis
    #expect(image.pixel(x: area.left + area.width / 2, y: area.bottom) == Palette.ink)    // the x axis
    let titleRows = 14..<(14 + 18)
    #expect(titleRows.contains { y in (0..<800).contains { image.pixel(x: $0, y: y) == Palette.ink } })
}

@Test func boundaryIsSmoothedAcrossCells() throws {
    // A diagonal boundary y = x: the marching-squares segments are joined end to end, one crossing per
    // square side, so the line has no breaks: every pixel column of the middle has dark boundary ink
    // (the regions' tints are all lighter than green 120).
    let n = 30
    let grid = try ClassGrid(rows: n, columns: n, classes: (0..<(n * n)).map { $0 / n > $0 % n ? 1 : 0 })
    let chart = DecisionBoundaryChart(xRange: 0...1, yRange: 0...1, grid: grid, points: [], title: "")
    let canvas = try chart.render()
    let area = try ClassFrame(width: 800, height: 600, xRange: 0...1, yRange: 0...1, title: "", xLabel: nil,
                              yLabel: nil, legend: ClassLegend.entries(labels: [0, 1], names: [])).area
    // (Near the corners the smoothing, with the grid's edges repeated, lets the line leave early.)
    for column in stride(from: area.left + area.width / 10, to: area.right - area.width / 10, by: 7) {
        #expect((area.top..<area.bottom).contains { (canvas.pixel(x: column, y: $0)?.green ?? 255) < 120 }, "column \(column) of \(area.left)..<\(area.right)")
    }
}

@Test func scatterMarkersAndDeterminism() throws {
    let points = [LabeledPoint(x: 0, y: 0, label: 2), LabeledPoint(x: 10, y: 5, label: 0)]
    let chart = ScatterChart(points: points, classNames: ["a", "b", "c"], xRange: -1...11, yRange: -1...6)
    let png = try chart.pngData()
    #expect(try png == chart.pngData())
    let image = try PNGReader.decode(png)
    let legend = ClassLegend.entries(labels: [2, 0], names: ["a", "b", "c"])
    #expect(legend.map(\.text) == ["a", "b", "c"])
    let area = try ClassFrame(width: 800, height: 600, xRange: -1...11, yRange: -1...6, title: "Data",
                              xLabel: nil, yLabel: nil, legend: legend).area
    let p = area.point(0, 0), q = area.point(10, 5)
    #expect(image.pixel(x: Int(p.x), y: Int(p.y)) == Palette.color(2))
    #expect(image.pixel(x: Int(q.x), y: Int(q.y)) == Palette.color(0))
    #expect(throws: PlotError.noData("the list of points")) { try ScatterChart(points: []).render() }
}

@Test func lossLinePassesThroughExpectedPixel() throws {
    let chart = LineChart.trainingHistory(loss: [1, 2, 3, 4], validationLoss: [4, .nan, 2, 1])
    let plan = try chart.plan()
    #expect(plan.areas.count == 1)  // no accuracy: one panel
    let area = plan.areas[0].0
    let canvas = try chart.render()
    let onLine = area.point(2.5, 2.5)  // training goes from (2, 2) to (3, 3)
    #expect(canvas.pixel(x: Int(onLine.x), y: Int(onLine.y)) == LineChart.trainingColor)
    let start = area.point(1, 1)
    #expect(canvas.pixel(x: Int(start.x), y: Int(start.y)) == LineChart.trainingColor)
    // Validation skips the NaN at epoch 2: nothing drawn half-way between epochs 1 and 2 on its line.
    let gap = area.point(1.5, 3.5)
    #expect(canvas.pixel(x: Int(gap.x), y: Int(gap.y)) != LineChart.validationColor)
    let after = area.point(3.5, 1.5)
    #expect((-2...2).contains { dx in canvas.pixel(x: Int(after.x) + dx, y: Int(after.y)) == LineChart.validationColor })
}

@Test func historyWithAccuracyHasTwoPanelsAndLogLossWorks() throws {
    let chart = LineChart.trainingHistory(loss: [2, 0.5, 0.1, 0.02], accuracy: [0.5, 0.7, 0.9, 0.95], logLoss: true)
    let plan = try chart.plan()
    #expect(plan.areas.count == 2)
    #expect(plan.areas[0].0.logY && !plan.areas[1].0.logY)
    #expect(plan.areas[0].0.bottom < plan.areas[1].0.top)
    let canvas = try chart.render()
    let p = plan.areas[0].0.point(3, 0.1)
    #expect(canvas.pixel(x: Int(p.x), y: Int(p.y)) == LineChart.trainingColor)
    #expect(throws: PlotError.noData("every series")) {
        try LineChart.trainingHistory(loss: [.nan, .infinity]).render()
    }
}

@Test func imageGridPixelsAndErrors() throws {
    // Two 2x2 images; per-image normalization maps each one's minimum to black and maximum to white.
    let grid = ImageGrid(images: [[0, 1, 2, 3], [10, 10, 10, 20]], imageHeight: 2, imageWidth: 2,
                         labels: ["zero", "one"], width: 200, height: 120)
    let canvas = try grid.render()
    var found: [Color] = []
    for y in 0..<120 { for x in 0..<200 { if let c = canvas.pixel(x: x, y: y), c.red == c.green, c.red == c.blue { found.append(c) } } }
    #expect(found.contains(.black) && found.contains(Color(red: 85, green: 85, blue: 85)))
    #expect(found.contains(Color(red: 170, green: 170, blue: 170)))
    #expect(throws: PlotError.self) { try ImageGrid(images: [[1, 2, 3]], imageHeight: 2, imageWidth: 2).render() }
    #expect(throws: PlotError.self) { try ImageGrid(images: [[1]], imageHeight: 1, imageWidth: 1, channels: 2).render() }
    #expect(throws: PlotError.self) { try ImageGrid(images: [[1]], imageHeight: 1, imageWidth: 1, columns: 3).render() }
    #expect(throws: PlotError.noData("the list of images")) { try ImageGrid(images: [], imageHeight: 1, imageWidth: 1).render() }
    #expect(throws: PlotError.self) {
        try ImageGrid(images: [[Float](repeating: 0, count: 900 * 900)], imageHeight: 900, imageWidth: 900).render()
    }
}

@Test func imageGridScalesSmallImagesUpAsSquares() throws {
    // One black pixel in the top-left corner of a white 8x8 image, in a 200x200 picture: the room left
    // inside the 8-pixel margins of a small (compact) picture is 184, so each source pixel becomes a
    // 23x23 square.
    let image: [Float] = (0..<64).map { $0 == 0 ? 0 : 1 }
    let canvas = try ImageGrid(images: [image], imageHeight: 8, imageWidth: 8, normalization: .none, colorBar: false,
                               width: 200, height: 200).render()
    var black: [(x: Int, y: Int)] = []
    for y in 0..<200 { for x in 0..<200 where canvas.pixel(x: x, y: y) == .black { black.append((x, y)) } }
    #expect(black.count == 23 * 23)
    #expect(black.map(\.x).max()! - black.map(\.x).min()! == 22)
    #expect(black.map(\.y).max()! - black.map(\.y).min()! == 22)
}

@Test func chartSizesOutOfRangeThrow() throws {
    let points = [LabeledPoint(x: 0, y: 0, label: 0)]
    #expect(throws: PlotError.invalidSize(width: 100, height: 100, minimumWidth: 240, minimumHeight: 180,
                                          maximumSide: 10_000)) {
        try ScatterChart(points: points, width: 100, height: 100).render()
    }
    #expect(throws: PlotError.self) { try ScatterChart(points: points, width: 10_001, height: 600).render() }
    #expect(throws: PlotError.self) { try (try halvesChart().with(width: 20_000)).render() }
    #expect(throws: PlotError.self) { try LineChart.trainingHistory(loss: [1], width: 800, height: 50).render() }
    #expect(throws: PlotError.self) { try ImageGrid(images: [[1]], imageHeight: 1, imageWidth: 1, width: 0).render() }
    #expect("\(PlotError.invalidSize(width: 1, height: 2, minimumWidth: 240, minimumHeight: 180, maximumSide: 10_000))"
        == "plot size 1x2 is out of range: it must be at least 240x180 and at most 10000 pixels on each side")
}

@Test func classGridChecksItsShape() throws {
    #expect(throws: PlotError.self) { try ClassGrid(rows: 2, columns: 2, classes: [0, 1, 2]) }
    #expect(throws: PlotError.self) { try ClassGrid(rows: 1, columns: 5, classes: [0, 1, 2, 3, 4]) }
    #expect(throws: PlotError.self) { try ClassGrid(rows: Int.max, columns: 3, classes: []) }
    let centers = ClassGrid.centers(xRange: 0...2, yRange: 0...1, rows: 2, columns: 2)
    #expect(centers.map(\.x) == [0.5, 1.5, 0.5, 1.5] && centers.map(\.y) == [0.25, 0.25, 0.75, 0.75])
    #expect(throws: PlotError.self) {
        try DecisionBoundaryChart(xRange: 1...1, yRange: 0...1, grid: try ClassGrid(rows: 2, columns: 2, classes: [0, 0, 0, 0]),
                                  points: []).render()
    }
}

extension DecisionBoundaryChart {
    fileprivate func with(width: Int) -> DecisionBoundaryChart {
        var copy = self
        copy.width = width
        return copy
    }
}
