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
        let font = Font.label, line = font.lineHeight
        let header = title.isEmpty ? 8 : 2 * line + 12
        try Canvas.checkSize(width: width, height: height, minimumWidth: 120 * columns, minimumHeight: header + rows * (4 * line + 30))
        var canvas = try Canvas(width: width, height: height)
        if !title.isEmpty { canvas.drawText(title, x: width / 2, y: 8, font: .title, anchor: .middle) }
        let cellWidth = (width - 16) / columns, cellHeight = (height - header - 8) / rows
        for (n, panel) in panels.enumerated() {
            let left = 8 + (n % columns) * cellWidth, top = header + (n / columns) * cellHeight
            let finite = panel.values.filter(\.isFinite)
            let mean = finite.isEmpty ? 0 : finite.reduce(0, +) / Double(finite.count)
            let std = finite.isEmpty ? 0 : (finite.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(finite.count)).squareRoot()
            canvas.drawText(ChartLayout.fitted(panel.title, maximumWidth: cellWidth - 12, font: font), x: left + cellWidth / 2, y: top, anchor: .middle)
            let stats = finite.isEmpty ? "no values" : "mean \(HistogramGrid.format(mean))  std \(HistogramGrid.format(std))"
            canvas.drawText(ChartLayout.fitted(stats, maximumWidth: cellWidth - 12, font: font), x: left + cellWidth / 2, y: top + line,
                            Palette.secondaryInk, anchor: .middle)
            // The bars' box: below the two heading lines, above the range labels.
            let boxLeft = left + 10, boxTop = top + 2 * line + 6
            let boxWidth = cellWidth - 20, boxHeight = cellHeight - 4 * line - 14
            guard boxWidth > 4, boxHeight > 4 else { continue }
            let (counts, range) = HistogramGrid.counts(panel.values, bins: bins)
            let tallest = max(counts.max() ?? 0, 1)
            let barColor = Palette.color(4)
            for (i, count) in counts.enumerated() where count > 0 {
                let x0 = boxLeft + i * boxWidth / bins, x1 = boxLeft + (i + 1) * boxWidth / bins
                let h = max(1, count * boxHeight / tallest)
                canvas.fillRect(x: x0, y: boxTop + boxHeight - h, width: max(1, x1 - x0 - 1), height: h, barColor)
            }
            canvas.fillRect(x: boxLeft, y: boxTop + boxHeight, width: boxWidth, height: 1, Palette.ink)
            let labelY = boxTop + boxHeight + 4
            if !finite.isEmpty {
                canvas.drawText(HistogramGrid.format(range.lowerBound), x: boxLeft, y: labelY, Palette.secondaryInk)
                canvas.drawText(HistogramGrid.format(range.upperBound), x: boxLeft + boxWidth, y: labelY, Palette.secondaryInk, anchor: .end)
            }
        }
        return canvas
    }
}
