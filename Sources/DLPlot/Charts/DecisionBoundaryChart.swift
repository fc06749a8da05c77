/// The article's `plot2DDataWithDecisionBoundary`: the class regions of a classifier in light colours,
/// the boundary between them as a dark line, and the data points in their class colours with dark
/// edges, with axes, a title and a legend: `plot boundary MODEL DATA FILE`.
///
/// The caller evaluates the model at ``ClassGrid/centers(xRange:yRange:rows:columns:)`` and passes the
/// predicted classes as a ``ClassGrid``. Between cell centres the regions are filled by the class that
/// wins a bilinear vote of the four nearest cells, and the boundary is traced by marching squares
/// through the midpoints between differing cells, so it comes out as connected segments at sub-cell
/// precision rather than a staircase.
public struct DecisionBoundaryChart: Chart {
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>
    public var grid: ClassGrid
    public var points: [LabeledPoint]
    /// Names of the classes in the legend, by index; missing ones read `class K`.
    public var classNames: [String]
    public var title: String
    public var xLabel: String?
    public var yLabel: String?
    public var width: Int
    public var height: Int

    /// - Parameters:
    ///   - xRange, yRange: the area the grid covers, which is the area drawn (see ``ranges(for:)``).
    ///   - grid: the predicted class of every grid cell.
    ///   - points: the data; points outside the ranges are left out.
    public init(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, grid: ClassGrid,
                points: [LabeledPoint], classNames: [String] = [], title: String = "Decision boundary",
                xLabel: String? = nil, yLabel: String? = nil, width: Int = 800, height: Int = 600) {
        self.xRange = xRange
        self.yRange = yRange
        self.grid = grid
        self.points = points
        self.classNames = classNames
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.width = width
        self.height = height
    }

    /// The ranges to draw `points` in: their extent with a margin of 8% on each side.
    public static func ranges(for points: [LabeledPoint]) -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        (DataRange.padded(points.map(\.x)), DataRange.padded(points.map(\.y)))
    }

    /// - Throws: ``PlotError/invalidSize(width:height:minimumWidth:minimumHeight:maximumSide:)``,
    ///   ``PlotError/invalidArgument(_:)`` for an empty or non-finite range.
    public func render() throws -> Canvas {
        try Canvas.checkSize(width: width, height: height, minimumWidth: ScatterChart.minimumSize.width,
                             minimumHeight: ScatterChart.minimumSize.height)
        try DataRange.check(xRange, "x")
        try DataRange.check(yRange, "y")
        let legend = ClassLegend.entries(labels: points.map(\.label) + Array(Set(grid.classes)), names: classNames)
        var canvas = try Canvas(width: width, height: height)
        let frame = try ClassFrame(width: width, height: height, xRange: xRange, yRange: yRange, title: title,
                                   xLabel: xLabel, yLabel: yLabel, legend: legend)
        let field = ClassField(grid)
        fillRegions(field, area: frame.area, on: &canvas)
        canvas.strokeSegments(boundarySegments(field, area: frame.area), width: 1.6 * Double(frame.layout.scale),
                              Palette.boundary)
        ClassFrame.drawPoints(points, area: frame.area, layout: frame.layout, on: &canvas)
        frame.drawFurniture(title: title, legend: legend, points: points, on: &canvas)
        return canvas
    }

    /// Paints every pixel of the area with the tint of the class that wins there.
    func fillRegions(_ field: ClassField, area: PlotArea, on canvas: inout Canvas) {
        let tints = field.labels.map(Palette.tint)
        for row in area.top..<area.bottom {
            // Grid coordinates measured in cells, 0 at the centre of the first cell.
            let gy = (Double(area.bottom - row) - 0.5) / Double(area.height) * Double(grid.rows) - 0.5
            for column in area.left..<area.right {
                let gx = (Double(column - area.left) + 0.5) / Double(area.width) * Double(grid.columns) - 0.5
                canvas.setPixel(x: column, y: row, tints[field.winner(atRow: gy, column: gx)])
            }
        }
    }

    /// The boundary as segments in pixel coordinates: marching squares over the squares between cell
    /// centres (and the half cells along the edges), joining the points on their sides where the scores
    /// of the two classes are equal.
    func boundarySegments(_ field: ClassField, area: PlotArea) -> [(Point, Point)] {
        // Position of the centre of column / row k; k = -1 and k = count lie on the area's edges.
        func u(_ column: Int) -> Double {
            let cells = min(max(Double(column) + 0.5, 0), Double(grid.columns))
            return Double(area.left) + cells / Double(grid.columns) * Double(area.width)
        }
        func v(_ row: Int) -> Double {
            let cells = min(max(Double(row) + 0.5, 0), Double(grid.rows))
            return Double(area.bottom) - cells / Double(grid.rows) * Double(area.height)
        }
        var segments: [(Point, Point)] = []
        for row in -1..<grid.rows {
            for column in -1..<grid.columns {
                let a = field.index(row, column), b = field.index(row, column + 1)
                let c = field.index(row + 1, column), d = field.index(row + 1, column + 1)
                let wa = field.winners[a], wb = field.winners[b], wc = field.winners[c], wd = field.winners[d]
                if wa == wb, wb == wc, wc == wd { continue }
                let x0 = u(column), x1 = u(column + 1), y0 = v(row), y1 = v(row + 1)
                var crossings: [Point] = []
                if wa != wb { crossings.append(Point(x: x0 + (x1 - x0) * field.crossing(a, b), y: y0)) }  // bottom
                if wb != wd { crossings.append(Point(x: x1, y: y0 + (y1 - y0) * field.crossing(b, d))) }  // right
                if wc != wd { crossings.append(Point(x: x0 + (x1 - x0) * field.crossing(c, d), y: y1)) }  // top
                if wa != wc { crossings.append(Point(x: x0, y: y0 + (y1 - y0) * field.crossing(a, c))) }  // left
                if crossings.count == 2 {
                    segments.append((crossings[0], crossings[1]))
                } else {
                    let n = Double(crossings.count)
                    let centre = Point(x: crossings.map(\.x).reduce(0, +) / n, y: crossings.map(\.y).reduce(0, +) / n)
                    for crossing in crossings { segments.append((crossing, centre)) }
                }
            }
        }
        return segments
    }
}
