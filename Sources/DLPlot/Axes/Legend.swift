/// One row of a legend: a symbol and its text.
public struct LegendEntry: Sendable, Equatable {
    /// What stands for the entry.
    public enum Symbol: Sendable, Equatable {
        /// A data-point marker.
        case marker(MarkerShape, Color)
        /// A short stretch of line.
        case line(Color, LineStyle)
        /// A filled square (a region's colour).
        case patch(Color)
    }

    public var symbol: Symbol
    public var text: String

    public init(_ symbol: Symbol, _ text: String) {
        self.symbol = symbol
        self.text = text
    }
}

/// Drawing legends: a light box with one row per entry, placed to the right of the data.
enum Legend {
    /// The width of the symbol column.
    static func symbolWidth(_ layout: ChartLayout) -> Int { (layout.compact ? 16 : 24) * layout.scale }

    /// The widest a legend may be: a quarter of the picture. Longer texts are cut with `..`.
    static func maximumWidth(_ layout: ChartLayout) -> Int { layout.width / 4 }

    /// The width of the legend with every text whole.
    static func naturalWidth(_ entries: [LegendEntry], layout: ChartLayout) -> Int {
        let textWidth = entries.map { layout.textFont.width(of: $0.text) }.max() ?? 0
        return layout.gap * 3 + symbolWidth(layout) + textWidth
    }

    /// Whether the legend fits to the right of the data without cutting its texts; a small (compact)
    /// chart, or one whose legend would take more than a quarter of its width, puts it inside the plot
    /// area instead (top right, over the data, on its white box), as matplotlib always does.
    static func fitsBeside(_ entries: [LegendEntry], layout: ChartLayout) -> Bool {
        !layout.compact && naturalWidth(entries, layout: layout) <= maximumWidth(layout)
    }

    /// The size of the legend box for `entries` (0 by 0 for none), at most `maximum` wide (default: a
    /// quarter of the picture).
    static func size(_ entries: [LegendEntry], layout: ChartLayout, maximum: Int? = nil) -> (width: Int, height: Int) {
        guard !entries.isEmpty else { return (0, 0) }
        let width = min(naturalWidth(entries, layout: layout), maximum ?? maximumWidth(layout))
        return (width, layout.gap + entries.count * rowHeight(layout))
    }

    /// The top-left corner for a legend box inside `area`, `gap` in from its edges, in the corner that
    /// hides the fewest of `points` (pixel positions of the data), as matplotlib's `loc="best"`; ties go
    /// to the upper right, then upper left, lower left, lower right.
    static func insideCorner(_ box: (width: Int, height: Int), area: PlotArea, gap: Int, points: [Point]) -> (x: Int, y: Int) {
        let right = area.right - box.width - gap, left = area.left + gap
        let top = area.top + gap, bottom = area.bottom - box.height - gap
        let corners = [(right, top), (left, top), (left, bottom), (right, bottom)]
        var best = corners[0], fewest = Int.max
        for (x, y) in corners {
            let (x0, x1) = (Double(x - gap / 2), Double(x + box.width + gap / 2))
            let (y0, y1) = (Double(y - gap / 2), Double(y + box.height + gap / 2))
            let hidden = points.reduce(0) { $0 + ($1.x >= x0 && $1.x < x1 && $1.y >= y0 && $1.y < y1 ? 1 : 0) }
            if hidden < fewest { (best, fewest) = ((x, y), hidden) }
        }
        return best
    }

    static func rowHeight(_ layout: ChartLayout) -> Int { layout.textHeight + layout.gap / 2 }

    /// Draws the legend with its top-left corner at `(x, y)`.
    static func draw(_ entries: [LegendEntry], x: Int, y: Int, layout: ChartLayout, maximum: Int? = nil,
                     on canvas: inout Canvas) {
        let box = size(entries, layout: layout, maximum: maximum)
        guard box.width > 0 else { return }
        canvas.fillRect(x: x, y: y, width: box.width, height: box.height, .white)
        canvas.strokeRect(x: x, y: y, width: box.width, height: box.height, Color(hex: 0xBBBBBB))
        let symbolWidth = symbolWidth(layout)
        let textRoom = box.width - layout.gap * 3 - symbolWidth
        for (row, entry) in entries.enumerated() {
            let top = y + layout.gap * 3 / 4 + row * rowHeight(layout)
            let middle = Double(top + layout.textFont.ascent) - Double(layout.textFont.capHeight) / 2
            let symbolLeft = Double(x + layout.gap), symbolCentre = symbolLeft + Double(symbolWidth) / 2
            switch entry.symbol {
            case let .marker(shape, color):
                canvas.drawMarker(shape, center: Point(x: symbolCentre, y: middle), radius: layout.markerRadius,
                                  fill: color, edgeWidth: Double(layout.scale))
            case let .line(color, style):
                canvas.strokeLine(from: Point(x: symbolLeft, y: middle),
                                  to: Point(x: symbolLeft + Double(symbolWidth), y: middle),
                                  width: layout.lineWidth, color, style: style)
            case let .patch(color):
                let side = layout.textFont.capHeight + 2 * layout.scale
                let left = Int(symbolCentre) - side / 2, patchTop = Int(middle) - side / 2
                canvas.fillRect(x: left, y: patchTop, width: side, height: side, color)
                canvas.strokeRect(x: left, y: patchTop, width: side, height: side, Color(hex: 0x888888))
            }
            let text = ChartLayout.fitted(entry.text, maximumWidth: textRoom, font: layout.textFont)
            canvas.drawText(text, x: x + layout.gap * 2 + symbolWidth, y: top, font: layout.textFont)
        }
    }
}
