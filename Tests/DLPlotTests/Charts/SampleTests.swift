import Foundation
import Testing
@testable import DLPlot

/// Writes the sample pictures to look at by eye when `DLPLOT_SAMPLES` names a folder
/// (`DLPLOT_SAMPLES=/tmp/plot-samples swift test --filter DLPlotTests`); does nothing otherwise.
@Test func writeSamplesWhenAsked() throws {
    guard let folder = ProcessInfo.processInfo.environment["DLPLOT_SAMPLES"] else { return }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let text = [PNGText.statement("sample"), .software("test")]
    try Fixtures.spiralChart().write(to: folder + "/boundary.png", text: text)
    try Fixtures.spiralChart(width: 400, height: 300).write(to: folder + "/boundary-small.png", text: text)
    try ScatterChart(points: Fixtures.spiralPoints(), xLabel: "x1", yLabel: "x2")
        .write(to: folder + "/scatter.png", text: text)
    try ScatterChart(points: Fixtures.spiralPoints(), xLabel: "x1", yLabel: "x2", width: 300, height: 200)
        .write(to: folder + "/scatter-small.png", text: text)
    try Fixtures.history().write(to: folder + "/loss.png", text: text)
    var smallHistory = Fixtures.history()
    (smallHistory.width, smallHistory.height) = (300, 200)
    try smallHistory.write(to: folder + "/loss-small.png", text: text)
    var logLoss = Fixtures.history()
    logLoss.panels[0].logY = true
    logLoss.panels[0].series[0].values[5] = .nan
    try logLoss.write(to: folder + "/loss-log.png", text: text)
    for (suffix, width, height) in [("", 800, 600), ("-small", 300, 200)] {
        try ImageGrid(images: Fixtures.shapes(), imageHeight: 16, imageWidth: 16, labels: (0..<12).map { "shape \($0)" },
                      normalization: .global, title: "Shapes", width: width, height: height)
            .write(to: folder + "/images\(suffix).png", text: text)
    }
    try ImageGrid(images: Fixtures.shapes(count: 64, side: 8), imageHeight: 8, imageWidth: 8, normalization: .global)
        .write(to: folder + "/images-64.png", text: text)
    try ImageGrid(images: [[0, 1, 2, 3], [1, 2, 3, 4]], imageHeight: 2, imageWidth: 2, normalization: .global,
                  width: 400, height: 300).write(to: folder + "/images-bar.png", text: text)
    var canvas = try Canvas(width: 600, height: 160)
    let ascii = String((32...126).map { Character(Unicode.Scalar($0)) })
    canvas.drawText(String(ascii.prefix(48)), x: 10, y: 6)
    canvas.drawText(String(ascii.dropFirst(48)), x: 10, y: 22)
    canvas.drawText("Title: spiral (0.25) \u{00B0}\u{00B1}\u{00B5}\u{00B7}\u{00D7}\u{2026}\u{2192}\u{2212}", x: 10, y: 40, font: .title)
    canvas.drawText("small 10px: Training history 0.25", x: 10, y: 64, font: Font(size: 10))
    canvas.drawVerticalText("vertical", centerX: 560, centerY: 80)
    canvas.strokeLine(from: Point(x: 10, y: 90), to: Point(x: 300, y: 150), width: 2, .black)
    canvas.strokeLine(from: Point(x: 10, y: 150), to: Point(x: 300, y: 100), width: 2, Palette.color(4), style: .dashed)
    for (k, shape) in MarkerShape.allCases.enumerated() {
        canvas.drawMarker(shape, center: Point(x: 340 + Double(k) * 30, y: 120), radius: 8, fill: Palette.color(k))
    }
    try PNGWriter.write(canvas, to: folder + "/canvas.png")
}
