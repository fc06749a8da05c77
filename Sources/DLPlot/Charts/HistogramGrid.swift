import Foundation

/// Histograms side by side, one per panel (a model's weights or gradients, layer by layer): each panel
/// shows its name, the range of its values on the x axis, the tallest bar's count, and the mean and
/// standard deviation, so a vanishing gradient (a spike at 0 with a tiny spread) is seen at a glance.
public struct HistogramGrid: Chart {
    public struct Panel: Sendable, Equatable {
        public var title: String
        public var values: [Double]
        public init(title: String, values: [Double]) {
            self.title = title
            self.values = values
        }
    }

    public let panels: [Panel]
    public let title: String
    public let bins: Int
    public let width: Int
    public let height: Int

    public init(panels: [Panel], title: String, bins: Int = 30, width: Int, height: Int) {
        self.panels = panels
        self.title = title
        self.bins = max(bins, 1)
        self.width = width
        self.height = height
    }

    /// The counts of `values` (finite ones) in `bins` equal bins over their range; a single value goes
    /// in the middle bin of a unit range around it.
    public static func counts(_ values: [Double], bins: Int) -> (counts: [Int], range: ClosedRange<Double>) {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return ([Int](repeating: 0, count: bins), 0...1) }
        let range = high > low ? low...high : (low - 0.5)...(high + 0.5)
        var counts = [Int](repeating: 0, count: bins)
        let span = range.upperBound - range.lowerBound
        for v in finite {
            let i = Int((v - range.lowerBound) / span * Double(bins))
            counts[min(max(i, 0), bins - 1)] += 1
        }
        return (counts, range)
    }

    static func format(_ v: Double) -> String {
        if v == 0 { return "0" }
        return String(format: "%.3g", v)
    }

    public func render() throws -> Canvas {
        guard !panels.isEmpty else { throw PlotError.noData("the list of layers") }
        let columns = panels.count <= 3 ? panels.count : Int(Double(panels.count).squareRoot().rounded(.up))
        let rows = (panels.count + columns - 1) / columns
        let layout = ChartLayout(width: width, height: height)
        let font = layout.textFont, line = font.lineHeight, gap = layout.gap, margin = layout.padding
        let header = title.isEmpty ? margin : margin + layout.titleHeight + gap
        // Each panel: two heading lines, the bars (at least 24 pixels), the range labels.
        let panelFurniture = 3 * line + 2 * gap
        try Canvas.checkSize(width: width, height: height, minimumWidth: 90 * columns,
                             minimumHeight: header + margin + rows * (panelFurniture + 24 + gap))
        var canvas = try Canvas(width: width, height: height)
        if !title.isEmpty {
            let text = ChartLayout.fitted(title, maximumWidth: width - 2 * margin, font: layout.titleFont)
            canvas.drawText(text, x: width / 2, y: margin, font: layout.titleFont, anchor: .middle)
        }
        let cellWidth = (width - 2 * margin) / columns, cellHeight = (height - header - margin) / rows
        for (n, panel) in panels.enumerated() {
            let left = margin + (n % columns) * cellWidth, top = header + (n / columns) * cellHeight
            let finite = panel.values.filter(\.isFinite)
            let mean = finite.isEmpty ? 0 : finite.reduce(0, +) / Double(finite.count)
            let std = finite.isEmpty ? 0 : (finite.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(finite.count)).squareRoot()
            canvas.drawText(ChartLayout.fitted(panel.title, maximumWidth: cellWidth - gap, font: font), x: left + cellWidth / 2, y: top,
                            font: font, anchor: .middle)
            let stats = finite.isEmpty ? "no values" : "mean \(HistogramGrid.format(mean))  std \(HistogramGrid.format(std))"
            canvas.drawText(ChartLayout.fitted(stats, maximumWidth: cellWidth - gap, font: font), x: left + cellWidth / 2, y: top + line,
                            font: font, Palette.secondaryInk, anchor: .middle)
            // The bars' box: below the two heading lines, above the range labels.
            let boxLeft = left + gap, boxTop = top + 2 * line + gap
            let boxWidth = cellWidth - 2 * gap, boxHeight = cellHeight - panelFurniture - gap
            guard boxWidth > 4, boxHeight > 4 else { continue }
            let (counts, range) = HistogramGrid.counts(panel.values, bins: bins)
            let tallest = max(counts.max() ?? 0, 1)
            let barColor = Palette.color(4)
            for (i, count) in counts.enumerated() where count > 0 {
                let x0 = boxLeft + i * boxWidth / bins, x1 = boxLeft + (i + 1) * boxWidth / bins
                let h = max(1, count * boxHeight / tallest)
                canvas.fillRect(x: x0, y: boxTop + boxHeight - h, width: max(1, x1 - x0 - 1), height: h, barColor)
            }
            canvas.fillRect(x: boxLeft, y: boxTop + boxHeight, width: boxWidth, height: layout.scale, Palette.ink)
            let labelY = boxTop + boxHeight + gap / 2
            if !finite.isEmpty {
                canvas.drawText(HistogramGrid.format(range.lowerBound), x: boxLeft, y: labelY, font: font, Palette.secondaryInk)
                canvas.drawText(HistogramGrid.format(range.upperBound), x: boxLeft + boxWidth, y: labelY, font: font,
                                Palette.secondaryInk, anchor: .end)
            }
        }
        return canvas
    }
}
