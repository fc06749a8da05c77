/// Predicted classes on a regular grid over a chart's x and y ranges: the regions of a decision boundary.
///
/// Cell `(row, column)` covers x from `xRange.lowerBound + column * cellWidth` and y from
/// `yRange.lowerBound + row * cellHeight`: row 0 is at the bottom (smallest y), column 0 at the left.
/// Its class is the model's prediction at the cell's centre, which ``centers(xRange:yRange:rows:columns:)``
/// lists in the order of ``classes``.
public struct ClassGrid: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    /// The class of each cell, row by row from the bottom row: index `row * columns + column`.
    public let classes: [Int]

    /// The largest grid accepted (rows times columns).
    public static let maximumCells = 4_000_000

    /// A grid of `rows` by `columns` cells.
    /// - Throws: ``PlotError/invalidArgument(_:)`` when a side is below 2, the grid has more than
    ///   ``maximumCells`` cells, or `classes.count` is not `rows * columns`.
    public init(rows: Int, columns: Int, classes: [Int]) throws {
        guard rows >= 2, columns >= 2, rows <= Self.maximumCells / columns else {
            throw PlotError.invalidArgument(
                "a class grid needs at least 2x2 and at most \(Self.maximumCells) cells, not \(rows)x\(columns)")
        }
        guard classes.count == rows * columns else {
            throw PlotError.invalidArgument(
                "a class grid of \(rows)x\(columns) needs \(rows * columns) classes, not \(classes.count)")
        }
        self.rows = rows
        self.columns = columns
        self.classes = classes
    }

    /// The class of cell `(row, column)`, with indices clamped to the grid (so neighbours of edge cells
    /// repeat the edge).
    public subscript(row: Int, column: Int) -> Int {
        classes[min(max(row, 0), rows - 1) * columns + min(max(column, 0), columns - 1)]
    }

    /// The centres of the cells of a `rows` by `columns` grid over the ranges, in the order of
    /// ``classes``: the points at which to ask the model for its prediction.
    public static func centers(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, rows: Int,
                               columns: Int) -> [(x: Double, y: Double)] {
        guard rows > 0, columns > 0, rows <= maximumCells / columns else { return [] }
        let cellWidth = (xRange.upperBound - xRange.lowerBound) / Double(columns)
        let cellHeight = (yRange.upperBound - yRange.lowerBound) / Double(rows)
        var result: [(x: Double, y: Double)] = []
        result.reserveCapacity(rows * columns)
        for row in 0..<rows {
            for column in 0..<columns {
                result.append((xRange.lowerBound + (Double(column) + 0.5) * cellWidth,
                               yRange.lowerBound + (Double(row) + 0.5) * cellHeight))
            }
        }
        return result
    }

    /// The grid that resolves a chart of `width` by `height` pixels well: about one cell per 3 pixels of
    /// the data area, at least 2 by 2 cells.
    public static func suggestedSize(width: Int, height: Int) -> (rows: Int, columns: Int) {
        (max(2, min(height, Canvas.maximumSide) / 3), max(2, min(width, Canvas.maximumSide) / 3))
    }
}
