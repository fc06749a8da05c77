/// A regression model against its data: points, and a line to judge them by. `plot regression` draws the
/// predictions against the targets with the line y = x (a perfect model puts every point on it);
/// `plot fit` draws the data of a 1-d problem with the model's curve through it.
public struct RegressionChart: Chart {
    /// The line drawn with the points.
    public enum Reference: Sendable, Equatable {
        /// The diagonal y = x across the plot, dashed: where predictions equal targets.
        case identity
        /// A curve through `(x[k], y[k])`, in order, solid (the model's predictions over a grid).
        case curve(x: [Double], y: [Double])
    }

    /// The points' coordinates, in pairs.
    public var x: [Double]
    public var y: [Double]
    public var reference: Reference
    /// The legend's words for the points and for the line.
    public var pointsName: String
    public var lineName: String
    public var title: String
    public var xLabel: String?
    public var yLabel: String?
    public var width: Int
    public var height: Int

    public static let minimumSize = (width: 240, height: 180)
    /// The colour of the points (sky blue) and of the model's curve (vermillion).
    static let pointColor = Palette.color(1)
    static let curveColor = Palette.color(4)

    public init(x: [Double], y: [Double], reference: Reference, pointsName: String, lineName: String,
                title: String, xLabel: String? = nil, yLabel: String? = nil, width: Int = 800, height: Int = 600) {
        self.x = x
        self.y = y
        self.reference = reference
        self.pointsName = pointsName
        self.lineName = lineName
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.width = width
        self.height = height
    }

    /// - Throws: ``PlotError/invalidSize(width:height:minimumWidth:minimumHeight:maximumSide:)``,
    ///   ``PlotError/noData(_:)`` for no points, ``PlotError/invalidArgument(_:)`` for coordinates that
    ///   do not pair up or no finite ones.
    public func render() throws -> Canvas {
        try Canvas.checkSize(width: width, height: height, minimumWidth: Self.minimumSize.width,
                             minimumHeight: Self.minimumSize.height)
        guard !x.isEmpty else { throw PlotError.noData("the list of points") }
        guard x.count == y.count else {
            throw PlotError.invalidArgument("\(x.count) x values and \(y.count) y values do not pair up")
        }
        guard zip(x, y).contains(where: { $0.isFinite && $1.isFinite }) else {
            throw PlotError.invalidArgument("no point has finite coordinates")
        }
        var (xRange, yRange): (ClosedRange<Double>, ClosedRange<Double>)
        let lineStyle: LineStyle, lineColor: Color
        switch reference {
        case .identity:
            // One range for both axes, so that the diagonal runs corner to corner.
            let both = DataRange.padded(x + y)
            (xRange, yRange) = (both, both)
            (lineStyle, lineColor) = (.dashed, Palette.boundary)
        case .curve(let cx, let cy):
            xRange = DataRange.padded(x + cx)
            yRange = DataRange.padded(y + cy)
            (lineStyle, lineColor) = (.solid, Self.curveColor)
        }
        try DataRange.check(xRange, "x")
        try DataRange.check(yRange, "y")
        let legend = [LegendEntry(.marker(.circle, Self.pointColor), pointsName), LegendEntry(.line(lineColor, lineStyle), lineName)]
        var canvas = try Canvas(width: width, height: height)
        let frame = try ClassFrame(width: width, height: height, xRange: xRange, yRange: yRange, title: title,
                                   xLabel: xLabel, yLabel: yLabel, legend: legend)
        let area = frame.area, layout = frame.layout
        Axes.drawGrid(area, x: frame.x, y: frame.y, on: &canvas)
        // Smaller markers than a class scatter's: a regression data set has many points close together.
        let radius = layout.markerRadius * 0.8
        for (px, py) in zip(x, y) where xRange.contains(px) && yRange.contains(py) {
            canvas.drawMarker(.circle, center: area.point(px, py), radius: radius, fill: Self.pointColor,
                              edgeWidth: Double(layout.scale) * 0.75)
        }
        // The line goes over the points, so that it stays visible where they are dense.
        switch reference {
        case .identity:
            let low = max(xRange.lowerBound, yRange.lowerBound), high = min(xRange.upperBound, yRange.upperBound)
            canvas.strokeLine(from: area.point(low, low), to: area.point(high, high), width: layout.lineWidth,
                              lineColor, style: lineStyle)
        case .curve(let cx, let cy):
            canvas.strokePolyline(zip(cx, cy).map { area.point($0, $1) }, width: layout.lineWidth, lineColor)
        }
        // A legend inside the area goes to the corner with the fewest points and the least of the line.
        var occupied = zip(x, y).map { LabeledPoint(x: $0, y: $1, label: 0) }
        switch reference {
        case .identity:
            let low = max(xRange.lowerBound, yRange.lowerBound), high = min(xRange.upperBound, yRange.upperBound)
            occupied += (0 ... 20).map { k in
                let v = low + (high - low) * Double(k) / 20
                return LabeledPoint(x: v, y: v, label: 0)
            }
        case .curve(let cx, let cy): occupied += zip(cx, cy).map { LabeledPoint(x: $0, y: $1, label: 0) }
        }
        frame.drawFurniture(title: title, legend: legend, points: occupied, on: &canvas)
        return canvas
    }
}
