extension ImageGrid {
    /// The grey level (0 black ... 255 white) of `value` on the scale `range`; NaN and infinities are
    /// mid-grey, values outside the range are clamped. An empty range makes positive values white.
    static func level(_ value: Float, range: (low: Float, high: Float)) -> UInt8 {
        guard value.isFinite else { return 128 }
        let span = range.high - range.low
        let t = span > 0 ? (value - range.low) / span : (range.high > 0 && value > 0 ? 1 : 0)
        return UInt8((min(max(t, 0), 1) * 255).rounded())
    }

    /// The colour bar beside a grid of grey images on one scale: a vertical strip from black (the
    /// scale's low end, at the bottom) to white (its high end, at the top) with ticks and value labels
    /// on its right, as matplotlib's `colorbar()` beside `imshow(cmap="gray")`.
    struct ColorBar {
        let range: (low: Float, high: Float)
        let layout: ChartLayout
        let axis: AxisSpec

        init(range: (low: Float, high: Float), layout: ChartLayout) {
            self.range = range
            self.layout = layout
            let (low, high) = (Double(range.low), Double(range.high))
            let shown = high > low ? low...high : (low - 0.5)...(high + 0.5)
            axis = AxisSpec.linear(shown, title: nil, target: 5)
        }

        var barWidth: Int { (layout.compact ? 10 : 14) * layout.scale }

        /// The width the bar takes beside the grid: a gap, the strip, the ticks and the widest label.
        var room: Int {
            let widest = axis.ticks.map { layout.textFont.width(of: $0.label) }.max() ?? 0
            return layout.gap * 3 + barWidth + layout.tickLength + layout.gap / 2 + widest
        }

        /// Draws the strip with its top-left corner at `(x, y)`, `height` pixels tall.
        func draw(x: Int, y: Int, height: Int, on canvas: inout Canvas) {
            guard height > 1 else { return }
            let (low, high) = (Double(range.low), Double(range.high))
            let span = high > low ? high - low : 1
            let bottomValue = high > low ? low : low - 0.5
            // The value at the centre of each row, from the top (high) down.
            for row in 0..<height {
                let value = bottomValue + (Double(height - row) - 0.5) / Double(height) * (high > low ? span : 1)
                let grey = ImageGrid.level(Float(value), range: range)
                canvas.fillRect(x: x, y: y + row, width: barWidth, height: 1, Color(red: grey, green: grey, blue: grey))
            }
            canvas.strokeRect(x: x - 1, y: y - 1, width: barWidth + 2, height: height + 2, Palette.ink)
            for tick in axis.ticks {
                let fraction = (tick.value - bottomValue) / (high > low ? span : 1)
                let py = y + height - Int((fraction * Double(height)).rounded())
                guard py >= y - 1, py <= y + height else { continue }
                canvas.fillRect(x: x + barWidth + 1, y: min(py, y + height - 1), width: layout.tickLength, height: layout.scale,
                                Palette.ink)
                canvas.drawText(tick.label, x: x + barWidth + 1 + layout.tickLength + layout.gap / 2, y: py,
                                font: layout.textFont, Palette.secondaryInk, baseline: .middle)
            }
        }
    }
}
