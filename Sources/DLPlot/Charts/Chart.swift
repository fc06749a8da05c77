/// A picture that DLPlot can draw: a chart of a chosen size, encoded as PNG or written to a file.
public protocol Chart: Sendable {
    /// The width of the picture in pixels.
    var width: Int { get }
    /// The height of the picture in pixels.
    var height: Int { get }
    /// Draws the chart.
    /// - Throws: ``PlotError`` for a size out of range or inputs that do not fit together.
    func render() throws -> Canvas
}

extension Chart {
    /// The chart as PNG bytes, with `text` entries (the statement, the dlnb version).
    /// - Throws: the errors of ``render()`` and ``PNGWriter/encode(_:text:)``.
    public func pngData(text: [PNGText] = []) throws -> [UInt8] {
        try PNGWriter.encode(try render(), text: text)
    }

    /// Draws the chart and writes it to `path` as PNG, atomically; returns the picture's size for the
    /// caller's message (`wrote spiral.png (800x600)`).
    /// - Throws: ``PlotError/file(path:_:)`` for a missing folder, an unwritable path or a folder given as
    ///   the file (checked before drawing); the errors of ``render()`` and ``PNGWriter/encode(_:text:)``.
    @discardableResult
    public func write(to path: String, text: [PNGText] = []) throws -> (width: Int, height: Int) {
        try PlotFile.checkWritable(path)
        let canvas = try render()
        try PNGWriter.write(canvas, to: path, text: text)
        return (canvas.width, canvas.height)
    }
}

/// A point of a 2-d data set with its class.
public struct LabeledPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double
    /// The class index (0, 1, 2, ...); it picks the colour and the marker shape.
    public var label: Int

    public init(x: Double, y: Double, label: Int) {
        self.x = x
        self.y = y
        self.label = label
    }
}

/// Data ranges for axes.
public enum DataRange {
    /// The range of the finite values in `values`, widened by `padding` (a fraction of its span) on each
    /// side; a single value gets a unit range around it, no finite values give `0...1`.
    public static func padded(_ values: [Double], padding: Double = 0.08) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return 0...1 }
        let span = high - low
        guard span > 0, span.isFinite else { return (low - 0.5)...(high + 0.5) }
        let pad = span * max(padding, 0)
        return (low - pad)...(high + pad)
    }

    /// Checks that `range` is finite and not empty.
    /// - Throws: ``PlotError/invalidArgument(_:)`` naming `what`.
    static func check(_ range: ClosedRange<Double>, _ what: String) throws {
        guard range.lowerBound.isFinite, range.upperBound.isFinite, range.upperBound > range.lowerBound else {
            throw PlotError.invalidArgument(
                "the \(what) range \(range.lowerBound)...\(range.upperBound) must be finite and not empty")
        }
    }
}
