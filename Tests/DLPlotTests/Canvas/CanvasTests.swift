import Testing
@testable import DLPlot

@Test func canvasSizesOutOfRangeThrow() {
    #expect(throws: PlotError.invalidSize(width: 0, height: 5, minimumWidth: 1, minimumHeight: 1, maximumSide: 10_000)) {
        try Canvas(width: 0, height: 5)
    }
    #expect(throws: PlotError.self) { try Canvas(width: 10_001, height: 5) }
    #expect(throws: PlotError.self) { try Canvas(width: -3, height: -3) }
}

@Test func thickLineCoversItsRowsAndNotMore() throws {
    var canvas = try Canvas(width: 100, height: 20)
    canvas.strokeLine(from: Point(x: 5, y: 10), to: Point(x: 95, y: 10), width: 2, .black)
    #expect(canvas.pixel(x: 50, y: 9) == .black)  // covers y 9...11: rows 9 and 10 fully
    #expect(canvas.pixel(x: 50, y: 10) == .black)
    #expect(canvas.pixel(x: 50, y: 12) == .white)
    #expect(canvas.pixel(x: 50, y: 7) == .white)
    #expect(canvas.pixel(x: 98, y: 10) == .white)
}

@Test func dashedLineHasGaps() throws {
    var canvas = try Canvas(width: 100, height: 10)
    canvas.strokeLine(from: Point(x: 0, y: 5), to: Point(x: 100, y: 5), width: 2, .black, style: .dashed(on: 10, off: 10))
    #expect(canvas.pixel(x: 5, y: 4) == .black)   // first dash: 0...10
    #expect(canvas.pixel(x: 15, y: 4) == .white)  // gap: 10...20 (ends are round: 1 pixel)
    #expect(canvas.pixel(x: 25, y: 4) == .black)
}

@Test func circlesAndMarkers() throws {
    var canvas = try Canvas(width: 40, height: 40)
    canvas.drawMarker(.circle, center: Point(x: 20.5, y: 20.5), radius: 8, fill: Palette.color(0), edgeWidth: 2)
    #expect(canvas.pixel(x: 20, y: 20) == Palette.color(0))
    #expect(canvas.pixel(x: 13, y: 20) == Palette.markerEdge)  // the edge: 7.5 from the centre, within 8
    #expect(canvas.pixel(x: 2, y: 20) == .white)
    canvas.fillPolygon([Point(x: 0, y: 0), Point(x: 10, y: 0), Point(x: 10, y: 10), Point(x: 0, y: 10)], .black)
    #expect(canvas.pixel(x: 5, y: 5) == .black && canvas.pixel(x: 11, y: 5) == .white)
}

@Test func drawingFarOutsideOrWithNonFiniteNumbersDoesNotTrap() throws {
    var canvas = try Canvas(width: 30, height: 30)
    let before = canvas
    canvas.strokeLine(from: Point(x: .nan, y: 0), to: Point(x: 1e300, y: .infinity), width: 3, .black)
    canvas.strokeLine(from: Point(x: -1e12, y: 40), to: Point(x: 1e12, y: 40), width: 3, .black, style: .dashed)
    canvas.strokeLine(from: Point(x: 0, y: 0), to: Point(x: 10, y: 10), width: .nan, .black)
    canvas.fillCircle(center: Point(x: .infinity, y: 3), radius: 1e300, .black)
    canvas.drawMarker(.triangle, center: Point(x: -1e300, y: 1e300), radius: 5, fill: .black)
    canvas.drawText("far", x: Int.max, y: Int.min, scale: Int.max)
    canvas.drawVerticalText("far", centerX: Int.min, centerY: Int.max, scale: -4)
    canvas.fillRect(x: Int.max, y: Int.max, width: Int.max, height: 3, .black)
    #expect(canvas == before)
    // A dashed line across the canvas from a point a trillion pixels away is clipped, not dashed out there.
    canvas.strokeLine(from: Point(x: -1e12, y: 15), to: Point(x: 1e12, y: 15), width: 2, .black, style: .dashed)
    #expect(canvas != before)
}

@Test func textIsMeasuredAndDrawnInItsBox() throws {
    #expect(Canvas.measureText("ab") == (11, 9))
    #expect(Canvas.measureText("ab", scale: 2) == (22, 18))
    #expect(Canvas.measureText("") == (0, 9))
    var canvas = try Canvas(width: 40, height: 20)
    canvas.drawText("H", x: 2, y: 3, .black)
    #expect(canvas.pixel(x: 2, y: 3) == .black)   // H's left stem
    #expect(canvas.pixel(x: 6, y: 3) == .black)   // and its right stem
    #expect(canvas.pixel(x: 4, y: 3) == .white)
    #expect(canvas.pixel(x: 4, y: 6) == .black)   // the bar, row 3
    canvas.drawText("\u{1F600}\n", x: 20, y: 3, .black)  // unprintable characters are drawn as '?'
    #expect(canvas.pixel(x: 21, y: 3) == .black)
}

@Test func everyPrintableGlyphHasInkExceptSpace() {
    #expect(BitmapFont.glyphs.count == 95 * BitmapFont.glyphHeight)
    for code in 33...126 {
        let rows = BitmapFont.rows(of: Unicode.Scalar(UInt8(code)))
        #expect(rows.contains { $0 != 0 }, "glyph \(code) is blank")
        #expect(rows.allSatisfy { $0 < 32 }, "glyph \(code) is wider than 5")
    }
}
