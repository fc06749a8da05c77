/// A picture drawn with text: each character cell shows two pixels, one above the other, as the upper
/// half block `▀` (U+2580) in the top pixel's colour (foreground) over the bottom pixel's (background).
/// Works in every terminal with colour; `trueColor` uses 24-bit SGR (`ESC[38;2;r;g;bm`), otherwise the
/// nearest of xterm's 256 colours (`ESC[38;5;nm`). Each line ends with a reset (`ESC[0m`) and a newline.
public enum HalfBlocks {
    public static func encode(_ image: Canvas, trueColor: Bool) -> String {
        var out = ""
        for top in stride(from: 0, to: image.height, by: 2) {
            var previous: (String, String)?
            for x in 0 ..< image.width {
                let upper = image.pixel(x: x, y: top) ?? .white
                // An odd last row: the lower half takes the terminal's own background.
                let lower = image.pixel(x: x, y: top + 1)
                let fg = sgr(upper, foreground: true, trueColor: trueColor)
                let bg = lower.map { sgr($0, foreground: false, trueColor: trueColor) } ?? "49"
                if previous?.0 != fg || previous?.1 != bg {
                    out += "\u{1B}[\(fg);\(bg)m"
                    previous = (fg, bg)
                }
                out += "\u{2580}"
            }
            out += "\u{1B}[0m\n"
        }
        return out
    }

    static func sgr(_ c: Color, foreground: Bool, trueColor: Bool) -> String {
        let base = foreground ? "38" : "48"
        return trueColor ? "\(base);2;\(c.red);\(c.green);\(c.blue)" : "\(base);5;\(xterm256(c))"
    }

    /// The nearest of xterm's 256 colours among the 6x6x6 cube (16...231, levels 0, 95, 135, 175, 215,
    /// 255) and the grey ramp (232...255, levels 8, 18, ..., 238); the first 16 are left out because
    /// terminals change them with their theme.
    public static func xterm256(_ c: Color) -> Int {
        let levels = [0, 95, 135, 175, 215, 255]
        func nearestLevel(_ v: UInt8) -> Int {
            levels.indices.min { abs(levels[$0] - Int(v)) < abs(levels[$1] - Int(v)) } ?? 0
        }
        let (r, g, b) = (nearestLevel(c.red), nearestLevel(c.green), nearestLevel(c.blue))
        func distance(_ x: Int, _ y: Int, _ z: Int) -> Int {
            let dr = x - Int(c.red), dg = y - Int(c.green), db = z - Int(c.blue)
            return dr * dr + dg * dg + db * db
        }
        let cube = 16 + 36 * r + 6 * g + b
        let cubeDistance = distance(levels[r], levels[g], levels[b])
        let mean = (Int(c.red) + Int(c.green) + Int(c.blue)) / 3
        let grey = min(max((mean - 8 + 5) / 10, 0), 23)
        let level = 8 + 10 * grey
        return distance(level, level, level) < cubeDistance ? 232 + grey : cube
    }
}
