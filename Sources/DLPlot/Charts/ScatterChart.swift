/// A 2-d scatter of points coloured (and shaped) by class, with axes, a title and a legend: `plot data`.
public struct ScatterChart: Chart {
    public var points: [LabeledPoint]
    /// Names of the classes in the legend, by index; missing ones read `class K`.
    public var classNames: [String]
    public var title: String
    public var xLabel: String?
    public var yLabel: String?
    /// The axes' ranges; nil fits the data with a margin.
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    public var width: Int
    public var height: Int

    /// The smallest picture whose margins, ticks and legend still fit.
    public static let minimumSize = (width: 240, height: 180)

    public init(points: [LabeledPoint], classNames: [String] = [], title: String = "Data",
                xLabel: String? = nil, yLabel: String? = nil, xRange: ClosedRange<Double>? = nil,
                yRange: ClosedRange<Double>? = nil, width: Int = 800, height: Int = 600) {
        self.points = points
        self.classNames = classNames
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xRange = xRange
        self.yRange = yRange
        self.width = width
        self.height = height
    }

    /// - Throws: ``PlotError/invalidSize(width:height:minimumWidth:minimumHeight:maximumSide:)``,
    ///   ``PlotError/noData(_:)`` for no points, ``PlotError/invalidArgument(_:)`` for an empty or
    ///   non-finite range.
    public func render() throws -> Canvas {
        try Canvas.checkSize(width: width, height: height, minimumWidth: Self.minimumSize.width,
                             minimumHeight: Self.minimumSize.height)
        guard !points.isEmpty else { throw PlotError.noData("the list of points") }
        let xRange = self.xRange ?? DataRange.padded(points.map(\.x))
        let yRange = self.yRange ?? DataRange.padded(points.map(\.y))
        try DataRange.check(xRange, "x")
        try DataRange.check(yRange, "y")
        let legend = ClassLegend.entries(labels: points.map(\.label), names: classNames)
        var canvas = try Canvas(width: width, height: height)
        let frame = try ClassFrame(width: width, height: height, xRange: xRange, yRange: yRange, title: title,
                                   xLabel: xLabel, yLabel: yLabel, legend: legend)
        Axes.drawGrid(frame.area, x: frame.x, y: frame.y, on: &canvas)
        ClassFrame.drawPoints(points, area: frame.area, layout: frame.layout, on: &canvas)
        frame.drawFurniture(title: title, legend: legend, points: points, on: &canvas)
        return canvas
    }
}

/// The legend entries of classified data.
enum ClassLegend {
    /// One entry per class from 0 to the largest label present (at most 64), in class colours and shapes.
    static func entries(labels: [Int], names: [String]) -> [LegendEntry] {
        let largest = max(labels.max() ?? -1, names.count - 1)
        guard largest >= 0 else { return [] }
        return (0...min(largest, 63)).map { k in
            LegendEntry(.marker(MarkerShape.forClass(k), Palette.color(k)),
                        k < names.count ? names[k] : "class \(k)")
        }
    }
}

/// The layout shared by the scatter and the decision boundary: a plot area with axes, a title above and
/// the legend to the right.
struct ClassFrame {
    let layout: ChartLayout
    let area: PlotArea
    let x: AxisSpec
    let y: AxisSpec
    /// The legend goes inside the plot area (a small picture) rather than to its right.
    let legendInside: Bool

    /// - Throws: ``PlotError/invalidArgument(_:)`` when the labels and legend leave less than 40 by 40
    ///   pixels for the data.
    init(width: Int, height: Int, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, title: String,
         xLabel: String?, yLabel: String?, legend: [LegendEntry]) throws {
        layout = ChartLayout(width: width, height: height)
        x = AxisSpec.linear(xRange, title: xLabel, target: max(4, width / 90))
        y = AxisSpec.linear(yRange, title: yLabel, target: max(4, height / 70))
        legendInside = !Legend.fitsBeside(legend, layout: layout)
        let rect = layout.dataRect(title: !title.isEmpty, xLabel: xLabel != nil, yLabel: yLabel != nil,
                                   yTickLabels: y.ticks.map(\.label), lastXTickLabel: x.ticks.last?.label ?? "",
                                   legendWidth: legendInside ? 0 : Legend.size(legend, layout: layout).width)
        guard rect.right - rect.left >= 40, rect.bottom - rect.top >= 40 else {
            throw PlotError.invalidArgument(
                "a plot of \(width)x\(height) leaves no room for the data beside its labels and legend; "
                    + "make it larger")
        }
        area = PlotArea(left: rect.left, top: rect.top, width: rect.right - rect.left,
                        height: rect.bottom - rect.top, xRange: xRange, yRange: yRange)
    }

    /// Axes, title and legend (drawn after the data, so that they stay on top); a legend inside the area
    /// goes to the corner that hides the fewest of `points`.
    func drawFurniture(title: String, legend: [LegendEntry], points: [LabeledPoint], on canvas: inout Canvas) {
        Axes.draw(area, x: x, y: y, layout: layout, on: &canvas)
        Axes.drawTitle(title, over: area, layout: layout, on: &canvas)
        if legendInside {
            let maximum = area.width / 2
            let box = Legend.size(legend, layout: layout, maximum: maximum)
            let corner = Legend.insideCorner(box, area: area, gap: layout.gap, points: points.map { area.point($0.x, $0.y) })
            Legend.draw(legend, x: corner.x, y: corner.y, layout: layout, maximum: maximum, on: &canvas)
        } else {
            Legend.draw(legend, x: area.right + layout.gap * 2, y: area.top, layout: layout, on: &canvas)
        }
    }

    /// The points inside the area as markers in their class colours, with dark edges.
    static func drawPoints(_ points: [LabeledPoint], area: PlotArea, layout: ChartLayout, on canvas: inout Canvas) {
        for point in points where area.xRange.contains(point.x) && area.yRange.contains(point.y) {
            canvas.drawMarker(MarkerShape.forClass(point.label), center: area.point(point.x, point.y),
                              radius: layout.markerRadius, fill: Palette.color(point.label),
                              edgeWidth: Double(layout.scale))
        }
    }
}

extension DataRange {
    /// `aspect="equal"`: `x` and `y` widened about their centres (never narrowed) so that one data unit
    /// spans as many pixels across as up in the plot area of a class chart (scatter or decision
    /// boundary) of this size, title, axis labels and legend; circles stay round.
    /// - Throws: the errors of the chart's layout (a size too small, a non-finite range).
    public static func equalAspect(x: ClosedRange<Double>, y: ClosedRange<Double>, width: Int, height: Int,
                                   title: String, xLabel: String?, yLabel: String?, labels: [Int],
                                   classNames: [String]) throws -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        try DataRange.check(x, "x")
        try DataRange.check(y, "y")
        let legend = ClassLegend.entries(labels: labels, names: classNames)
        var (xr, yr) = (x, y)
        // Twice: the widened range's tick labels can change the plot area a little.
        for _ in 0 ..< 2 {
            let area = try ClassFrame(width: width, height: height, xRange: xr, yRange: yr, title: title,
                                      xLabel: xLabel, yLabel: yLabel, legend: legend).area
            let xPerPixel = (x.upperBound - x.lowerBound) / Double(max(area.width, 1))
            let yPerPixel = (y.upperBound - y.lowerBound) / Double(max(area.height, 1))
            let unit = max(xPerPixel, yPerPixel)
            let (xc, yc) = ((x.lowerBound + x.upperBound) / 2, (y.lowerBound + y.upperBound) / 2)
            let (xh, yh) = (unit * Double(area.width) / 2, unit * Double(area.height) / 2)
            (xr, yr) = ((xc - xh)...(xc + xh), (yc - yh)...(yc + yh))
        }
        return (xr, yr)
    }
}
