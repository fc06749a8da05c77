/// The ticks and label of one axis.
struct AxisSpec {
    /// Tick positions in data units, with their labels.
    var ticks: [(value: Double, label: String)]
    /// The axis title, or nil.
    var title: String?

    /// A linear axis over `range` with 1-2-5 ticks.
    static func linear(_ range: ClosedRange<Double>, title: String?, target: Int = 6) -> AxisSpec {
        let ticks = Ticks.linear(range.lowerBound, range.upperBound, target: target)
        return AxisSpec(ticks: ticks.values.map { ($0, Ticks.label($0, step: ticks.step)) }, title: title)
    }

    /// A logarithmic axis over `range` (positive).
    static func logarithmic(_ range: ClosedRange<Double>, title: String?) -> AxisSpec {
        AxisSpec(ticks: Ticks.logarithmic(range.lowerBound, range.upperBound).map { ($0, Ticks.logLabel($0)) },
                 title: title)
    }
}

/// Drawing the furniture of a chart around a ``PlotArea``: grid lines, axis lines, ticks, tick labels,
/// axis titles and the chart title.
enum Axes {
    static let axisColor = Palette.ink
    static let frameColor = Color(hex: 0xB0B0B0)

    /// Light lines across the area at every tick (drawn before the data).
    static func drawGrid(_ area: PlotArea, x: AxisSpec?, y: AxisSpec, on canvas: inout Canvas) {
        for tick in x?.ticks ?? [] {
            let px = Int(area.pixelX(tick.value).rounded(.down))
            if px > area.left, px < area.right - 1 {
                canvas.fillRect(x: px, y: area.top, width: 1, height: area.height, Palette.grid)
            }
        }
        for tick in y.ticks {
            let py = Int(area.pixelY(tick.value).rounded(.down))
            if py > area.top, py < area.bottom - 1 {
                canvas.fillRect(x: area.left, y: py, width: area.width, height: 1, Palette.grid)
            }
        }
    }

    /// The frame, axis lines, ticks and labels; `x` nil leaves the x tick labels and title out (for a
    /// panel above another that shares its x axis).
    static func draw(_ area: PlotArea, x: AxisSpec, y: AxisSpec, showXLabels: Bool = true, layout: ChartLayout,
                     on canvas: inout Canvas) {
        let s = layout.scale
        // A light frame on top and right, the axes proper on the left and bottom, just outside the area.
        canvas.fillRect(x: area.left - s, y: area.top - s, width: area.width + 2 * s, height: s, frameColor)
        canvas.fillRect(x: area.right, y: area.top - s, width: s, height: area.height + 2 * s, frameColor)
        canvas.fillRect(x: area.left - s, y: area.top - s, width: s, height: area.height + 2 * s, axisColor)
        canvas.fillRect(x: area.left - s, y: area.bottom, width: area.width + 2 * s, height: s, axisColor)

        for tick in x.ticks {
            let px = Int(area.pixelX(tick.value).rounded(.down))
            guard px >= area.left - 1, px <= area.right else { continue }
            canvas.fillRect(x: px, y: area.bottom + s, width: s, height: layout.tickLength, axisColor)
            if showXLabels {
                canvas.drawText(tick.label, x: px, y: area.bottom + s + layout.tickLength + layout.gap / 2,
                                font: layout.textFont, Palette.secondaryInk, anchor: .middle)
            }
        }
        for tick in y.ticks {
            let py = Int(area.pixelY(tick.value).rounded(.down))
            guard py >= area.top - 1, py <= area.bottom else { continue }
            canvas.fillRect(x: area.left - s - layout.tickLength, y: py, width: layout.tickLength, height: s, axisColor)
            canvas.drawText(tick.label, x: area.left - s - layout.tickLength - layout.gap / 2, y: py,
                            font: layout.textFont, Palette.secondaryInk, anchor: .end, baseline: .middle)
        }
        if showXLabels, let title = x.title {
            let text = ChartLayout.fitted(title, maximumWidth: area.width, font: layout.textFont)
            canvas.drawText(text, x: area.left + area.width / 2,
                            y: area.bottom + s + layout.tickLength + layout.gap + layout.textHeight,
                            font: layout.textFont, anchor: .middle)
        }
        if let title = y.title {
            let text = ChartLayout.fitted(title, maximumWidth: area.height, font: layout.textFont)
            canvas.drawVerticalText(text, centerX: layout.padding + layout.textHeight / 2,
                                    centerY: area.top + area.height / 2, font: layout.textFont)
        }
    }

    /// The chart title, centred over the area (or the picture when it would not fit), cut to the width.
    static func drawTitle(_ title: String, over area: PlotArea, layout: ChartLayout, on canvas: inout Canvas) {
        guard !title.isEmpty else { return }
        let text = ChartLayout.fitted(title, maximumWidth: layout.width - 2 * layout.padding, font: layout.titleFont)
        let textWidth = layout.titleFont.width(of: text)
        var centre = area.left + area.width / 2
        centre = min(max(centre, layout.padding + textWidth / 2), layout.width - layout.padding - textWidth / 2)
        canvas.drawText(text, x: centre, y: layout.padding, font: layout.titleFont, anchor: .middle)
    }
}
