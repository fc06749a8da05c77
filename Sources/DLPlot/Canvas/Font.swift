/// A size of the embedded font, DejaVu Sans: text is measured with the font's own advance widths and
/// kerning (unhinted, in fractions of a pixel, as matplotlib measures it) and drawn from its 8-bit
/// coverage bitmaps, blended onto the canvas.
///
/// Sizes are in pixels per em. Sizes that are embedded (see ``embeddedSizes``) are drawn from bitmaps
/// rasterised at that size; others from the nearest embedded size, resampled bilinearly.
public struct Font: Sendable, Hashable {
    /// Pixels per em, 4...400.
    public let size: Int

    /// A font of `size` pixels per em, clamped to 4...400.
    public init(size: Int) { self.size = min(max(size, 4), 400) }

    /// Tick labels, legends, axis labels and captions on an 800x600 chart (matplotlib's 10 points are
    /// 13.9 pixels at its 100 dpi).
    public static let label = Font(size: 12)
    /// Chart titles.
    public static let title = Font(size: 16)

    /// The pixel sizes that have bitmaps of their own.
    public static var embeddedSizes: [Int] { DejaVuSans.sizes }

    private var perUnit: Double { Double(size) / Double(DejaVuSans.unitsPerEm) }
    /// Pixels from the top of a line to its baseline (the font's ascent, rounded).
    public var ascent: Int { Int((Double(DejaVuSans.ascentUnits) * perUnit).rounded()) }
    /// Pixels from the baseline to the bottom of a line (the font's descent, rounded).
    public var descent: Int { Int((Double(DejaVuSans.descentUnits) * perUnit).rounded()) }
    /// The height of a line of text: ascent plus descent.
    public var lineHeight: Int { ascent + descent }
    /// The height of capitals and digits above the baseline (DejaVu Sans: 1493 of 2048 units, `H`).
    public var capHeight: Int { Int((1493 * perUnit).rounded()) }

    /// The advance of `scalar` in pixels (fractional).
    public func advance(_ scalar: Unicode.Scalar) -> Double {
        Double(DejaVuSans.advanceUnits[DejaVuSans.glyphIndex(scalar)]) * perUnit
    }

    /// The kerning between two characters in pixels (negative: closer).
    public func kerning(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> Double {
        let key = DejaVuSans.glyphIndex(first) << 8 | DejaVuSans.glyphIndex(second)
        return Double(DejaVuSans.kerning[key] ?? 0) * perUnit
    }

    /// The pen positions of each character of `text` from its start, and the total advance: the sum of
    /// advances and kerning, in pixels.
    func layout(_ text: String) -> (positions: [(Unicode.Scalar, Double)], width: Double) {
        var pen = 0.0
        var previous: Unicode.Scalar?
        var positions: [(Unicode.Scalar, Double)] = []
        for scalar in text.unicodeScalars {
            if let previous { pen += kerning(previous, scalar) }
            positions.append((scalar, pen))
            pen += advance(scalar)
            previous = scalar
        }
        return (positions, pen)
    }

    /// The width of `text` in whole pixels (its advance, rounded up).
    public func width(of text: String) -> Int { Int(layout(text).width.rounded(.up)) }

    /// The bitmap of `scalar` at this size, and the factor by which it is to be scaled (1 when this size
    /// is embedded).
    func glyph(_ scalar: Unicode.Scalar) -> (DejaVuSans.Glyph, scale: Double)? {
        let source = DejaVuSans.sizes.first { $0 >= size } ?? DejaVuSans.sizes.last
        guard let source, let face = DejaVuSans.faces[source] else { return nil }
        let k = DejaVuSans.glyphIndex(scalar)
        guard k < face.count else { return nil }
        return (face[k], Double(size) / Double(source))
    }
}
