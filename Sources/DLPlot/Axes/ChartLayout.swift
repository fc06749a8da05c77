/// Sizes of a chart's furniture (margins, ticks, text) for a picture size, and the rectangle left for
/// the data once title, tick labels, axis labels and legend have their room.
///
/// Everything scales with ``scale``: 1 up to 1599x1199 pixels, 2 from 1600x1200, and so on, so that a
/// large picture does not have tiny text.
struct ChartLayout {
    let width: Int
    let height: Int
    /// The factor for text, line widths and spacing.
    let scale: Int

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        scale = max(1, min(width / 800, height / 600, 8))
    }

    var padding: Int { 14 * scale }
    var gap: Int { 6 * scale }
    var tickLength: Int { 5 * scale }
    var textScale: Int { scale }
    var titleScale: Int { 2 * scale }
    var textHeight: Int { BitmapFont.glyphHeight * scale }
    var titleHeight: Int { BitmapFont.glyphHeight * titleScale }
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
        let widest = yTickLabels.map { Canvas.measureText($0, scale: textScale).width }.max() ?? 0
        let left = padding + (yLabel ? textHeight + gap * 2 : 0) + widest + gap + tickLength
        let top = padding + (title ? titleHeight + gap * 2 : 0) + (title ? 0 : gap)
        let overhang = Canvas.measureText(lastXTickLabel, scale: textScale).width / 2
        let right = width - padding - max(legendWidth > 0 ? legendWidth + gap * 2 : 0, overhang)
        let bottom = height - padding - (xLabel ? textHeight + gap * 2 : 0) - textHeight - gap - tickLength
        return (left, top, right, bottom)
    }

    /// `text` cut to fit `maximumWidth` pixels at `scale`, ending in `..` when cut.
    static func fitted(_ text: String, maximumWidth: Int, scale: Int) -> String {
        guard Canvas.measureText(text, scale: scale).width > maximumWidth else { return text }
        var scalars = Array(text.unicodeScalars)
        while !scalars.isEmpty {
            scalars.removeLast()
            var candidate = String.UnicodeScalarView()
            candidate.append(contentsOf: scalars)
            let cut = String(candidate) + ".."
            if Canvas.measureText(cut, scale: scale).width <= maximumWidth { return cut }
        }
        return ""
    }
}
