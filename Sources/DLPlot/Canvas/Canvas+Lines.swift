/// How a line is drawn: solid, or dashes of `on` pixels separated by gaps of `off` pixels.
public enum LineStyle: Sendable, Equatable {
    case solid
    case dashed(on: Double, off: Double)

    /// The dashes of validation curves: 8 pixels on, 5 off.
    public static let dashed = LineStyle.dashed(on: 8, off: 5)
}

extension Canvas {
    /// Draws an anti-aliased line of `width` pixels with round ends from `a` to `b`.
    public mutating func strokeLine(from a: Point, to b: Point, width: Double, _ color: Color,
                                    style: LineStyle = .solid) {
        strokePolyline([a, b], width: width, color, style: style)
    }

    /// Draws connected line segments through `points`, anti-aliased, with round joins.
    ///
    /// A non-finite point (NaN or infinite coordinate) breaks the line: the runs on either side are
    /// drawn separately, and the point itself is skipped. Dashes continue across the joins of one run.
    public mutating func strokePolyline(_ points: [Point], width: Double, _ color: Color,
                                        style: LineStyle = .solid) {
        var segments: [(Point, Point)] = []
        var run: [Point] = []
        func flush() {
            if run.count == 1, let only = run.first { segments.append((only, only)) }
            let bounds = (x0: -width - 2, y0: -width - 2, x1: Double(self.width) + width + 2,
                          y1: Double(height) + width + 2)
            segments.append(contentsOf: Canvas.dash(run, style: style, within: bounds))
            run.removeAll()
        }
        for point in points {
            if point.x.isFinite, point.y.isFinite { run.append(point) } else { flush() }
        }
        flush()
        strokeSegments(segments, width: width, color)
    }

    /// Draws separate line segments in one pass, so that where they overlap or meet the colour is laid
    /// down once (no darker dots at the joins of a boundary made of many short pieces).
    public mutating func strokeSegments(_ segments: [(Point, Point)], width: Double, _ color: Color) {
        let finite = segments.filter { $0.0.x.isFinite && $0.0.y.isFinite && $0.1.x.isFinite && $0.1.y.isFinite }
        guard !finite.isEmpty, width.isFinite, width > 0 else { return }
        let half = width / 2, pad = half + 1
        let xs = finite.flatMap { [$0.0.x, $0.1.x] }, ys = finite.flatMap { [$0.0.y, $0.1.y] }
        let boxX0 = Canvas.clampedInt((xs.min() ?? 0) - pad, 0, self.width - 1)
        let boxX1 = Canvas.clampedInt((xs.max() ?? 0) + pad, 0, self.width - 1)
        let boxY0 = Canvas.clampedInt((ys.min() ?? 0) - pad, 0, height - 1)
        let boxY1 = Canvas.clampedInt((ys.max() ?? 0) + pad, 0, height - 1)
        guard boxX0 <= boxX1, boxY0 <= boxY1 else { return }
        let boxWidth = boxX1 - boxX0 + 1
        var mask = [UInt8](repeating: 0, count: boxWidth * (boxY1 - boxY0 + 1))
        for (a, b) in finite {
            let dx = b.x - a.x, dy = b.y - a.y, length2 = dx * dx + dy * dy
            let rowLo = Canvas.clampedInt(min(a.y, b.y) - pad, boxY0, boxY1)
            let rowHi = Canvas.clampedInt(max(a.y, b.y) + pad, boxY0, boxY1)
            for row in rowLo...rowHi {
                // The x extent of the segment's points within reach of this row.
                var xLo = min(a.x, b.x), xHi = max(a.x, b.x)
                if abs(dy) > 1e-9 {
                    let t0 = min(max((Double(row) - pad - a.y) / dy, 0), 1)
                    let t1 = min(max((Double(row + 1) + pad - a.y) / dy, 0), 1)
                    xLo = a.x + min(t0, t1) * dx
                    xHi = a.x + max(t0, t1) * dx
                    if xLo > xHi { swap(&xLo, &xHi) }
                }
                let colLo = Canvas.clampedInt(xLo - pad, boxX0, boxX1)
                let colHi = Canvas.clampedInt(xHi + pad, boxX0, boxX1)
                guard colLo <= colHi else { continue }
                let cy = Double(row) + 0.5
                for col in colLo...colHi {
                    let cx = Double(col) + 0.5
                    var t = length2 > 0 ? ((cx - a.x) * dx + (cy - a.y) * dy) / length2 : 0
                    t = min(max(t, 0), 1)
                    let ex = a.x + t * dx - cx, ey = a.y + t * dy - cy
                    let coverage = half + 0.5 - (ex * ex + ey * ey).squareRoot()
                    guard coverage > 0 else { continue }
                    let value = UInt8(min(coverage, 1) * 255)
                    let i = (row - boxY0) * boxWidth + (col - boxX0)
                    if value > mask[i] { mask[i] = value }
                }
            }
        }
        for row in boxY0...boxY1 {
            for col in boxX0...boxX1 {
                let value = mask[(row - boxY0) * boxWidth + (col - boxX0)]
                if value > 0 { blend(x: col, y: row, color, coverage: Double(value) / 255) }
            }
        }
    }

    /// The pieces of a polyline that are drawn in `style`, clipped to `bounds` (so that a line to a
    /// far-away point does not make billions of invisible dashes).
    static func dash(_ points: [Point], style: LineStyle,
                     within bounds: (x0: Double, y0: Double, x1: Double, y1: Double)) -> [(Point, Point)] {
        let pairs = zip(points, points.dropFirst()).compactMap { clip($0, $1, to: bounds) }
        guard case let .dashed(on, off) = style, on.isFinite, off.isFinite, on >= 0.5, off >= 0.5 else {
            return pairs
        }
        var pieces: [(Point, Point)] = []
        var drawing = true, left = on  // the state of the pattern carries over from segment to segment
        for (a, b) in pairs {
            let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
            var done = 0.0
            while done < length {
                let step = min(left, length - done)
                if drawing {
                    let t0 = done / length, t1 = (done + step) / length
                    pieces.append((Point(x: a.x + (b.x - a.x) * t0, y: a.y + (b.y - a.y) * t0),
                                   Point(x: a.x + (b.x - a.x) * t1, y: a.y + (b.y - a.y) * t1)))
                }
                done += step
                left -= step
                if left <= 0 {
                    drawing.toggle()
                    left = drawing ? on : off
                }
            }
        }
        return pieces
    }

    /// The part of the segment `a`–`b` inside `bounds` (Liang–Barsky), or nil when none is.
    static func clip(_ a: Point, _ b: Point,
                     to bounds: (x0: Double, y0: Double, x1: Double, y1: Double)) -> (Point, Point)? {
        let dx = b.x - a.x, dy = b.y - a.y
        var t0 = 0.0, t1 = 1.0
        for (p, q) in [(-dx, a.x - bounds.x0), (dx, bounds.x1 - a.x), (-dy, a.y - bounds.y0), (dy, bounds.y1 - a.y)] {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let r = q / p
                if p < 0 { t0 = max(t0, r) } else { t1 = min(t1, r) }
            }
        }
        guard t0 <= t1 else { return nil }
        return (Point(x: a.x + t0 * dx, y: a.y + t0 * dy), Point(x: a.x + t1 * dx, y: a.y + t1 * dy))
    }

    /// `value` rounded down and clamped to `low...high`, without trapping on NaN or huge values.
    static func clampedInt(_ value: Double, _ low: Int, _ high: Int) -> Int {
        guard value.isFinite else { return value > 0 ? high : low }
        if value <= Double(low) { return low }
        if value >= Double(high) { return high }
        return Int(value.rounded(.down))
    }
}
