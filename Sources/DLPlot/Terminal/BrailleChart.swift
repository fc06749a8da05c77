import Foundation

/// Line charts in text: each character is a braille pattern (U+2800 + dots), two dots wide and four
/// high, so `columns` by `rows` characters give a `2*columns` by `4*rows` grid of dots. The live training
/// curve under the REPL's progress bar is drawn with it.
public enum BrailleChart {
    /// One character cell: its dots (the braille bits) and which series drew in it (bit `i` for series `i`).
    public struct Cell: Sendable, Equatable {
        public var dots: UInt8 = 0
        public var series: UInt8 = 0
        public var character: Character { Character(Unicode.Scalar(0x2800 + UInt32(dots)) ?? " ") }
    }

    /// The braille bit of the dot in column `x` (0, 1) and row `y` (0...3, from the top) of a cell.
    static func bit(x: Int, y: Int) -> UInt8 {
        let left: [UInt8] = [0x01, 0x02, 0x04, 0x40], right: [UInt8] = [0x08, 0x10, 0x20, 0x80]
        return (x == 0 ? left : right)[y]
    }

    /// The range shared by the finite values of all series; a flat or empty series gets a unit range.
    public static func range(of series: [[Double]]) -> ClosedRange<Double> {
        let finite = series.flatMap { $0 }.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return 0...1 }
        return high > low ? low...high : (low - 0.5)...(high + 0.5)
    }

    /// Each series drawn as a line over its index (the first value at the left edge, the last at the right
    /// edge), all on the same y range; non-finite values break the line. At most 8 series.
    public static func cells(_ series: [[Double]], columns: Int, rows: Int, range: ClosedRange<Double>? = nil) -> [[Cell]] {
        let columns = max(columns, 1), rows = max(rows, 1)
        var grid = [[Cell]](repeating: [Cell](repeating: Cell(), count: columns), count: rows)
        let w = 2 * columns, h = 4 * rows
        let r = range ?? BrailleChart.range(of: series)
        let span = r.upperBound - r.lowerBound
        func plot(_ x: Int, _ y: Int, _ s: Int) {
            guard x >= 0, x < w, y >= 0, y < h else { return }
            grid[y / 4][x / 2].dots |= bit(x: x % 2, y: y % 4)
            grid[y / 4][x / 2].series |= UInt8(1) << UInt8(s)
        }
        for (s, values) in series.prefix(8).enumerated() {
            let n = values.count
            func point(_ i: Int) -> (Int, Int)? {
                guard values[i].isFinite, span > 0 else { return nil }
                let x = n == 1 ? 0 : i * (w - 1) / (n - 1)
                let fraction = min(max((values[i] - r.lowerBound) / span, 0), 1)
                return (x, (h - 1) - Int((fraction * Double(h - 1)).rounded()))
            }
            for i in 0 ..< n {
                guard let a = point(i) else { continue }
                guard i + 1 < n, let b = point(i + 1) else { plot(a.0, a.1, s); continue }
                let steps = max(abs(b.0 - a.0), abs(b.1 - a.1), 1)
                for t in 0 ... steps {
                    let x = a.0 + Int((Double((b.0 - a.0) * t) / Double(steps)).rounded())
                    let y = a.1 + Int((Double((b.1 - a.1) * t) / Double(steps)).rounded())
                    plot(x, y, s)
                }
            }
        }
        return grid
    }

    /// The cells as lines of text; with `colors` (SGR codes per series, e.g. `["36", "33"]`) each cell takes
    /// the colour of the first series in it, and each line ends with a reset.
    public static func text(_ grid: [[Cell]], colors: [String]? = nil) -> [String] {
        grid.map { row in
            guard let colors else { return String(row.map(\.character)) }
            var line = "", current: String?
            for cell in row {
                let index = (0 ..< 8).first { cell.series & (UInt8(1) << UInt8($0)) != 0 }
                let color = index.flatMap { $0 < colors.count ? colors[$0] : nil } ?? "0"
                if color != current {
                    line += "\u{1B}[\(color)m"
                    current = color
                }
                line.append(cell.character)
            }
            return line + "\u{1B}[0m"
        }
    }
}

/// The small loss chart under the REPL's progress bar, and left behind when a fit ends: the training
/// loss per epoch (cyan) and the validation loss (yellow) in braille, the highest value at the right of
/// the first line and the lowest at the right of the last.
public enum TrainingCurve {
    public static func lines(training: [Double], validation: [Double] = [], columns: Int, rows: Int) -> [String] {
        let series = validation.isEmpty ? [training] : [training, validation]
        let range = BrailleChart.range(of: series)
        var text = BrailleChart.text(BrailleChart.cells(series, columns: columns, rows: rows, range: range), colors: ["36", "33"])
        func label(_ v: Double) -> String {
            let s = String(format: "%.4g", v)
            return s
        }
        text[0] += " " + label(range.upperBound)
        text[text.count - 1] += " " + label(range.lowerBound)
        return text
    }
}
