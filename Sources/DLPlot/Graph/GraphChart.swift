/// A computational graph drawn left to right: inputs at the left, the output at the right, each node a
/// box with a heading (its name or operation) and a few lines (shape, value, gradient), arrows from each
/// operation's inputs to it. Laid out by ``LayeredLayout``; needs nothing installed (no Graphviz).
public struct GraphChart: Chart {
    public struct Node: Sendable, Equatable {
        public enum Kind: Sendable, Equatable { case parameter, constant, operation }
        public var heading: String
        public var lines: [String]
        public var kind: Kind
        public init(heading: String, lines: [String], kind: Kind) {
            self.heading = heading
            self.lines = lines
            self.kind = kind
        }
    }

    public let nodes: [Node]
    public let edges: [(from: Int, to: Int)]
    public let title: String
    /// A line under the title (for example, that the gradients are not computed yet).
    public let note: String?
    public let width: Int
    public let height: Int

    /// Text sizes and spacing: ``regular``, or ``compact`` when a size is asked for that the regular
    /// layout does not fit (smaller text, narrower gaps).
    struct Style: Sendable {
        let font: Font, titleFont: Font
        let padding: Int, columnGap: Int, rowGap: Int, margin: Int, smallest: (width: Int, height: Int)

        static let regular = Style(font: .label, titleFont: .title, padding: 6, columnGap: 48, rowGap: 18, margin: 16,
                                   smallest: (300, 200))
        static let compact = Style(font: Font(size: 10), titleFont: Font(size: 12), padding: 4, columnGap: 24,
                                   rowGap: 8, margin: 6, smallest: (160, 120))
    }

    let style: Style

    /// - Parameters: `width`/`height` of `nil` take the size the layout needs; a size smaller than that
    ///   takes the compact style (smaller text and gaps) when the graph fits it that way.
    public init(nodes: [Node], edges: [(from: Int, to: Int)], title: String, note: String? = nil,
                width: Int? = nil, height: Int? = nil) {
        self.nodes = nodes
        self.edges = edges
        self.title = title
        self.note = note
        let natural = GraphChart.naturalSize(nodes: nodes, edges: edges, title: title, note: note)
        let fits = (width ?? natural.width) >= natural.width && (height ?? natural.height) >= natural.height
        style = fits ? .regular : .compact
        self.width = width ?? natural.width
        self.height = height ?? natural.height
    }

    static func boxSize(_ node: Node, style: Style = .regular) -> (width: Int, height: Int) {
        let widest = ([node.heading] + node.lines).map { style.font.width(of: $0) }.max() ?? 0
        return (widest + 2 * style.padding, (1 + node.lines.count) * style.font.lineHeight + 2 * style.padding + 3)
    }

    /// The size of the picture that holds the layout and the title in `style`.
    public static func naturalSize(nodes: [Node], edges: [(from: Int, to: Int)], title: String, note: String?)
        -> (width: Int, height: Int) {
        naturalSize(nodes: nodes, edges: edges, title: title, note: note, style: .regular)
    }

    static func naturalSize(nodes: [Node], edges: [(from: Int, to: Int)], title: String, note: String?, style: Style)
        -> (width: Int, height: Int) {
        guard let layout = try? LayeredLayout(count: nodes.count, edges: edges) else { return (400, 300) }
        let boxes = nodes.map { boxSize($0, style: style) }
        let columns = layout.layers.map { l in l.map { boxes[$0].width }.max() ?? 0 }
        let heights = layout.layers.map { l in l.map { boxes[$0].height + style.rowGap }.reduce(0, +) }
        let header = headerHeight(title: title, note: note, style: style)
        let w = columns.reduce(0, +) + style.columnGap * max(columns.count - 1, 0) + 2 * style.margin
        let widest = max(style.titleFont.width(of: title), style.font.width(of: note ?? "")) + 2 * style.margin
        return (min(max(w, widest, style.smallest.width), Canvas.maximumSide),
                min(max((heights.max() ?? 0) + header + 2 * style.margin, style.smallest.height), Canvas.maximumSide))
    }

    static func headerHeight(title: String, note: String?, style: Style) -> Int {
        (title.isEmpty ? 0 : style.titleFont.lineHeight + style.padding) + (note == nil ? 0 : style.font.lineHeight + 4)
    }

    public func render() throws -> Canvas {
        let natural = GraphChart.naturalSize(nodes: nodes, edges: edges, title: title, note: note, style: style)
        try Canvas.checkSize(width: width, height: height, minimumWidth: natural.width, minimumHeight: natural.height)
        guard !nodes.isEmpty else { throw PlotError.noData("the graph") }
        let layout = try LayeredLayout(count: nodes.count, edges: edges)
        var canvas = try Canvas(width: width, height: height)
        let font = style.font
        var y = style.margin
        if !title.isEmpty {
            canvas.drawText(title, x: width / 2, y: y, font: style.titleFont, anchor: .middle)
            y += style.titleFont.lineHeight + style.padding
        }
        if let note {
            canvas.drawText(note, x: width / 2, y: y, font: font, Palette.secondaryInk, anchor: .middle)
            y += font.lineHeight + 4
        }
        // Boxes: columns spread over the width, each layer centred vertically in the space below the title.
        let boxes = nodes.map { GraphChart.boxSize($0, style: style) }
        let columnWidths = layout.layers.map { l in l.map { boxes[$0].width }.max() ?? 0 }
        let used = columnWidths.reduce(0, +)
        let gap = layout.layers.count > 1 ? (width - 2 * style.margin - used) / (layout.layers.count - 1) : 0
        var frames = [(x: Int, y: Int, w: Int, h: Int)](repeating: (0, 0, 0, 0), count: nodes.count)
        var x = layout.layers.count > 1 ? style.margin : (width - used) / 2
        for (l, members) in layout.layers.enumerated() {
            let total = members.map { boxes[$0].height }.reduce(0, +) + style.rowGap * max(members.count - 1, 0)
            var top = y + (height - y - style.margin - total) / 2
            for node in members {
                let w = boxes[node].width
                frames[node] = (x + (columnWidths[l] - w) / 2, top, w, boxes[node].height)
                top += boxes[node].height + style.rowGap
            }
            x += columnWidths[l] + gap
        }
        for e in edges where e.from < nodes.count && e.to < nodes.count {
            let a = frames[e.from], b = frames[e.to]
            let start = Point(x: Double(a.x + a.w), y: Double(a.y) + Double(a.h) / 2)
            let end = Point(x: Double(b.x) - 1, y: Double(b.y) + Double(b.h) / 2)
            canvas.strokeLine(from: start, to: end, width: 1.3, Palette.secondaryInk)
            let dx = end.x - start.x, dy = end.y - start.y, length = max((dx * dx + dy * dy).squareRoot(), 1)
            let (ux, uy) = (dx / length, dy / length)
            canvas.fillPolygon([end, Point(x: end.x - 8 * ux - 4 * uy, y: end.y - 8 * uy + 4 * ux),
                                Point(x: end.x - 8 * ux + 4 * uy, y: end.y - 8 * uy - 4 * ux)], Palette.secondaryInk)
        }
        for (i, node) in nodes.enumerated() {
            let f = frames[i]
            let fill: Color = switch node.kind {
            case .parameter: Palette.color(0).mixed(with: .white, amount: 0.8)
            case .constant: Color(hex: 0xEEEEEE)
            case .operation: Palette.color(1).mixed(with: .white, amount: 0.8)
            }
            canvas.fillRect(x: f.x, y: f.y, width: f.w, height: f.h, fill)
            canvas.strokeRect(x: f.x, y: f.y, width: f.w, height: f.h, Palette.ink)
            var textY = f.y + style.padding
            canvas.drawText(node.heading, x: f.x + f.w / 2, y: textY, font: font, anchor: .middle)
            textY += font.lineHeight
            canvas.fillRect(x: f.x + 1, y: textY, width: f.w - 2, height: 1, Palette.grid)
            textY += 3
            for line in node.lines {
                canvas.drawText(line, x: f.x + style.padding, y: textY, font: font, Palette.secondaryInk)
                textY += font.lineHeight
            }
        }
        return canvas
    }
}
