import Foundation

/// A picture on its way to a terminal: its pixels (for sixel and the block rendering) and its PNG bytes
/// (for the kitty and iTerm2 protocols, which take PNG as it is).
public struct TerminalImage: Sendable {
    public let canvas: Canvas
    public let png: [UInt8]

    public init(canvas: Canvas, png: [UInt8]) {
        self.canvas = canvas
        self.png = png
    }

    /// A chart drawn once, kept as pixels and as PNG.
    /// - Throws: the errors of ``Chart/render()`` and ``PNGWriter/encode(_:text:)``.
    public init(chart: any Chart) throws {
        let canvas = try chart.render()
        self.init(canvas: canvas, png: try PNGWriter.encode(canvas))
    }

    /// The PNG file at `path`, decoded (transparent pixels composed over white).
    /// - Throws: ``PlotError/file(path:_:)`` for a missing or unreadable file, ``PlotError/png(_:)`` for
    ///   bytes that are not a PNG.
    public init(pngFile path: String) throws {
        let bytes = try PlotFile.read(path)
        self.init(canvas: try Canvas(decoded: try PNGReader.decode(bytes)), png: bytes)
    }
}

extension Canvas {
    /// The pixels of a decoded PNG composed over white (alpha blended away: a terminal shows no alpha).
    /// - Throws: ``PlotError/invalidSize(width:height:minimumWidth:minimumHeight:maximumSide:)`` for an
    ///   empty image.
    public init(decoded image: DecodedImage) throws {
        self = try Canvas(width: image.width, height: image.height)
        for i in 0 ..< image.width * image.height {
            let alpha = Double(image.pixels[4 * i + 3]) / 255
            for c in 0 ..< 3 {
                let value = Double(image.pixels[4 * i + c]) * alpha + 255 * (1 - alpha)
                pixels[3 * i + c] = UInt8(min(max(value.rounded(), 0), 255))
            }
        }
    }

    /// This picture shrunk (never enlarged) to fit within `maxWidth` by `maxHeight`, keeping its aspect
    /// ratio, each new pixel the mean of the source pixels it covers (a box filter). Sides below 1 are
    /// taken as 1.
    public func fitted(maxWidth: Int, maxHeight: Int) -> Canvas {
        let scale = min(1, Double(max(maxWidth, 1)) / Double(width), Double(max(maxHeight, 1)) / Double(height))
        guard scale < 1 else { return self }
        let w = max(1, Int((Double(width) * scale).rounded())), h = max(1, Int((Double(height) * scale).rounded()))
        return resampled(width: w, height: h)
    }

    /// This picture resampled to exactly `newWidth` by `newHeight` by box averaging (for shrinking; a
    /// larger size repeats pixels).
    public func resampled(width newWidth: Int, height newHeight: Int) -> Canvas {
        guard var out = try? Canvas(width: max(newWidth, 1), height: max(newHeight, 1)) else { return self }
        for y in 0 ..< out.height {
            let y0 = y * height / out.height, y1 = max(y0 + 1, (y + 1) * height / out.height)
            for x in 0 ..< out.width {
                let x0 = x * width / out.width, x1 = max(x0 + 1, (x + 1) * width / out.width)
                var sum = (0, 0, 0)
                for sy in y0 ..< y1 {
                    var i = (sy * width + x0) * 3
                    for _ in x0 ..< x1 {
                        sum.0 += Int(pixels[i]); sum.1 += Int(pixels[i + 1]); sum.2 += Int(pixels[i + 2])
                        i += 3
                    }
                }
                let n = (y1 - y0) * (x1 - x0)
                let o = (y * out.width + x) * 3
                out.pixels[o] = UInt8((sum.0 + n / 2) / n)
                out.pixels[o + 1] = UInt8((sum.1 + n / 2) / n)
                out.pixels[o + 2] = UInt8((sum.2 + n / 2) / n)
            }
        }
        return out
    }
}
