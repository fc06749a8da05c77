/// One curve of a line chart.
public struct LineSeries: Sendable, Equatable {
    public var name: String
    /// The y values; NaN and infinite ones (and non-positive ones on a log axis) leave a gap.
    public var values: [Double]
    /// The x value of each y value; nil numbers them 1, 2, 3, ... (epochs).
    public var x: [Double]?
    public var color: Color
    public var style: LineStyle

    public init(name: String, values: [Double], x: [Double]? = nil, color: Color, style: LineStyle = .solid) {
        self.name = name
        self.values = values
        self.x = x
        self.color = color
        self.style = style
    }

    /// The points of the series as `(x, y)`.
    var points: [(x: Double, y: Double)] {
        values.enumerated().map { k, y in (x.flatMap { k < $0.count ? $0[k] : nil } ?? Double(k + 1), y) }
    }
}

/// A panel of a line chart: curves that share a y axis.
public struct LinePanel: Sendable, Equatable {
    public var yLabel: String
    public var series: [LineSeries]
    /// Whether the y axis is logarithmic (useful for losses that fall by orders of magnitude).
    public var logY: Bool

    public init(yLabel: String, series: [LineSeries], logY: Bool = false) {
        self.yLabel = yLabel
        self.series = series
        self.logY = logY
    }
}

/// Curves against a shared x axis, in one or more panels stacked top to bottom, each with its own y axis
/// and legend: `plot loss HISTORY FILE` (loss above, accuracy below, training solid, validation dashed).
public struct LineChart: Chart {
    public var panels: [LinePanel]
    public var title: String
    public var xLabel: String
    public var width: Int
    public var height: Int

    public static let minimumSize = (width: 240, height: 180)
    /// The colour of training curves.
    public static let trainingColor = Color(hex: 0x0072B2)
    /// The colour of validation curves (drawn dashed).
    public static let validationColor = Color(hex: 0xD55E00)

    public init(panels: [LinePanel], title: String = "", xLabel: String = "epoch", width: Int = 800,
                height: Int = 600) {
        self.panels = panels
        self.title = title
        self.xLabel = xLabel
        self.width = width
        self.height = height
    }

    /// The training history chart: a loss panel and, when any accuracy is given, an accuracy panel
    /// below it; training solid blue, validation dashed vermillion. Empty arrays are left out; values
    /// are per epoch, numbered from 1.
    public static func trainingHistory(loss: [Double], validationLoss: [Double] = [], accuracy: [Double] = [],
                                       validationAccuracy: [Double] = [], logLoss: Bool = false,
                                       title: String = "Training history", width: Int = 800,
                                       height: Int = 600) -> LineChart {
        func panel(_ label: String, _ training: [Double], _ validation: [Double], log: Bool) -> LinePanel? {
            var series: [LineSeries] = []
            if !training.isEmpty { series.append(LineSeries(name: "training", values: training, color: trainingColor)) }
            if !validation.isEmpty {
                series.append(LineSeries(name: "validation", values: validation, color: validationColor,
                                         style: .dashed))
            }
            return series.isEmpty ? nil : LinePanel(yLabel: label, series: series, logY: log)
        }
        let panels = [panel("loss", loss, validationLoss, log: logLoss),
                      panel("accuracy", accuracy, validationAccuracy, log: false)].compactMap { $0 }
        return LineChart(panels: panels, title: title, width: width, height: height)
    }

    /// - Throws: ``PlotError/invalidSize(width:height:minimumWidth:minimumHeight:maximumSide:)``,
    ///   ``PlotError/noData(_:)`` when no series has a value to draw, ``PlotError/invalidArgument(_:)``
    ///   when the panels leave no room for data.
    public func render() throws -> Canvas {
        let plan = try self.plan()
        var canvas = try Canvas(width: width, height: height)
        for (k, panel) in plan.panels.enumerated() {
            let (area, y) = plan.areas[k]
            Axes.drawGrid(area, x: plan.x, y: y, on: &canvas)
            for series in panel.series {
                let points = series.points.map { area.point($0.x, $0.y) }
                canvas.strokePolyline(points, width: plan.layout.lineWidth, series.color, style: series.style)
            }
            Axes.draw(area, x: plan.x, y: y, showXLabels: k == plan.panels.count - 1, layout: plan.layout,
                      on: &canvas)
            let legend = panel.series.map { LegendEntry(.line($0.color, $0.style), $0.name) }
            if !plan.legendInside {
                Legend.draw(legend, x: area.right + plan.layout.gap * 2, y: area.top, layout: plan.layout, on: &canvas)
            } else {
                let maximum = area.width / 2
                let box = Legend.size(legend, layout: plan.layout, maximum: maximum)
                let corner = Legend.insideCorner(box, area: area, gap: plan.layout.gap,
                                                 points: panel.series.flatMap { Self.trace($0, in: area) })
                Legend.draw(legend, x: corner.x, y: corner.y, layout: plan.layout, maximum: maximum, on: &canvas)
            }
        }
        if let first = plan.areas.first?.0 { Axes.drawTitle(title, over: first, layout: plan.layout, on: &canvas) }
        return canvas
    }

    /// Points along a series' line in pixels (its vertices and three more per segment), for placing a
    /// legend where it hides the least.
    static func trace(_ series: LineSeries, in area: PlotArea) -> [Point] {
        let vertices = series.points.map { area.point($0.x, $0.y) }.filter { $0.x.isFinite && $0.y.isFinite }
        var result = vertices
        for (a, b) in zip(vertices, vertices.dropFirst()) {
            for t in [0.25, 0.5, 0.75] { result.append(Point(x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t)) }
        }
        return result
    }

    /// Where everything goes: the panels that have data, their areas and axes.
    struct Plan {
        let layout: ChartLayout
        /// Whether the legends go inside their panels (a small chart) rather than to the right.
        let legendInside: Bool
        let panels: [LinePanel]
        let x: AxisSpec
        let areas: [(PlotArea, AxisSpec)]
    }

    /// Lays out the panels that have something to draw.
    /// - Throws: the errors of ``render()``.
    func plan() throws -> Plan {
        try Canvas.checkSize(width: width, height: height, minimumWidth: Self.minimumSize.width,
                             minimumHeight: Self.minimumSize.height)
        let shown = panels.filter { panel in panel.series.contains { series in
            series.points.contains { $0.x.isFinite && $0.y.isFinite && (!panel.logY || $0.y > 0) } } }
        guard !shown.isEmpty else { throw PlotError.noData("every series") }
        let layout = ChartLayout(width: width, height: height)
        let allX = shown.flatMap { $0.series.flatMap { $0.points.map(\.x) } }.filter(\.isFinite)
        let xRange = DataRange.padded(allX, padding: 0.02)
        let integral = allX.allSatisfy { $0 == $0.rounded() }
        var x = AxisSpec.linear(xRange, title: xLabel, target: max(4, width / 90))
        if integral { x.ticks = x.ticks.filter { $0.value == $0.value.rounded() } }
        let ys = shown.map { panel -> (AxisSpec, ClosedRange<Double>) in
            let values = panel.series.flatMap { $0.values }.filter { $0.isFinite && (!panel.logY || $0 > 0) }
            if panel.logY {
                let low = (values.min() ?? 1) / 1.25, high = (values.max() ?? 1) * 1.25
                return (.logarithmic(low...high, title: panel.yLabel), low...high)
            }
            let range = DataRange.padded(values)
            return (.linear(range, title: panel.yLabel, target: max(3, height / shown.count / 55)), range)
        }
        // A small chart puts its legends inside the panels when they do not fit beside them whole.
        let legends = shown.map { panel in panel.series.map { LegendEntry(.line($0.color, $0.style), $0.name) } }
        let inside = !legends.allSatisfy { Legend.fitsBeside($0, layout: layout) }
        let legendWidth = inside ? 0 : legends.map { Legend.size($0, layout: layout).width }.max() ?? 0
        let rect = layout.dataRect(title: !title.isEmpty, xLabel: true, yLabel: true,
                                   yTickLabels: ys.flatMap { $0.0.ticks.map(\.label) },
                                   lastXTickLabel: x.ticks.last?.label ?? "", legendWidth: legendWidth)
        let separation = layout.gap * 4
        let panelHeight = (rect.bottom - rect.top - separation * (shown.count - 1)) / shown.count
        guard rect.right - rect.left >= 40, panelHeight >= 40 else {
            throw PlotError.invalidArgument(
                "a plot of \(width)x\(height) leaves no room for \(shown.count) panels of data; make it larger")
        }
        let areas = shown.enumerated().map { k, panel in
            (PlotArea(left: rect.left, top: rect.top + k * (panelHeight + separation), width: rect.right - rect.left,
                      height: panelHeight, xRange: xRange, yRange: ys[k].1, logY: panel.logY), ys[k].0)
        }
        return Plan(layout: layout, legendInside: inside, panels: shown, x: x, areas: areas)
    }
}
