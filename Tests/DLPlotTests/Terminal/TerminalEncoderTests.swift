import Foundation
import Testing
@testable import DLPlot

// Each encoder against its specification, on pictures small enough to work out by hand.

private let red = Color(hex: 0xFF0000), white = Color.white, blue = Color(hex: 0x0000FF)

private func canvas(_ rows: [[Color]]) throws -> Canvas {
    var c = try Canvas(width: rows[0].count, height: rows.count)
    for (y, row) in rows.enumerated() { for (x, color) in row.enumerated() { c.setPixel(x: x, y: y, color) } }
    return c
}

@Test func kittySplitsTheBase64IntoChunksOf4096WithMOnAllButTheLast() throws {
    let png = (0 ..< 4000).map { UInt8(truncatingIfNeeded: $0 * 7) }  // 5336 base64 bytes: two chunks
    let escapes = KittyGraphics.escapes(png: png)
    #expect(escapes.count == 2)
    #expect(escapes[0].hasPrefix("\u{1B}_Ga=T,f=100,q=2,m=1;"))
    #expect(escapes[1].hasPrefix("\u{1B}_Gm=0;"))  // later chunks carry only m
    #expect(escapes.allSatisfy { $0.hasSuffix("\u{1B}\\") })
    let payloads = escapes.map { e -> String in
        let body = e.dropFirst(3).dropLast(2)
        return String(body[body.index(after: body.firstIndex(of: ";")!)...])
    }
    #expect(payloads[0].count == 4096 && payloads[1].count == 5336 - 4096)
    #expect(Data(base64Encoded: payloads.joined()).map { [UInt8]($0) } == png)
    // A small image is one escape with m=0 and the column count when asked.
    #expect(KittyGraphics.escapes(png: [1, 2, 3], columns: 40) == ["\u{1B}_Ga=T,f=100,q=2,c=40,m=0;AQID\u{1B}\\"])
}

@Test func itermSendsTheFileInlineWithItsSizeAndBase64Name() {
    // "chart.png" in base64 is Y2hhcnQucG5n; [1, 2, 3] is AQID (RFC 4648).
    #expect(ITermInlineImage.encode(png: [1, 2, 3]) ==
        "\u{1B}]1337;File=name=Y2hhcnQucG5n;size=3;width=auto;height=auto;preserveAspectRatio=1;inline=1:AQID\u{07}")
}

@Test func tmuxPassthroughDoublesEveryEscape() {
    #expect(TmuxPassthrough.wrap("\u{1B}_Gm=0;AQID\u{1B}\\") == "\u{1B}Ptmux;\u{1B}\u{1B}_Gm=0;AQID\u{1B}\u{1B}\\\u{1B}\\")
}

@Test func sixelOfAThreeByTwoPictureWorkedByHand() throws {
    // red red white / red white white. Three pixels each: the tie puts red (0xFF0000) first.
    // Red:   column 0 rows 0,1 -> bits 0b11 -> '?'+3 = 'B'; column 1 row 0 -> '@'; column 2 empty, dropped.
    // White: column 0 -> '?', column 1 row 1 -> 'A', column 2 rows 0,1 -> 'B'.
    let image = try canvas([[red, red, white], [red, white, white]])
    #expect(Sixel.encode(image) ==
        "\u{1B}P0;1;0q\"1;1;3;2#0;2;100;0;0#1;2;100;100;100#0B@$#1?AB\u{1B}\\")
}

@Test func sixelRepeatsRunsAndStartsANewBandEverySixRows() throws {
    let line = try canvas([[Color](repeating: blue, count: 10)])
    #expect(Sixel.encode(line) == "\u{1B}P0;1;0q\"1;1;10;1#0;2;0;0;100#0!10@\u{1B}\\")
    let tall = try canvas([[Color]](repeating: [blue], count: 7))
    // Six rows make '~' (all six bits), then '-' and the seventh row alone ('@').
    #expect(Sixel.encode(tall) == "\u{1B}P0;1;0q\"1;1;1;7#0;2;0;0;100#0~-#0@\u{1B}\\")
    #expect(Sixel.percent(128) == 50 && Sixel.percent(255) == 100 && Sixel.percent(0) == 0)
}

@Test func sixelQuantizesManyColoursToTheRegisterLimit() throws {
    var image = try Canvas(width: 64, height: 64)
    for y in 0 ..< 64 { for x in 0 ..< 64 { image.setPixel(x: x, y: y, Color(red: UInt8(x * 4), green: UInt8(y * 4), blue: 100)) } }
    let (palette, indices) = ColorQuantizer.quantize(image, maximumColors: 16)
    #expect(palette.count == 16 && indices.count == 64 * 64 && indices.allSatisfy { $0 < 16 })
    let text = Sixel.encode(image, maximumColors: 16)
    #expect(text.contains("#15;2;") && !text.contains("#16;"))
}

@Test func halfBlocksPutTheTopPixelInFrontAndTheBottomBehind() throws {
    let image = try canvas([[red, blue], [white, .black]])
    #expect(HalfBlocks.encode(image, trueColor: true) ==
        "\u{1B}[38;2;255;0;0;48;2;255;255;255m\u{2580}\u{1B}[38;2;0;0;255;48;2;0;0;0m\u{2580}\u{1B}[0m\n")
    // 256 colours: red is cube entry 16+36*5 = 196, white 231, blue 21, black 16.
    #expect(HalfBlocks.encode(image, trueColor: false) ==
        "\u{1B}[38;5;196;48;5;231m\u{2580}\u{1B}[38;5;21;48;5;16m\u{2580}\u{1B}[0m\n")
    // An odd last row leaves the lower half to the terminal's background (49); a repeated pair is not restated.
    let odd = try canvas([[red, red]])
    #expect(HalfBlocks.encode(odd, trueColor: false) == "\u{1B}[38;5;196;49m\u{2580}\u{2580}\u{1B}[0m\n")
}

@Test func xterm256PicksTheNearestCubeOrGreyEntry() {
    // xterm's 256-colour table: 178 is #D7AF00, 244 is #808080, 231 #FFFFFF.
    #expect(HalfBlocks.xterm256(Color(hex: 0xE69F00)) == 178)
    #expect(HalfBlocks.xterm256(Color(hex: 0x808080)) == 244)
    #expect(HalfBlocks.xterm256(.white) == 231)
}

@Test func detectionFollowsTheEnvironmentAndNeverWritesOffATerminal() {
    func detect(_ env: [String: String], tty: Bool = true, da: String? = nil, passthrough: Bool = false) -> TerminalGraphics {
        TerminalGraphics.detect(environment: env, isTerminal: tty, deviceAttributes: da, tmuxPassthrough: passthrough)
    }
    #expect(detect(["KITTY_WINDOW_ID": "1", "TERM": "xterm-kitty"]).kind == .kitty)
    #expect(detect(["TERM_PROGRAM": "iTerm.app"]).kind == .iterm)
    #expect(detect(["TERM_PROGRAM": "WezTerm"]).kind == .iterm)
    #expect(detect(["TERM": "foot"]).kind == .sixel)
    #expect(detect(["TERM": "xterm"], da: "\u{1B}[?63;1;2;4;6;9;15;22c").kind == .sixel)
    #expect(detect(["TERM": "xterm"], da: "\u{1B}[?62;1;2;6;9;15;22c") == TerminalGraphics(.blocks))
    #expect(detect(["TERM": "xterm-256color", "COLORTERM": "truecolor"]) == TerminalGraphics(.blocks, trueColor: true))
    #expect(detect(["TERM": "dumb"]).kind == .off)
    // The override decides, except off a terminal.
    #expect(detect(["KITTY_WINDOW_ID": "1", "DLNB_IMAGES": "blocks"]).kind == .blocks)
    #expect(detect(["DLNB_IMAGES": "sixel"]).kind == .sixel)
    #expect(detect(["DLNB_IMAGES": "kitty"], tty: false).kind == .off)
    #expect(detect(["KITTY_WINDOW_ID": "1"], tty: false).kind == .off)
    #expect(TerminalGraphics.unknownOverride(in: ["DLNB_IMAGES": "png"]) == "png")
    #expect(TerminalGraphics.unknownOverride(in: ["DLNB_IMAGES": "Kitty"]) == nil)
    // tmux: kitty through passthrough when allowed, else blocks; sixel always falls back.
    let tmux = ["TMUX": "/tmp/tmux-1000/default,1,0", "TERM": "tmux-256color", "KITTY_WINDOW_ID": "1"]
    #expect(detect(tmux, passthrough: true) == TerminalGraphics(.kitty, throughTmux: true))
    #expect(detect(tmux, passthrough: false) == TerminalGraphics(.blocks))
    #expect(detect(["TMUX": "x", "TERM": "foot"], passthrough: true) == TerminalGraphics(.blocks))
}

@Test func renderingFitsTheTerminalAndSaysNothingWhenOff() throws {
    let chart = try Fixtures.spiralChart(width: 320, height: 240)
    let image = try TerminalImage(chart: chart)
    #expect(TerminalGraphics(.off).render(image, columns: 80, rows: 24).isEmpty)
    let blocks = TerminalGraphics(.blocks).render(image, columns: 41, rows: 100)
    let lines = blocks.split(separator: "\n")
    // 40 columns wide: 320x240 shrinks to 40x30 pixels, 15 lines of half blocks.
    #expect(lines.count == 15)
    #expect(lines.allSatisfy { $0.filter { $0 == "\u{2580}" }.count == 40 })
    let sixel = TerminalGraphics(.sixel).render(image, columns: 80, rows: 24, pixelWidth: 160)
    #expect(sixel.hasPrefix("\u{1B}P0;1;0q\"1;1;158;119"))
    let wrapped = TerminalGraphics(.kitty, throughTmux: true).render(image, columns: 80, rows: 24)
    #expect(wrapped.hasPrefix("\u{1B}Ptmux;\u{1B}\u{1B}_Ga=T,f=100"))
}

@Test func aDecodedPNGIsComposedOverWhite() throws {
    let decoded = DecodedImage(width: 2, height: 1, pixels: [0, 0, 0, 0, 0, 0, 0, 255])
    let c = try Canvas(decoded: decoded)
    #expect(c.pixel(x: 0, y: 0) == .white && c.pixel(x: 1, y: 0) == .black)
    let half = try Canvas(width: 4, height: 2, background: red).resampled(width: 2, height: 1)
    #expect(half.width == 2 && half.pixel(x: 1, y: 0) == red)
}

@Test func brailleDotsFollowTheUnicodeLayout() {
    // [0, 1] in one cell: (x 0, y 3) to (x 1, y 0) in four steps: left column rows 3 and 2 (0x40, 0x04),
    // right column rows 1 and 0 (0x10, 0x08): U+2800 + 0x5C.
    let grid = BrailleChart.cells([[0, 1]], columns: 1, rows: 1)
    #expect(grid == [[BrailleChart.Cell(dots: 0x5C, series: 1)]])
    #expect(BrailleChart.text(grid) == ["\u{285C}"])
    // A flat series sits in the middle; a second series is coloured apart.
    let two = BrailleChart.cells([[1, 1, 1, 1], [0, 2]], columns: 2, rows: 1)
    #expect(two[0].allSatisfy { $0.series & 1 != 0 })
    #expect(BrailleChart.text(two, colors: ["36", "33"])[0].hasPrefix("\u{1B}[36m"))
    #expect(BrailleChart.range(of: [[.nan, 3]]) == 2.5...3.5)
}

@Test func theTrainingCurveLabelsItsRange() {
    let lines = TrainingCurve.lines(training: [1.2, 0.6, 0.3], validation: [1.3, 0.7, 0.5], columns: 10, rows: 3)
    #expect(lines.count == 3)
    #expect(lines[0].hasSuffix("\u{1B}[0m 1.3") && lines[2].hasSuffix("\u{1B}[0m 0.3"))
    #expect(lines.allSatisfy { $0.filter { ("\u{2800}" ... "\u{28FF}").contains($0) }.count == 10 })
}
