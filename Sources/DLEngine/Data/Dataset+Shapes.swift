/// The kinds of figure in ``Dataset/shapes(samples:size:noise:using:)``, in class order.
public enum ShapeKind: Int, CaseIterable, Sendable, CustomStringConvertible {
    /// A horizontal line, one or two pixels thick.
    case horizontalBar
    /// A vertical line, one or two pixels thick.
    case verticalBar
    /// A diagonal line, falling (↘) or rising (↗) at random, one pixel thick.
    case diagonal
    /// A plus sign: a horizontal and a vertical stroke through one point.
    case cross
    /// A circle's outline (a ring about one pixel wide).
    case ring
    /// A filled square.
    case square

    /// The name for printing and plots: `"horizontal bar"`, `"ring"`, ...
    public var description: String {
        switch self {
        case .horizontalBar: return "horizontal bar"
        case .verticalBar: return "vertical bar"
        case .diagonal: return "diagonal"
        case .cross: return "cross"
        case .ring: return "ring"
        case .square: return "square"
        }
    }
}

extension Dataset {
    /// Small grayscale images of simple figures (bars, a diagonal, a cross, a ring, a filled square),
    /// one class per ``ShapeKind``, each drawn at a random position and size with random brightness and
    /// Gaussian pixel noise: an image-classification problem for convolutional networks that needs no
    /// download.
    ///
    /// Every figure lies inside the image. Its pixels get a brightness drawn from U[0.6, 1), the
    /// background is 0, and then every pixel gets N(0, noise²) added (values are not clipped).
    ///
    /// - Shapes: inputs `[samples, 1, size, size]` (NCHW, one channel); targets `.classes` in `0 ..< 6`,
    ///   sample `i` of class `i % 6`, so the classes are interleaved and balanced (within one).
    /// - Parameters:
    ///   - samples: the number of images, at least 1.
    ///   - size: the side of each image in pixels, from 8 to 256 (12 or 16 are good choices).
    ///   - noise: the standard deviation of the pixel noise, finite and ≥ 0.
    ///   - generator: the source of every random choice; the same seed gives the same images.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for a count or size out of range or a bad noise;
    ///   ``EngineError/allocationTooLarge(shape:limit:)`` for more images than memory holds.
    public static func shapes(samples: Int = 600, size: Int = 16, noise: Double = 0.1,
                              using generator: inout RandomGenerator) throws -> Dataset {
        try SyntheticData.require(samples, atLeast: 1, "samples", in: "shapes")
        guard size >= 8, size <= 256 else {
            throw EngineError.invalidArgument("shapes needs a size from 8 to 256 pixels, got \(size)")
        }
        try SyntheticData.requireSpread(noise, "noise", in: "shapes")
        let plane = size * size
        let count = try Shape.elementCount([samples, 1, size, size])
        var pixels = [Float](repeating: 0, count: count)
        let kinds = ShapeKind.allCases
        var labels = [Int](repeating: 0, count: samples)
        for n in 0 ..< samples {
            if n & 0xFF == 0xFF { try Interruption.check("after \(n) of \(samples) images") }
            let kind = kinds[n % kinds.count]
            labels[n] = kind.rawValue
            var canvas = ShapeCanvas(size: size)
            canvas.draw(kind, using: &generator)
            for (i, value) in canvas.pixels.enumerated() {
                pixels[n * plane + i] = Float(Double(value) + noise * generator.normal(mean: 0, std: 1))
            }
        }
        let inputs = try Tensor(shape: [samples, 1, size, size], data: pixels)
        return try Dataset(inputs: inputs, targets: .classes(labels, classCount: kinds.count), name: "shapes")
    }
}

/// One image being drawn: a square of pixels, 0 where nothing is drawn.
struct ShapeCanvas {
    let size: Int
    var pixels: [Float]

    init(size: Int) {
        self.size = size
        pixels = [Float](repeating: 0, count: size * size)
    }

    /// Sets a pixel; points outside the image are ignored.
    mutating func set(_ row: Int, _ column: Int, _ value: Float) {
        guard row >= 0, row < size, column >= 0, column < size else { return }
        pixels[row * size + column] = value
    }

    /// A uniform integer in `low ... high` (`high ≥ low`).
    static func integer(_ low: Int, _ high: Int, _ generator: inout RandomGenerator) -> Int {
        low + generator.integer(below: high - low + 1)
    }

    /// Draws a figure of `kind` at a random place and size (the random numbers in a fixed order).
    mutating func draw(_ kind: ShapeKind, using generator: inout RandomGenerator) {
        let brightness = generator.uniform(0.6, 1)
        let s = size
        switch kind {
        case .horizontalBar, .verticalBar:
            let length = Self.integer(s / 2, s - 2, &generator), thickness = Self.integer(1, 2, &generator)
            let along = Self.integer(0, s - length, &generator), across = Self.integer(1, s - 1 - thickness, &generator)
            for t in 0 ..< length {
                for w in 0 ..< thickness {
                    if kind == .horizontalBar { set(across + w, along + t, brightness) } else { set(along + t, across + w, brightness) }
                }
            }
        case .diagonal:
            let length = Self.integer(s / 2, s - 2, &generator), rising = generator.integer(below: 2) == 1
            let row = Self.integer(0, s - length, &generator), column = Self.integer(0, s - length, &generator)
            for t in 0 ..< length { set(row + t, column + (rising ? length - 1 - t : t), brightness) }
        case .cross:
            let arm = Self.integer(2, s / 2 - 2, &generator)
            let row = Self.integer(arm, s - 1 - arm, &generator), column = Self.integer(arm, s - 1 - arm, &generator)
            for t in -arm ... arm {
                set(row + t, column, brightness)
                set(row, column + t, brightness)
            }
        case .ring:
            let radius = Self.integer(3, s / 2 - 1, &generator)
            let row = Self.integer(radius, s - 1 - radius, &generator)
            let column = Self.integer(radius, s - 1 - radius, &generator)
            for r in 0 ..< s {
                for c in 0 ..< s {
                    let dr = Double(r - row), dc = Double(c - column)
                    if Swift.abs((dr * dr + dc * dc).squareRoot() - Double(radius)) < 0.6 { set(r, c, brightness) }
                }
            }
        case .square:
            let side = Self.integer(3, s / 2 + 1, &generator)
            let row = Self.integer(0, s - side, &generator), column = Self.integer(0, s - side, &generator)
            for r in row ..< row + side { for c in column ..< column + side { set(r, c, brightness) } }
        }
    }
}
