import Foundation

/// The shape of a data point's marker. Classes take both a colour and a shape, so that they stay apart
/// in grey print and for readers who confuse the colours.
public enum MarkerShape: Sendable, CaseIterable {
    case circle, square, triangle, diamond, invertedTriangle

    /// The shape of class `index`: circle, square, triangle, diamond, inverted triangle, then around.
    public static func forClass(_ index: Int) -> MarkerShape {
        let count = allCases.count
        return allCases[((index % count) + count) % count]
    }
}

extension Canvas {
    /// Fills a disc of `radius` pixels around `center`, anti-aliased at its edge.
    public mutating func fillCircle(center: Point, radius: Double, _ color: Color) {
        paintCircle(center: center, radius: radius, color) { distance in radius + 0.5 - distance }
    }

    /// Draws the outline of a circle of `radius` with a line `width` pixels wide.
    public mutating func strokeCircle(center: Point, radius: Double, width: Double, _ color: Color) {
        let half = width / 2
        paintCircle(center: center, radius: radius + half, color) { distance in
            half + 0.5 - abs(distance - radius)
        }
    }

    /// Fills the polygon through `points` (even-odd rule), anti-aliased with 4x4 samples per pixel.
    /// Non-finite points make it draw nothing.
    public mutating func fillPolygon(_ points: [Point], _ color: Color) {
        guard points.count >= 3, points.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else { return }
        let x0 = Canvas.clampedInt(points.map(\.x).min() ?? 0, 0, width - 1)
        let x1 = Canvas.clampedInt(points.map(\.x).max() ?? 0, 0, width - 1)
        let y0 = Canvas.clampedInt(points.map(\.y).min() ?? 0, 0, height - 1)
        let y1 = Canvas.clampedInt(points.map(\.y).max() ?? 0, 0, height - 1)
        for row in y0...y1 {
            for col in x0...x1 {
                var inside = 0
                for sy in 0..<4 {
                    for sx in 0..<4 {
                        let px = Double(col) + (Double(sx) + 0.5) / 4
                        let py = Double(row) + (Double(sy) + 0.5) / 4
                        if Canvas.contains(points, px, py) { inside += 1 }
                    }
                }
                blend(x: col, y: row, color, coverage: Double(inside) / 16)
            }
        }
    }

    /// Draws a data-point marker: `shape` of about `radius` pixels filled with `fill`, with an `edge`
    /// outline `edgeWidth` pixels wide.
    public mutating func drawMarker(_ shape: MarkerShape, center: Point, radius: Double, fill: Color,
                                    edge: Color = Palette.markerEdge, edgeWidth: Double = 1) {
        guard radius.isFinite, radius > 0 else { return }
        let inner = max(radius - edgeWidth, 0)
        if shape == .circle {
            fillCircle(center: center, radius: radius, edge)
            if inner > 0 { fillCircle(center: center, radius: inner, fill) }
            return
        }
        // Polygons look larger than a circle of the same radius: shrink squares and diamonds a little.
        let scale: Double = shape == .square ? 0.86 : (shape == .diamond ? 1.1 : 1.15)
        let outer = radius * scale
        fillPolygon(Canvas.vertices(of: shape, center: center, radius: outer), edge)
        let insetScale = shape == .triangle || shape == .invertedTriangle ? 2.0 : 1.4
        let innerRadius = outer - edgeWidth * insetScale
        if innerRadius > 0 { fillPolygon(Canvas.vertices(of: shape, center: center, radius: innerRadius), fill) }
    }

    /// The corners of a polygonal marker shape of circumradius `radius` (the circle's are an octagon).
    static func vertices(of shape: MarkerShape, center c: Point, radius r: Double) -> [Point] {
        func at(_ dx: Double, _ dy: Double) -> Point { Point(x: c.x + dx * r, y: c.y + dy * r) }
        switch shape {
        case .square: return [at(-1, -1), at(1, -1), at(1, 1), at(-1, 1)]
        case .triangle: return [at(0, -1.1), at(0.95, 0.65), at(-0.95, 0.65)]
        case .invertedTriangle: return [at(0, 1.1), at(-0.95, -0.65), at(0.95, -0.65)]
        case .diamond: return [at(0, -1.15), at(1, 0), at(0, 1.15), at(-1, 0)]
        case .circle:
            return (0..<16).map { k in
                let angle = Double(k) * Double.pi / 8
                return at(cos(angle), sin(angle))
            }
        }
    }

    /// Whether `(x, y)` lies inside the polygon (even-odd rule).
    static func contains(_ polygon: [Point], _ x: Double, _ y: Double) -> Bool {
        var inside = false
        var j = polygon.count - 1
        for i in polygon.indices {
            let a = polygon[i], b = polygon[j]
            if (a.y > y) != (b.y > y), x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x { inside.toggle() }
            j = i
        }
        return inside
    }

    /// Blends the pixels within `reach` of `center` by the coverage that `coverage(distance)` gives.
    private mutating func paintCircle(center: Point, radius reach: Double, _ color: Color,
                                      coverage: (Double) -> Double) {
        guard center.x.isFinite, center.y.isFinite, reach.isFinite, reach > 0 else { return }
        let x0 = Canvas.clampedInt(center.x - reach - 1, 0, width - 1)
        let x1 = Canvas.clampedInt(center.x + reach + 1, 0, width - 1)
        let y0 = Canvas.clampedInt(center.y - reach - 1, 0, height - 1)
        let y1 = Canvas.clampedInt(center.y + reach + 1, 0, height - 1)
        for row in y0...y1 {
            for col in x0...x1 {
                let dx = Double(col) + 0.5 - center.x, dy = Double(row) + 0.5 - center.y
                let value = coverage((dx * dx + dy * dy).squareRoot())
                if value > 0 { blend(x: col, y: row, color, coverage: min(value, 1)) }
            }
        }
    }
}
