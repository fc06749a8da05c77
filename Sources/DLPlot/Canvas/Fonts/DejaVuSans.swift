import Foundation

/// The glyphs of DejaVu Sans embedded in dlnb (rasterised once by `make_font.py`, data in
/// `DejaVuSans+Data.swift`, licence in `LICENSE-DejaVu`): metrics in font units and coverage bitmaps
/// at a few pixel sizes, decoded on first use.
enum DejaVuSans {
    /// One character's bitmap at one size: `coverage` holds `width * height` bytes (0 blank, 255 full ink)
    /// row by row; its top-left pixel lies `left` pixels right of the pen and `top` pixels below the
    /// baseline (negative: above).
    struct Glyph: Sendable {
        let left: Int
        let top: Int
        let width: Int
        let height: Int
        let coverage: [UInt8]
    }

    /// The index of each character in ``characters``.
    static let index: [Unicode.Scalar: Int] = {
        var result: [Unicode.Scalar: Int] = [:]
        for (k, scalar) in characters.unicodeScalars.enumerated() { result[scalar] = k }
        return result
    }()

    /// The index used for characters the font has no glyph for: `?`.
    static let fallback = index["?"] ?? 0

    /// The glyph index of `scalar` (``fallback`` for one the embedded set lacks).
    static func glyphIndex(_ scalar: Unicode.Scalar) -> Int { index[scalar] ?? fallback }

    /// Kerning in font units by `first << 8 | second` (glyph indices).
    static let kerning: [Int: Int] = {
        let bytes = decode(kerningData)
        var result: [Int: Int] = [:]
        var i = 0
        while i + 6 <= bytes.count {
            func int16(_ at: Int) -> Int { Int(Int16(bitPattern: UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8)) }
            result[int16(i) << 8 | int16(i + 2)] = int16(i + 4)
            i += 6
        }
        return result
    }()

    /// The embedded faces by pixel size, each a glyph per character of ``characters``.
    static let faces: [Int: [Glyph]] = faceData.mapValues { data in
        let bytes = decode(data)
        var glyphs: [Glyph] = []
        var i = 0
        while i + 4 <= bytes.count, glyphs.count < characters.unicodeScalars.count {
            let left = Int(Int8(bitPattern: bytes[i])), top = Int(Int8(bitPattern: bytes[i + 1]))
            let width = Int(bytes[i + 2]), height = Int(bytes[i + 3])
            let end = min(i + 4 + width * height, bytes.count)
            glyphs.append(Glyph(left: left, top: top, width: width, height: height, coverage: Array(bytes[(i + 4)..<end])))
            i = end
        }
        return glyphs
    }

    /// The embedded pixel sizes, ascending.
    static let sizes: [Int] = faces.keys.sorted()

    /// The bytes of a base64 text that may be broken into lines (the generated literals are).
    private static func decode(_ text: String) -> [UInt8] {
        let joined = text.filter { !$0.isWhitespace }
        return Data(base64Encoded: joined).map { [UInt8]($0) } ?? []
    }
}
