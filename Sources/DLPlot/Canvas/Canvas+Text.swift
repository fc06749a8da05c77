/// Where a piece of text sits relative to the x coordinate it is drawn at.
public enum TextAnchor: Sendable {
    /// The text starts at x.
    case start
    /// The text is centred on x.
    case middle
    /// The text ends at x.
    case end
}

/// Where a line of text sits relative to the y coordinate it is drawn at.
public enum TextBaseline: Sendable {
    /// y is the top of the line (its ascent line).
    case top
    /// y is the middle of the capitals and digits (for a label beside a tick).
    case middle
    /// y is the baseline.
    case baseline
}

extension Canvas {
    /// The size in pixels of one line of `text` in `font`: its advance (rounded up) and the line height.
    public static func measureText(_ text: String, font: Font = .label) -> (width: Int, height: Int) {
        (font.width(of: text), font.lineHeight)
    }

    /// Draws one line of `text` in `font`, anti-aliased: placed horizontally at `x` by `anchor` and
    /// vertically at `y` by `baseline`. Characters the embedded font lacks are drawn as `?`.
    public mutating func drawText(_ text: String, x: Int, y: Int, font: Font = .label, _ color: Color = Palette.ink,
                                  anchor: TextAnchor = .start, baseline: TextBaseline = .top) {
        let (positions, width) = font.layout(text)
        var start = Double(Canvas.clampedCoordinate(x))
        switch anchor {
        case .start: break
        case .middle: start -= width / 2
        case .end: start -= width
        }
        let y = Canvas.clampedCoordinate(y)
        let base = switch baseline {
        case .top: y + font.ascent
        case .middle: y + font.capHeight / 2
        case .baseline: y
        }
        for (scalar, pen) in positions {
            let penX = Int((start + pen).rounded())
            if penX > self.width { break }
            forEachInkPixel(of: scalar, font: font) { dx, dy, coverage in
                blend(x: penX + dx, y: base + dy, color, coverage: coverage)
            }
        }
    }

    /// Draws `text` turned 90° counter-clockwise (reading upwards), as for a y-axis label, centred on
    /// `(centerX, centerY)`: the middle of its advance on `centerY`, the middle of its line on `centerX`.
    public mutating func drawVerticalText(_ text: String, centerX: Int, centerY: Int, font: Font = .label,
                                          _ color: Color = Palette.ink) {
        let (positions, width) = font.layout(text)
        let (centerX, centerY) = (Canvas.clampedCoordinate(centerX), Canvas.clampedCoordinate(centerY))
        // Text coordinates (u along the text from its start, v down from its baseline) map to
        // x = baseX + v, y = startY - u.
        let baseX = centerX - font.lineHeight / 2 + font.ascent
        let startY = Double(centerY) + width / 2
        for (scalar, pen) in positions {
            let penY = Int((startY - pen).rounded())
            if penY < 0 { break }
            forEachInkPixel(of: scalar, font: font) { du, dv, coverage in
                blend(x: baseX + dv, y: penY - 1 - du, color, coverage: coverage)
            }
        }
    }

    /// Calls `body(dx, dy, coverage)` for every pixel of `scalar`'s glyph with ink, relative to the pen on
    /// the baseline; a size that is not embedded resamples the nearest embedded bitmap bilinearly.
    private func forEachInkPixel(of scalar: Unicode.Scalar, font: Font, _ body: (Int, Int, Double) -> Void) {
        guard let (glyph, scale) = font.glyph(scalar), glyph.width > 0, glyph.height > 0 else { return }
        if scale == 1 {
            for row in 0..<glyph.height {
                for column in 0..<glyph.width {
                    let c = glyph.coverage[row * glyph.width + column]
                    if c > 0 { body(glyph.left + column, glyph.top + row, Double(c) / 255) }
                }
            }
            return
        }
        func source(_ row: Int, _ column: Int) -> Double {
            guard row >= 0, column >= 0, row < glyph.height, column < glyph.width else { return 0 }
            return Double(glyph.coverage[row * glyph.width + column]) / 255
        }
        let left = Int((Double(glyph.left) * scale).rounded(.down)), top = Int((Double(glyph.top) * scale).rounded(.down))
        let right = Int((Double(glyph.left + glyph.width) * scale).rounded(.up))
        let bottom = Int((Double(glyph.top + glyph.height) * scale).rounded(.up))
        for y in top..<max(bottom, top) {
            let sy = (Double(y) + 0.5) / scale - 0.5 - Double(glyph.top)
            let r0 = Int(sy.rounded(.down)), fy = sy - Double(r0)
            for x in left..<max(right, left) {
                let sx = (Double(x) + 0.5) / scale - 0.5 - Double(glyph.left)
                let c0 = Int(sx.rounded(.down)), fx = sx - Double(c0)
                let c = source(r0, c0) * (1 - fx) * (1 - fy) + source(r0, c0 + 1) * fx * (1 - fy)
                    + source(r0 + 1, c0) * (1 - fx) * fy + source(r0 + 1, c0 + 1) * fx * fy
                if c > 0.002 { body(x, y, min(c, 1)) }
            }
        }
    }

    /// A text position kept within a million pixels of the canvas, so that arithmetic on it cannot
    /// overflow (text that far away is not visible anyway).
    static func clampedCoordinate(_ value: Int) -> Int { min(max(value, -1_000_000), 1_000_000) }
}
