/// DEC sixel graphics (VT330/VT340 Programmer Reference Manual, chapter 14): a device control string
/// `ESC P 0;1;0 q` (aspect-ratio parameter 0, background left as it is, default grid), raster attributes
/// `"1;1;width;height` (square pixels), colour registers `#n;2;r;g;b` in RGB percentages 0...100, then the
/// picture in bands six pixels high. In a band each colour is introduced with `#n` and followed by one
/// character per column, `?` (0x3F) plus the six bits of that column (the least significant bit the top
/// pixel); `!count c` repeats a character, `$` returns to the band's left edge for the next colour, `-`
/// moves to the next band. `ESC \` ends it.
public enum Sixel {
    /// Terminals offer at least 256 colour registers (xterm's VT340 emulation, mlterm, foot, WezTerm).
    public static let maximumColors = 256

    public static func encode(_ image: Canvas, maximumColors: Int = Sixel.maximumColors) -> String {
        let (palette, indices) = ColorQuantizer.quantize(image, maximumColors: max(2, maximumColors))
        var out = "\u{1B}P0;1;0q\"1;1;\(image.width);\(image.height)"
        for (n, color) in palette.enumerated() {
            out += "#\(n);2;\(percent(color.red));\(percent(color.green));\(percent(color.blue))"
        }
        let width = image.width
        var bits = [UInt8](repeating: 0, count: width)
        for bandTop in stride(from: 0, to: image.height, by: 6) {
            let rows = min(6, image.height - bandTop)
            // The colours present in this band, in palette order so the output does not depend on hashing.
            var present = [Bool](repeating: false, count: palette.count)
            for row in 0 ..< rows { for x in 0 ..< width { present[Int(indices[(bandTop + row) * width + x])] = true } }
            var firstColor = true
            for color in palette.indices where present[color] {
                for x in 0 ..< width {
                    var b: UInt8 = 0
                    for row in 0 ..< rows where Int(indices[(bandTop + row) * width + x]) == color { b |= 1 << UInt8(row) }
                    bits[x] = b
                }
                if !firstColor { out += "$" }
                firstColor = false
                out += "#\(color)" + runs(bits)
            }
            if bandTop + 6 < image.height { out += "-" }
        }
        return out + "\u{1B}\\"
    }

    /// The sixel characters of one colour's line, repeats of four or more written `!count c`, the empty
    /// columns at its right end left out.
    static func runs(_ bits: [UInt8]) -> String {
        var end = bits.count
        while end > 0 && bits[end - 1] == 0 { end -= 1 }
        var out = ""
        var i = 0
        while i < end {
            var j = i + 1
            while j < end && bits[j] == bits[i] { j += 1 }
            let character = String(UnicodeScalar(0x3F + bits[i]))
            let count = j - i
            out += count >= 4 ? "!\(count)\(character)" : String(repeating: character, count: count)
            i = j
        }
        return out
    }

    /// A channel 0...255 as a sixel RGB percentage 0...100.
    static func percent(_ channel: UInt8) -> Int { (Int(channel) * 100 + 127) / 255 }
}

/// Reducing a picture to a few colours for sixel: all of them when there are few enough; otherwise the
/// most frequent cells of a 32-level-per-channel grid (each the mean of its colours), every colour then
/// mapped to the nearest of those. Charts are mostly flat colours, which this keeps exactly.
enum ColorQuantizer {
    static func quantize(_ image: Canvas, maximumColors: Int) -> (palette: [Color], indices: [UInt8]) {
        let n = image.width * image.height
        let p = image.pixels
        func key(_ i: Int) -> Int { Int(p[3 * i]) << 16 | Int(p[3 * i + 1]) << 8 | Int(p[3 * i + 2]) }
        var counts: [Int: Int] = [:]
        for i in 0 ..< n { counts[key(i), default: 0] += 1 }
        func color(_ k: Int) -> Color { Color(red: UInt8(k >> 16 & 255), green: UInt8(k >> 8 & 255), blue: UInt8(k & 255)) }
        let palette: [Color]
        if counts.count <= maximumColors {
            palette = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { color($0.key) }
        } else {
            // Cells of 8 levels per step: sum the colours falling in each, weighted by their counts.
            var cells: [Int: (count: Int, r: Int, g: Int, b: Int)] = [:]
            for (k, c) in counts {
                let cell = (k >> 19 & 31) << 10 | (k >> 11 & 31) << 5 | (k >> 3 & 31)
                var s = cells[cell] ?? (0, 0, 0, 0)
                s.count += c; s.r += (k >> 16 & 255) * c; s.g += (k >> 8 & 255) * c; s.b += (k & 255) * c
                cells[cell] = s
            }
            palette = cells.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }
                .prefix(maximumColors).map { _, s in
                    Color(red: UInt8(s.r / s.count), green: UInt8(s.g / s.count), blue: UInt8(s.b / s.count))
                }
        }
        var nearest: [Int: UInt8] = [:]
        for k in counts.keys {
            let c = color(k)
            var best = 0, bestDistance = Int.max
            for (j, q) in palette.enumerated() {
                let dr = Int(c.red) - Int(q.red), dg = Int(c.green) - Int(q.green), db = Int(c.blue) - Int(q.blue)
                let d = 2 * dr * dr + 4 * dg * dg + 3 * db * db  // a rough perceptual weighting
                if d < bestDistance { bestDistance = d; best = j }
            }
            nearest[k] = UInt8(best)
        }
        var indices = [UInt8](repeating: 0, count: n)
        for i in 0 ..< n { indices[i] = nearest[key(i)] ?? 0 }
        return (palette, indices)
    }
}
