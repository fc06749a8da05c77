extension Dataset {
    /// Gaussian blobs around random centres, one class per blob: scikit-learn's `make_blobs` in two
    /// dimensions (without its final shuffle).
    ///
    /// First the `classes` centres are drawn, x then y, uniformly in the box `[−centerBox, centerBox)²`
    /// (scikit-learn's default `center_box=(-10, 10)`). Then blob `j` gets `samples / classes` points, one
    /// more for each of the first `samples % classes` blobs, each its centre plus Gaussian noise of
    /// standard deviation `std` on both coordinates.
    ///
    /// - Shapes: inputs `[samples, 2]`; targets `.classes` in `0 ..< classes`, ordered class by class.
    /// - Parameters:
    ///   - samples: the number of points, at least `classes` (every blob gets a point).
    ///   - classes: the number of blobs, at least 2.
    ///   - std: each blob's standard deviation, finite and ≥ 0.
    ///   - centerBox: half the side of the square the centres are drawn from, finite and ≥ 0.
    ///   - generator: the source of the centres and the noise; it advances by `2 · classes` uniform and
    ///     `2 · samples` normal variates.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for a count below its minimum or a negative or
    ///   non-finite spread; ``EngineError/allocationTooLarge(shape:limit:)`` for more points than memory holds.
    public static func blobs(
        samples: Int, classes: Int = 3, std: Double = 1.0, centerBox: Double = 10,
        using generator: inout RandomGenerator
    ) throws -> Dataset {
        try SyntheticData.require(classes, atLeast: 2, "classes", in: "blobs")
        try SyntheticData.require(samples, atLeast: classes, "samples (one per class)", in: "blobs")
        try SyntheticData.requireSpread(std, "std", in: "blobs")
        try SyntheticData.requireSpread(centerBox, "centerBox", in: "blobs")
        let total = try SyntheticData.checkedSampleCount([samples])

        let centers: [(x: Double, y: Double)] = (0 ..< classes).map { _ in
            let x = centerBox * (2 * generator.nextUnit() - 1)
            let y = centerBox * (2 * generator.nextUnit() - 1)
            return (x, y)
        }
        var builder = SyntheticData.Builder(samples: total, name: "blobs")
        for (label, count) in SyntheticData.evenParts(of: total, count: classes).enumerated() {
            for _ in 0 ..< count {
                try builder.append(centers[label].x, centers[label].y, label: label, noise: std, using: &generator)
            }
        }
        return try builder.dataset(classCount: classes, name: "blobs")
    }
}
