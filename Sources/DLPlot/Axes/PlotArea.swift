import Foundation

/// The rectangle of a chart where data is drawn, and the mapping from data to pixel coordinates.
///
/// The area covers pixels `left ..< left+width` by `top ..< top+height`. `xRange.lowerBound` maps to the
/// left edge and `yRange.lowerBound` to the bottom edge (y grows upwards, as on paper).
public struct PlotArea: Sendable, Equatable {
    public let left: Int
    public let top: Int
    public let width: Int
    public let height: Int
    public let xRange: ClosedRange<Double>
    public let yRange: ClosedRange<Double>
    /// Whether y is on a logarithmic scale (then `yRange` holds positive values).
    public let logY: Bool

    public init(left: Int, top: Int, width: Int, height: Int, xRange: ClosedRange<Double>,
                yRange: ClosedRange<Double>, logY: Bool = false) {
        self.left = left
        self.top = top
        self.width = width
        self.height = height
        self.xRange = xRange
        self.yRange = yRange
        self.logY = logY
    }

    public var right: Int { left + width }
    public var bottom: Int { top + height }

    /// The pixel x of data value `x` (may lie outside the area).
    public func pixelX(_ x: Double) -> Double {
        let span = xRange.upperBound - xRange.lowerBound
        return Double(left) + (span > 0 ? (x - xRange.lowerBound) / span : 0.5) * Double(width)
    }

    /// The pixel y of data value `y` (may lie outside the area); NaN for a non-positive value on a
    /// logarithmic axis.
    public func pixelY(_ y: Double) -> Double {
        let (value, low, high) = logY
            ? (y > 0 ? log10(y) : .nan, log10(yRange.lowerBound), log10(yRange.upperBound))
            : (y, yRange.lowerBound, yRange.upperBound)
        let span = high - low
        return Double(bottom) - (span > 0 ? (value - low) / span : 0.5) * Double(height)
    }

    /// The pixel position of data point `(x, y)`.
    public func point(_ x: Double, _ y: Double) -> Point { Point(x: pixelX(x), y: pixelY(y)) }

    /// The data x at the centre of pixel column `column`.
    public func dataX(column: Int) -> Double {
        xRange.lowerBound + (Double(column - left) + 0.5) / Double(max(width, 1))
            * (xRange.upperBound - xRange.lowerBound)
    }

    /// The data y at the centre of pixel row `row` (linear axes).
    public func dataY(row: Int) -> Double {
        yRange.lowerBound + (Double(bottom - row) - 0.5) / Double(max(height, 1))
            * (yRange.upperBound - yRange.lowerBound)
    }
}
