/// Sizes of a chart's furniture (margins, ticks, text) for a picture size, and the rectangle left for
/// the data once title, tick labels, axis labels and legend have their room.
///
/// Everything scales with ``scale``: 1 up to 1599x1199 pixels, 2 from 1600x1200, and so on, so that a
/// large picture does not have tiny text. A small picture (under 480x360) is ``compact``: smaller text
/// (10 and 12 pixels instead of 12 and 16) and narrower margins, so that its data keeps most of the room.
struct ChartLayout {
    let width: Int
    let height: Int
    /// The factor for text, line widths and spacing.
    let scale: Int

    /// A small picture: smaller text and margins.
    let compact: Bool

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        scale = max(1, min(width / 800, height / 600, 8))
        compact = width < 480 || height < 360
    }

    var padding: Int { (compact ? 6 : 12) * scale }
    var gap: Int { (compact ? 4 : 6) * scale }
    var tickLength: Int { (compact ? 3 : 5) * scale }
    /// Tick labels, axis labels, legends.
    var textFont: Font { Font(size: (compact ? 10 : 12) * scale) }
    /// The title.
    var titleFont: Font { Font(size: (compact ? 12 : 16) * scale) }
    var textHeight: Int { textFont.lineHeight }
    var titleHeight: Int { titleFont.lineHeight }
    var lineWidth: Double { 2 * Double(scale) }
    var markerRadius: Double { min(max(Double(width) / 180, 3), 4.5) * Double(scale) }

    /// The rectangle for data: `(left, top, right, bottom)` in pixels, `right` and `bottom` exclusive.
    /// - Parameters:
    ///   - title: whether a title line goes above.
    ///   - xLabel, yLabel: whether the axes have labels.
    ///   - yTickLabels: every y tick label, to make room for the widest.
    ///   - lastXTickLabel: the x tick label at the right edge (half of it hangs past the area).
    ///   - legendWidth: the width of the legend to the right of the area, 0 for none.
    func dataRect(title: Bool, xLabel: Bool, yLabel: Bool, yTickLabels: [String], lastXTickLabel: String,
                  legendWidth: Int) -> (left: Int, top: Int, right: Int, bottom: Int) {
        let widest = yTickLabels.map { textFont.width(of: $0) }.max() ?? 0
        let left = padding + (yLabel ? textHeight + gap : 0) + widest + gap / 2 + tickLength + scale
        let top = padding + (title ? titleHeight + gap : gap)
        let overhang = textFont.width(of: lastXTickLabel) / 2
        let right = width - padding - max(legendWidth > 0 ? legendWidth + gap * 2 : 0, overhang)
        let bottom = height - padding - (xLabel ? textHeight + gap : 0) - textHeight - gap / 2 - tickLength
        return (left, top, right, bottom)
    }

    /// `text` cut to fit `maximumWidth` pixels in `font`, ending in `…` when cut.
    static func fitted(_ text: String, maximumWidth: Int, font: Font) -> String {
        let (positions, width) = font.layout(text)
        guard width.rounded(.up) > Double(maximumWidth) else { return text }
        // The longest start whose pen position, plus the ellipsis, fits (one pass: a long text stays fast).
        let room = Double(maximumWidth) - font.advance("\u{2026}")
        var count = 0
        while count < positions.count, positions[count].1 + font.advance(positions[count].0) <= room { count += 1 }
        guard count > 0 || room >= 0 else { return "" }
        var cut = String.UnicodeScalarView()
        cut.append(contentsOf: positions.prefix(count).map(\.0))
        return String(cut) + "\u{2026}"
    }
}
