import Testing
@testable import DLPlot

// Reference values from DejaVuSans.ttf 2.35 (the copy matplotlib 3.11.2 bundles, which make_font.py
// rasterised), read with fontTools 4: hmtx advances and kern pairs in font units (2048 per em), and
// outline areas from fontTools.pens.areaPen.AreaPen scaled by (size / 2048)^2.

@Test func advancesAreTheFontsOwn() {
    // hmtx: '0' 1303, '.' 651, 'a' 1255, 'W' 2025, 'i' 569, ' ' 651 units.
    let font = Font(size: 256)  // an eighth of a unit per pixel, exactly
    for (character, units) in [("0", 1303.0), (".", 651), ("a", 1255), ("W", 2025), ("i", 569), (" ", 651)] {
        #expect(font.advance(Unicode.Scalar(character)!) * 8 == units, "\(character)")
    }
    #expect(abs(Font(size: 12).advance("0") - 1303.0 * 12 / 2048) < 1e-12)
}

@Test func kerningPairsComeFromTheKernTable() {
    // kern: A-V -131, T-y -319, L-T -282, Y-o -272 units; P-, has none.
    let font = Font(size: 256)
    #expect(font.kerning("A", "V") * 8 == -131)
    #expect(font.kerning("T", "y") * 8 == -319)
    #expect(font.kerning("L", "T") * 8 == -282)
    #expect(font.kerning("Y", "o") * 8 == -272)
    #expect(font.kerning("P", ",") == 0)
}

@Test func textWidthIsTheSumOfAdvancesAndKerning() {
    // "Training history": 15776 units with kerning, 92.44 pixels at 12; "AVA" 3941 units; "0.25" 4560.
    #expect(Font(size: 12).width(of: "Training history") == 93)
    #expect(Font(size: 256).layout("Training history").width * 8 == 15776)
    #expect(Font(size: 256).layout("AVA").width * 8 == 3941)
    #expect(Canvas.measureText("AVA", font: Font(size: 256)).width == 493)  // 492.6 rounded up
    #expect(Font(size: 12).width(of: "0.25") == 27)  // 26.72 rounded up
    #expect(Font(size: 12).width(of: "") == 0)
}

@Test func glyphCoverageMatchesTheOutlinesArea() throws {
    // The coverage of an anti-aliased glyph sums to the area of its outline (hinting moves a little ink).
    for (character, size, area) in [("H", 12, 24.99), ("H", 16, 44.43), ("o", 12, 18.48), ("O", 16, 47.96), ("8", 12, 26.44)] {
        let (glyph, scale) = try #require(Font(size: size).glyph(Unicode.Scalar(character)!))
        #expect(scale == 1)
        let ink = Double(glyph.coverage.reduce(0) { $0 + Int($1) }) / 255
        #expect(abs(ink - area) / area < 0.12, "\(character) at \(size): \(ink) against \(area)")
    }
}

@Test func everyCharacterHasAGlyphAtEverySizeAndOnlySpaceIsBlank() {
    #expect(Font.embeddedSizes == [10, 12, 16, 20, 24, 32])
    let count = DejaVuSans.characters.unicodeScalars.count
    #expect(count == 95 + 8 && DejaVuSans.advanceUnits.count == count)
    for size in Font.embeddedSizes {
        let face = DejaVuSans.faces[size] ?? []
        #expect(face.count == count)
        for (k, scalar) in DejaVuSans.characters.unicodeScalars.enumerated() where k < face.count {
            let g = face[k]
            #expect(g.coverage.count == g.width * g.height)
            #expect((scalar == " ") == g.coverage.allSatisfy { $0 == 0 }, "\(scalar) at \(size)")
        }
    }
    #expect(DejaVuSans.kerning.count == 220)
}

@Test func capitalsSitOnTheBaselineAndReachTheCapHeight() throws {
    // H at 12 pixels: cap height 1493 / 2048 * 12 = 8.75, so 9 rows ending on the baseline.
    let (glyph, _) = try #require(Font.label.glyph("H"))
    #expect(glyph.top + glyph.height == 0)
    #expect(glyph.height == 9 && Font.label.capHeight == 9)
    #expect(Font.label.ascent == 11 && Font.label.descent == 3)  // hhea 1901 and 483 units
}

@Test func textTooWideIsCutWithAnEllipsis() {
    let font = Font.label
    // "Training history" is 92.4 pixels at 12; in 50 the ellipsis (2048 units: 12 pixels) leaves 38:
    // "Traini" (5483 units with the T-r kerning, 32.1 pixels) fits, "Trainin" (6781 units, 39.7) does not.
    #expect(ChartLayout.fitted("Training history", maximumWidth: 50, font: font) == "Traini\u{2026}")
    #expect(font.width(of: "Traini\u{2026}") <= 50)
    #expect(ChartLayout.fitted("Training history", maximumWidth: 200, font: font) == "Training history")
    #expect(ChartLayout.fitted("Training history", maximumWidth: 5, font: font) == "")
    let long = String(repeating: "w", count: 200_000)
    #expect(ChartLayout.fitted(long, maximumWidth: 100, font: font).unicodeScalars.count < 20)
}
