/// Small images (digits, convolution filters) laid out in a grid with thin gaps, scaled up by an integer
/// factor with nearest-neighbour sampling so that each source pixel stays a crisp square: `plot images`.
///
/// Each image is `channels` planes of `imageHeight` by `imageWidth` floats, channel-first (CHW, as the
/// engine stores them): 1 channel is grey, 3 are red, green, blue. Values are mapped to 0...1 per image
/// (each image uses its own minimum and maximum), globally (one minimum and maximum for all), or not at
/// all (values are taken as 0...1 and clamped). NaN shows as the background's mid-grey. Grey images on
/// one scale (`.global` or `.none`) get a colour bar to the right that reads grey levels back as values.
public struct ImageGrid: Chart {
    /// How pixel values are mapped to grey levels.
    public enum Normalization: Sendable, Equatable {
        case perImage, global, none
    }

    public var images: [[Float]]
    public var imageHeight: Int
    public var imageWidth: Int
    public var channels: Int
    /// A caption under each image (missing ones are left blank), e.g. the label or the prediction.
    public var labels: [String]
    public var normalization: Normalization
    /// Images per row; nil chooses the layout that makes them largest.
    public var columns: Int?
    public var title: String
    /// Whether to draw the colour bar where it applies (grey images on one scale).
    public var colorBar: Bool
    public var width: Int
    public var height: Int

    public static let minimumSize = (width: 64, height: 64)
    /// The most images one grid shows.
    public static let maximumImages = 4096

    public init(images: [[Float]], imageHeight: Int, imageWidth: Int, channels: Int = 1, labels: [String] = [],
                normalization: Normalization = .perImage, columns: Int? = nil, title: String = "",
                colorBar: Bool = true, width: Int = 800, height: Int = 600) {
        self.images = images
        self.imageHeight = imageHeight
        self.imageWidth = imageWidth
        self.channels = channels
        self.labels = labels
        self.normalization = normalization
        self.columns = columns
        self.title = title
        self.colorBar = colorBar
        self.width = width
        self.height = height
    }

    /// - Throws: ``PlotError/invalidSize(width:height:minimumWidth:minimumHeight:maximumSide:)``,
    ///   ``PlotError/noData(_:)`` for no images, ``PlotError/invalidArgument(_:)`` for a bad image size,
    ///   channel count, column count or an image whose length is not `channels * height * width`, or
    ///   when the images do not fit in the picture at one pixel each.
    public func render() throws -> Canvas {
        try Canvas.checkSize(width: width, height: height, minimumWidth: Self.minimumSize.width,
                             minimumHeight: Self.minimumSize.height)
        guard !images.isEmpty else { throw PlotError.noData("the list of images") }
        guard images.count <= Self.maximumImages else {
            throw PlotError.invalidArgument("an image grid shows at most \(Self.maximumImages) images, not \(images.count)")
        }
        guard (1...Canvas.maximumSide).contains(imageHeight), (1...Canvas.maximumSide).contains(imageWidth) else {
            throw PlotError.invalidArgument("an image must be 1 to \(Canvas.maximumSide) pixels on a side, not \(imageHeight)x\(imageWidth)")
        }
        guard channels == 1 || channels == 3 else {
            throw PlotError.invalidArgument("images must have 1 (grey) or 3 (RGB) channels, not \(channels)")
        }
        let size = channels * imageHeight * imageWidth
        if let bad = images.firstIndex(where: { $0.count != size }) {
            throw PlotError.invalidArgument(
                "image \(bad) has \(images[bad].count) values; \(channels)x\(imageHeight)x\(imageWidth) needs \(size)")
        }
        if let columns, !(1...images.count).contains(columns) {
            throw PlotError.invalidArgument("columns must be 1 to \(images.count), not \(columns)")
        }
        let layout = ChartLayout(width: width, height: height)
        let gap = max(2, layout.scale * 4)
        let captioned = labels.contains { !$0.isEmpty }
        let captionHeight = captioned ? layout.textHeight + gap : 0
        let top = title.isEmpty ? layout.gap * 2 : layout.padding + layout.titleHeight + layout.gap * 2
        let range = globalRange()
        // The column count whose integer scale is largest (ties: the squarer grid), beside the colour bar
        // when there is one and the images still fit, else without it.
        func bestLayout(roomWidth: Int) -> (columns: Int, scale: Int)? {
            var best: (columns: Int, scale: Int)?
            for candidate in columns.map({ [$0] }) ?? Array(1...images.count) {
                let rows = (images.count + candidate - 1) / candidate
                let across = (roomWidth - (candidate - 1) * gap) / (candidate * imageWidth)
                let down = (height - top - layout.gap * 2 - (rows - 1) * gap - rows * captionHeight) / (rows * imageHeight)
                let scale = min(across, down)
                if scale >= 1, scale > (best?.scale ?? 0) { best = (candidate, scale) }
            }
            return best
        }
        var bar = showsColorBar ? ColorBar(range: range, layout: layout) : nil
        var best = bestLayout(roomWidth: width - 2 * layout.gap * 2 - (bar?.room ?? 0))
        if best == nil, bar != nil {
            bar = nil
            best = bestLayout(roomWidth: width - 2 * layout.gap * 2)
        }
        let room = (width: width - 2 * layout.gap * 2 - (bar?.room ?? 0), height: height - top - layout.gap * 2)
        guard let best else {
            throw PlotError.invalidArgument(
                "\(images.count) images of \(imageHeight)x\(imageWidth) do not fit in \(width)x\(height); make the plot larger")
        }
        let rows = (images.count + best.columns - 1) / best.columns
        let cell = (width: imageWidth * best.scale, height: imageHeight * best.scale)
        let gridWidth = best.columns * cell.width + (best.columns - 1) * gap
        let gridHeight = rows * (cell.height + captionHeight) + (rows - 1) * gap
        let left = (width - (bar?.room ?? 0) - gridWidth) / 2
        let gridTop = top + (room.height - gridHeight) / 2

        var canvas = try Canvas(width: width, height: height)
        for (k, image) in images.enumerated() {
            let x = left + (k % best.columns) * (cell.width + gap)
            let y = gridTop + (k / best.columns) * (cell.height + captionHeight + gap)
            draw(image, x: x, y: y, scale: best.scale, range: normalization == .perImage ? Self.range(of: image) : range,
                 on: &canvas)
            if k < labels.count, !labels[k].isEmpty {
                let text = ChartLayout.fitted(labels[k], maximumWidth: cell.width + gap, font: layout.textFont)
                canvas.drawText(text, x: x + cell.width / 2, y: y + cell.height + gap / 2,
                                font: layout.textFont, anchor: .middle)
            }
        }
        if let bar {
            // As tall as the grid's images, at least a third of the room so that its ticks have space.
            let imagesHeight = gridHeight - (captioned ? captionHeight : 0)
            let barHeight = min(max(imagesHeight, room.height / 3), room.height)
            bar.draw(x: left + gridWidth + layout.gap * 3, y: gridTop + (imagesHeight - barHeight) / 2,
                     height: barHeight, on: &canvas)
        }
        if !title.isEmpty {
            let text = ChartLayout.fitted(title, maximumWidth: width - 2 * layout.padding, font: layout.titleFont)
            canvas.drawText(text, x: width / 2, y: layout.padding, font: layout.titleFont, anchor: .middle)
        }
        return canvas
    }

    /// Whether a colour bar is drawn: grey images that share one scale.
    var showsColorBar: Bool { colorBar && channels == 1 && normalization != .perImage }

    /// The value range that maps to black...white for `.global` and `.none`.
    func globalRange() -> (low: Float, high: Float) {
        switch normalization {
        case .none: return (0, 1)
        case .perImage, .global:
            var low = Float.infinity, high = -Float.infinity
            for image in images { let r = Self.range(of: image); low = min(low, r.low); high = max(high, r.high) }
            return (low, high)
        }
    }

    /// The smallest and largest finite values of `image` (0 and 1 when it has none).
    static func range(of image: [Float]) -> (low: Float, high: Float) {
        var low = Float.infinity, high = -Float.infinity
        for value in image where value.isFinite {
            low = min(low, value)
            high = max(high, value)
        }
        return low <= high ? (low, high) : (0, 1)
    }

    /// Draws one image with its top-left corner at `(x, y)`, each source pixel as a `scale` square.
    private func draw(_ image: [Float], x: Int, y: Int, scale: Int, range: (low: Float, high: Float),
                      on canvas: inout Canvas) {
        func level(_ value: Float) -> UInt8 { Self.level(value, range: range) }
        let plane = imageHeight * imageWidth
        for row in 0..<imageHeight {
            for column in 0..<imageWidth {
                let i = row * imageWidth + column
                let color = channels == 3
                    ? Color(red: level(image[i]), green: level(image[plane + i]), blue: level(image[2 * plane + i]))
                    : Color(red: level(image[i]), green: level(image[i]), blue: level(image[i]))
                canvas.fillRect(x: x + column * scale, y: y + row * scale, width: scale, height: scale, color)
            }
        }
        canvas.strokeRect(x: x - 1, y: y - 1, width: imageWidth * scale + 2, height: imageHeight * scale + 2,
                          Color(hex: 0xCCCCCC))
    }
}
