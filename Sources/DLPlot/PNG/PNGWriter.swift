import CPNG

/// Encoding canvases as PNG through libpng's simplified API.
///
/// libpng reports errors by `longjmp`, which Swift cannot catch. The simplified API
/// (`png_image_write_to_memory`) sets its own `setjmp` inside the library, and returns 0 with the message
/// in `png_image.message` instead, so every failure becomes a thrown ``PlotError``. That API writes no
/// `tIME` chunk (the same picture gives the same bytes) and no text chunks, so the text entries are
/// inserted after `IHDR` here.
public enum PNGWriter {
    /// The PNG bytes of `canvas` (8-bit RGB) with `text` entries.
    /// - Throws: ``PlotError/invalidArgument(_:)`` for a bad text keyword, ``PlotError/png(_:)`` when
    ///   libpng fails.
    public static func encode(_ canvas: Canvas, text: [PNGText] = []) throws -> [UInt8] {
        let chunks = try text.map { try $0.chunk() }
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        image.width = png_uint_32(canvas.width)
        image.height = png_uint_32(canvas.height)
        image.format = png_uint_32(PNG_FORMAT_RGB)
        let stride = png_int_32(canvas.width * 3)
        let encoded: [UInt8] = try canvas.pixels.withUnsafeBufferPointer { pixels in
            var size: png_alloc_size_t = 0
            guard png_image_write_to_memory(&image, nil, &size, 0, pixels.baseAddress, stride, nil) != 0 else {
                throw PlotError.png(message(of: &image))
            }
            var bytes = [UInt8](repeating: 0, count: Int(size))
            let ok = bytes.withUnsafeMutableBytes { buffer in
                png_image_write_to_memory(&image, buffer.baseAddress, &size, 0, pixels.baseAddress, stride, nil)
            }
            guard ok != 0 else { throw PlotError.png(message(of: &image)) }
            return Array(bytes.prefix(Int(size)))
        }
        return try PNGChunks.inserting(chunks, into: encoded)
    }

    /// Encodes `canvas` and writes it to `path` atomically (a temporary file in the same folder, then
    /// renamed), so that an interrupted write never leaves a truncated PNG.
    /// - Throws: ``PlotError/file(path:_:)`` when the folder is missing or not writable, or `path` is a
    ///   folder; the errors of ``encode(_:text:)``.
    public static func write(_ canvas: Canvas, to path: String, text: [PNGText] = []) throws {
        try PlotFile.checkWritable(path)
        try PlotFile.write(try encode(canvas, text: text), to: path)
    }

    /// libpng's message for the failure recorded in `image`, after releasing what it holds.
    static func message(of image: inout png_image) -> String {
        let text = withUnsafeBytes(of: image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        png_image_free(&image)
        return text.isEmpty ? "libpng failed without a message" : text
    }
}
