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
