import Foundation
import Testing
@testable import DLPlot

@Test func equalAspectGivesOneUnitTheSameLengthAcrossAndUp() throws {
    let labels = [0, 1, 2]
    let r = try DataRange.equalAspect(x: -1...1, y: -0.5...0.5, width: 800, height: 600, title: "t", xLabel: "x",
                                      yLabel: "y", labels: labels, classNames: [])
    let area = try ClassFrame(width: 800, height: 600, xRange: r.x, yRange: r.y, title: "t", xLabel: "x", yLabel: "y",
                              legend: ClassLegend.entries(labels: labels, names: [])).area
    let xPerPixel = (r.x.upperBound - r.x.lowerBound) / Double(area.width)
    let yPerPixel = (r.y.upperBound - r.y.lowerBound) / Double(area.height)
    #expect(abs(xPerPixel / yPerPixel - 1) < 0.02)
    // Widened, never narrowed, about the same centre.
    #expect(r.x.lowerBound <= -1 && r.x.upperBound >= 1 && r.y.lowerBound <= -0.5 && r.y.upperBound >= 0.5)
    #expect(abs(r.y.lowerBound + r.y.upperBound) < 1e-9)
}

@Test func aSmallChartPutsItsLegendInsideAndALargeOneBeside() throws {
    let legend = ClassLegend.entries(labels: [0, 1, 2], names: [])
    let small = try ClassFrame(width: 300, height: 200, xRange: 0...1, yRange: 0...1, title: "t", xLabel: nil, yLabel: nil, legend: legend)
    #expect(small.legendInside && small.area.right > 270)
    let large = try ClassFrame(width: 800, height: 600, xRange: 0...1, yRange: 0...1, title: "t", xLabel: nil, yLabel: nil, legend: legend)
    #expect(!large.legendInside && large.area.right < 700)
}

@Test func everySeriesColourStandsOutOnWhite() {
    // WCAG contrast ratio against white, (1.05) / (L + 0.05), with sRGB relative luminance.
    func contrast(_ c: Color) -> Double {
        func linear(_ v: UInt8) -> Double {
            let x = Double(v) / 255
            return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055 * 1).power(2.4)
        }
        let l = 0.2126 * linear(c.red) + 0.7152 * linear(c.green) + 0.0722 * linear(c.blue)
        return 1.05 / (l + 0.05)
    }
    // Okabe and Ito's yellow (#F0E442) measures 1.32 and is gone; the weakest left is sky blue, 2.3.
    #expect(Palette.okabeIto.allSatisfy { contrast($0) > 2.2 })
}

private extension Double {
    func power(_ e: Double) -> Double { Foundation.pow(self, e) }
}

@Test func everyChartKindDrawsAt300x200() throws {
    // `plot loss` at 300x200 used to be refused: two panels left no room. A small chart is compact now.
    let history = Fixtures.history()
    #expect(history.panels.count == 2)
    var small = history
    (small.width, small.height) = (300, 200)
    let plan = try small.plan()
    #expect(plan.legendInside && plan.areas.allSatisfy { $0.0.height >= 40 && $0.0.width >= 200 })
    _ = try small.render()
    _ = try Fixtures.spiralChart(width: 300, height: 200).render()
    _ = try ScatterChart(points: Fixtures.spiralPoints(), xLabel: "x1", yLabel: "x2", width: 300, height: 200).render()
    _ = try ImageGrid(images: Fixtures.shapes(), imageHeight: 16, imageWidth: 16, normalization: .global,
                      width: 300, height: 200).render()
    let panels = (0..<4).map { HistogramGrid.Panel(title: "layer \($0)", values: (0..<50).map { Double($0) }) }
    _ = try HistogramGrid(panels: panels, title: "Weights per layer", width: 300, height: 200).render()
}

@Test func anInsideLegendTakesTheCornerWithTheLeastData() {
    let area = PlotArea(left: 0, top: 0, width: 100, height: 100, xRange: 0...1, yRange: 0...1)
    let box = (width: 30, height: 20)
    // Nothing anywhere: upper right. Data in the upper right: upper left. Data in both upper corners:
    // lower left (matplotlib's order of preference for ties).
    #expect(Legend.insideCorner(box, area: area, gap: 4, points: []) == (66, 4))
    let upperRight = [Point(x: 80, y: 10), Point(x: 90, y: 15)]
    #expect(Legend.insideCorner(box, area: area, gap: 4, points: upperRight) == (4, 4))
    #expect(Legend.insideCorner(box, area: area, gap: 4, points: upperRight + [Point(x: 10, y: 10)]) == (4, 76))
}

@Test func greyImagesOnOneScaleHaveAColourBarFromBlackToWhite() throws {
    // Two 2x2 images with values 0...4 on one scale: the bar runs from black (0, at the bottom) to white
    // (4, at the top), with ticks 0, 1, 2, 3, 4 (one format: no decimals for a step of 1).
    let grid = ImageGrid(images: [[0, 1, 2, 3], [1, 2, 3, 4]], imageHeight: 2, imageWidth: 2, normalization: .global,
                         width: 400, height: 300)
    #expect(grid.showsColorBar)
    let layout = ChartLayout(width: 400, height: 300)
    let bar = ImageGrid.ColorBar(range: grid.globalRange(), layout: layout)
    #expect(bar.axis.ticks.map(\.label) == ["0", "1", "2", "3", "4"])
    let canvas = try grid.render()
    // Somewhere right of the images, a column whose grey darkens steadily from white to black over at
    // least a third of the picture's height.
    func isBar(_ x: Int) -> Bool {
        let greys = (0..<300).compactMap { canvas.pixel(x: x, y: $0) }.filter { $0.red == $0.green && $0.green == $0.blue }
        // White background, the dark frame, then the ramp down to the frame at the bottom.
        let values = Array(greys.map { Int($0.red) }.drop { $0 != 255 }.drop { $0 == 255 }.dropFirst())
        var ramp: [Int] = []
        for v in values {
            if let last = ramp.last, v > last { break }
            ramp.append(v)
        }
        return ramp.count > 100 && (ramp.first ?? 0) >= 250 && (ramp.last ?? 255) <= 5
    }
    #expect((200..<400).contains(where: isBar))
    #expect(!(0..<200).contains(where: isBar))
    // In the smallest picture the bar would leave the images no room: it is left out, not the images.
    #expect(throws: Never.self) {
        try ImageGrid(images: Fixtures.shapes(count: 4, side: 16), imageHeight: 16, imageWidth: 16,
                      normalization: .global, width: 64, height: 64).render()
    }
    #expect(!ImageGrid(images: [[0, 1, 2, 3]], imageHeight: 2, imageWidth: 2).showsColorBar)  // per image: no one scale
    #expect(!ImageGrid(images: [[Float](repeating: 0, count: 12)], imageHeight: 2, imageWidth: 2, channels: 3,
                       normalization: .global).showsColorBar)  // colour images
}
