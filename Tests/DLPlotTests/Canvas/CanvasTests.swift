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
    canvas.drawText("far", x: Int.max, y: Int.min, font: Font(size: Int.max))
    canvas.drawVerticalText("far", centerX: Int.min, centerY: Int.max, font: Font(size: -4))
    canvas.fillRect(x: Int.max, y: Int.max, width: Int.max, height: 3, .black)
    #expect(canvas == before)
    // A dashed line across the canvas from a point a trillion pixels away is clipped, not dashed out there.
    canvas.strokeLine(from: Point(x: -1e12, y: 15), to: Point(x: 1e12, y: 15), width: 2, .black, style: .dashed)
    #expect(canvas != before)
}

@Test func textIsMeasuredAndDrawnInItsBox() throws {
    #expect(Canvas.measureText("ab") == (15, 14))  // (1255 + 1300) / 2048 * 12 = 14.97 up; line 11 + 3
    #expect(Canvas.measureText("", font: .title) == (0, 19))
    var canvas = try Canvas(width: 40, height: 20)
    canvas.drawText("H", x: 2, y: 0, .black)
    // H at 12 pixels: stems about 1.5 pixels wide at x 3...4 and 8...9, 9 rows from y 2 to 10, the bar
    // across the middle; the counter between the stems is white above and below the bar.
    #expect(canvas.pixel(x: 3, y: 4)!.red < 100 && canvas.pixel(x: 9, y: 4)!.red < 100)
    #expect(canvas.pixel(x: 6, y: 4) == .white)
    #expect((5...7).contains { canvas.pixel(x: 6, y: $0)!.red < 100 })  // the bar
    #expect((0..<40).allSatisfy { canvas.pixel(x: $0, y: 12) == .white })  // nothing below the baseline
    // Some pixels are partly covered: the text is anti-aliased.
    #expect((0..<40).contains { x in (0..<20).contains { y in (1...254).contains(canvas.pixel(x: x, y: y)!.red) } })
    canvas.drawText("\u{1F600}", x: 20, y: 0, .black)  // characters the font lacks are drawn as '?'
    var question = try Canvas(width: 40, height: 20)
    question.drawText("?", x: 20, y: 0, .black)
    #expect((0..<40).allSatisfy { x in (0..<20).allSatisfy { y in x < 18 || canvas.pixel(x: x, y: y) == question.pixel(x: x, y: y) } })
}

@Test func verticalTextIsTheHorizontalTextTurned() throws {
    var across = try Canvas(width: 60, height: 14)
    across.drawText("Loss", x: 30, y: 0, .black, anchor: .middle)
    var up = try Canvas(width: 14, height: 60)
    up.drawVerticalText("Loss", centerX: 7, centerY: 30, .black)
    // Turning counter-clockwise sends pixel (x, y) of the line to (y, 59 - x).
    for x in 0..<60 {
        for y in 0..<14 { #expect(across.pixel(x: x, y: y) == up.pixel(x: y, y: 59 - x), "(\(x), \(y))") }
    }
}

@Test func sizesNotEmbeddedAreResampledFromAnEmbeddedOne() throws {
    var canvas = try Canvas(width: 200, height: 60)
    canvas.drawText("H", x: 10, y: 0, font: Font(size: 48), .black)  // from the 32-pixel bitmaps, 1.5 times
    let dark = (0..<200).flatMap { x in (0..<60).map { (x, $0) } }.filter { canvas.pixel(x: $0.0, y: $0.1)!.red < 128 }
    let rows = Set(dark.map(\.1))
    #expect(abs(rows.count - 35) <= 2)  // cap height 1493 / 2048 * 48 = 35
}
