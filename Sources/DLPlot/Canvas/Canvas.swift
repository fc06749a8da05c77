/// A point on a canvas in pixel units: x to the right, y downwards, `(0, 0)` the top-left corner of the
/// top-left pixel, so that pixel `(i, j)` covers `i ..< i+1` by `j ..< j+1` and its centre is
/// `(i + 0.5, j + 0.5)`.
public struct Point: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// An opaque RGB raster of 8 bits per channel on which the charts are drawn.
///
/// Drawing outside the canvas is clipped, never an error; non-finite coordinates draw nothing. Shapes are
/// anti-aliased by coverage: a pixel half covered by a line is blended half-way to the line's colour.
public struct Canvas: Sendable, Equatable {
    /// The largest width or height of a canvas (and of any chart).
    public static let maximumSide = 10_000

    public let width: Int
    public let height: Int
    /// The pixels, row by row from the top, three bytes (red, green, blue) each.
    public internal(set) var pixels: [UInt8]

    /// A canvas filled with `background`.
    /// - Throws: ``PlotError/invalidSize(width:height:minimumWidth:minimumHeight:maximumSide:)`` when a
    ///   side is below 1 or above ``maximumSide``.
    public init(width: Int, height: Int, background: Color = Palette.background) throws {
        try Canvas.checkSize(width: width, height: height, minimumWidth: 1, minimumHeight: 1)
        self.width = width
        self.height = height
        var row = [UInt8]()
        row.reserveCapacity(width * 3)
        for _ in 0..<width { row.append(contentsOf: [background.red, background.green, background.blue]) }
        var pixels = [UInt8]()
        pixels.reserveCapacity(width * height * 3)
        for _ in 0..<height { pixels.append(contentsOf: row) }
        self.pixels = pixels
    }

    /// Checks a requested picture size against a minimum and ``maximumSide``.
    /// - Throws: ``PlotError/invalidSize(width:height:minimumWidth:minimumHeight:maximumSide:)``.
    public static func checkSize(width: Int, height: Int, minimumWidth: Int, minimumHeight: Int) throws {
        guard width >= minimumWidth, height >= minimumHeight, width <= maximumSide, height <= maximumSide else {
            throw PlotError.invalidSize(width: width, height: height, minimumWidth: minimumWidth,
                                        minimumHeight: minimumHeight, maximumSide: maximumSide)
        }
    }

    /// The colour of pixel `(x, y)`, or nil outside the canvas.
    public func pixel(x: Int, y: Int) -> Color? {
        guard x >= 0, y >= 0, x < width, y < height else { return nil }
        let i = (y * width + x) * 3
        return Color(red: pixels[i], green: pixels[i + 1], blue: pixels[i + 2])
    }

    /// Sets pixel `(x, y)` to `color`; nothing happens outside the canvas.
    public mutating func setPixel(x: Int, y: Int, _ color: Color) {
        blend(x: x, y: y, color, coverage: 1)
    }

    /// Blends pixel `(x, y)` a fraction `coverage` (0...1) of the way towards `color`.
    public mutating func blend(x: Int, y: Int, _ color: Color, coverage: Double) {
        guard x >= 0, y >= 0, x < width, y < height, coverage > 0 else { return }
        let i = (y * width + x) * 3
        if coverage >= 1 {
            pixels[i] = color.red
            pixels[i + 1] = color.green
            pixels[i + 2] = color.blue
            return
        }
        func mix(_ old: UInt8, _ new: UInt8) -> UInt8 {
            UInt8((Double(old) + (Double(new) - Double(old)) * coverage).rounded())
        }
        pixels[i] = mix(pixels[i], color.red)
        pixels[i + 1] = mix(pixels[i + 1], color.green)
        pixels[i + 2] = mix(pixels[i + 2], color.blue)
    }

    /// Fills the pixels `x ..< x+width` by `y ..< y+height` (clipped to the canvas) with `color`.
    public mutating func fillRect(x: Int, y: Int, width w: Int, height h: Int, _ color: Color) {
        let x0 = max(x, 0), y0 = max(y, 0)
        let x1 = min(x.addingReportingOverflow(w).partialValue, width)
        let y1 = min(y.addingReportingOverflow(h).partialValue, height)
        guard x0 < x1, y0 < y1 else { return }
        for row in y0..<y1 {
            var i = (row * width + x0) * 3
            for _ in x0..<x1 {
                pixels[i] = color.red
                pixels[i + 1] = color.green
                pixels[i + 2] = color.blue
                i += 3
            }
        }
    }

    /// Outlines the rectangle `x ..< x+width` by `y ..< y+height` with a 1-pixel line inside its edge.
    public mutating func strokeRect(x: Int, y: Int, width w: Int, height h: Int, _ color: Color) {
        guard w > 0, h > 0 else { return }
        fillRect(x: x, y: y, width: w, height: 1, color)
        fillRect(x: x, y: y + h - 1, width: w, height: 1, color)
        fillRect(x: x, y: y, width: 1, height: h, color)
        fillRect(x: x + w - 1, y: y, width: 1, height: h, color)
    }
}
