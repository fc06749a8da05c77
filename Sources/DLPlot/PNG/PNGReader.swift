import CPNG

/// A decoded PNG: 8-bit RGBA pixels, row by row from the top.
public struct DecodedImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// Four bytes per pixel: red, green, blue, alpha.
    public let pixels: [UInt8]

    /// The colour of pixel `(x, y)` (alpha ignored), or nil outside the image.
    public func pixel(x: Int, y: Int) -> Color? {
        guard x >= 0, y >= 0, x < width, y < height else { return nil }
        let i = (y * width + x) * 4
        return Color(red: pixels[i], green: pixels[i + 1], blue: pixels[i + 2])
    }

    /// The alpha of pixel `(x, y)`, or nil outside the image.
    public func alpha(x: Int, y: Int) -> UInt8? {
        guard x >= 0, y >= 0, x < width, y < height else { return nil }
        return pixels[(y * width + x) * 4 + 3]
    }
}

/// Decoding PNG files through libpng's simplified API (errors come back as messages, never `longjmp`).
public enum PNGReader {
    /// Decodes PNG bytes of any colour type and bit depth to 8-bit RGBA.
    /// - Throws: ``PlotError/png(_:)`` when libpng cannot decode them, or the image is wider or taller
    ///   than ``Canvas/maximumSide``.
    public static func decode(_ png: [UInt8]) throws -> DecodedImage {
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        return try png.withUnsafeBytes { memory in
            guard png_image_begin_read_from_memory(&image, memory.baseAddress, memory.count) != 0 else {
                throw PlotError.png(PNGWriter.message(of: &image))
            }
            let width = Int(image.width), height = Int(image.height)
            guard width <= Canvas.maximumSide, height <= Canvas.maximumSide else {
                png_image_free(&image)
                throw PlotError.png("the image is \(width)x\(height), larger than \(Canvas.maximumSide) pixels on a side")
            }
            image.format = png_uint_32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)  // PNG_FORMAT_RGBA
            var pixels = [UInt8](repeating: 0, count: width * height * 4)
            let ok = pixels.withUnsafeMutableBytes { buffer in
                png_image_finish_read(&image, nil, buffer.baseAddress, png_int_32(width * 4), nil)
            }
            guard ok != 0 else { throw PlotError.png(PNGWriter.message(of: &image)) }
            return DecodedImage(width: width, height: height, pixels: pixels)
        }
    }

    /// Reads and decodes the PNG file at `path`.
    /// - Throws: ``PlotError/file(path:_:)`` when it is missing, a folder or unreadable; the errors of
    ///   ``decode(_:)``.
    public static func read(_ path: String) throws -> DecodedImage {
        try decode(try PlotFile.read(path))
    }

    /// The text entries (`tEXt`, and `iTXt` without compression) of PNG bytes, in file order.
    /// - Throws: ``PlotError/png(_:)`` when the bytes are not a well-formed chunk stream.
    public static func texts(_ png: [UInt8]) throws -> [PNGText] {
        try PNGChunks.texts(of: png)
    }
}
