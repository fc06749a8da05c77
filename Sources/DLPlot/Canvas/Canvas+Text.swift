/// Where a piece of text sits relative to the x coordinate it is drawn at.
public enum TextAnchor: Sendable {
    /// The text starts at x.
    case start
    /// The text is centred on x.
    case middle
    /// The text ends at x.
    case end
}

extension Canvas {
    /// The size in pixels of `text` drawn at `scale` (1 for labels, 2 for titles): width from the
    /// first glyph's left edge to the last one's right edge, height from the cap line to the bottom of
    /// the descenders.
    public static func measureText(_ text: String, scale: Int = 1) -> (width: Int, height: Int) {
        let s = max(scale, 1)
        let count = text.unicodeScalars.count
        guard count > 0 else { return (0, BitmapFont.glyphHeight * s) }
        return ((count * BitmapFont.advance - 1) * s, BitmapFont.glyphHeight * s)
    }

    /// Draws one line of `text` in the bitmap font, its top (the cap line) at `y`, placed horizontally
    /// at `x` by `anchor`, each font pixel drawn as a `scale` by `scale` square (scale clamped to 1...16).
    /// Characters outside printable ASCII are drawn as `?`.
    public mutating func drawText(_ text: String, x: Int, y: Int, scale: Int = 1, _ color: Color = Palette.ink,
                                  anchor: TextAnchor = .start) {
        let s = min(max(scale, 1), 16)
        let textWidth = Canvas.measureText(text, scale: s).width
        let (x, y) = (Canvas.clampedCoordinate(x), Canvas.clampedCoordinate(y))
        var penX = x
        switch anchor {
        case .start: break
        case .middle: penX -= textWidth / 2
        case .end: penX -= textWidth
        }
        for scalar in text.unicodeScalars {
            for (row, bits) in BitmapFont.rows(of: scalar).enumerated() where bits != 0 {
                for column in 0..<5 where bits & (0x10 >> UInt8(column)) != 0 {
                    fillRect(x: penX + column * s, y: y + row * s, width: s, height: s, color)
                }
            }
            penX += BitmapFont.advance * s
            if penX > width { break }
        }
    }

    /// A text position kept within a million pixels of the canvas, so that arithmetic on it cannot
    /// overflow (text that far away is not visible anyway).
    static func clampedCoordinate(_ value: Int) -> Int { min(max(value, -1_000_000), 1_000_000) }

    /// Draws `text` turned 90° counter-clockwise (reading upwards), as for a y-axis label, centred on
    /// `(centerX, centerY)`.
    public mutating func drawVerticalText(_ text: String, centerX: Int, centerY: Int, scale: Int = 1,
                                          _ color: Color = Palette.ink) {
        let s = min(max(scale, 1), 16)
        let size = Canvas.measureText(text, scale: s)
        let (centerX, centerY) = (Canvas.clampedCoordinate(centerX), Canvas.clampedCoordinate(centerY))
        // Text coordinates (u along the text, v down the glyph) map to x = left + v, y = bottom - u.
        let left = centerX - size.height / 2, bottom = centerY + size.width / 2
        var penU = 0
        for scalar in text.unicodeScalars {
            for (row, bits) in BitmapFont.rows(of: scalar).enumerated() where bits != 0 {
                for column in 0..<5 where bits & (0x10 >> UInt8(column)) != 0 {
                    let u = penU + column * s
                    fillRect(x: left + row * s, y: bottom - u - s, width: s, height: s, color)
                }
            }
            penU += BitmapFont.advance * s
            if penU > height { break }
        }
    }
}
