extension Dataset {
    /// A small circle inside a large one, scikit-learn's `make_circles` (without its final shuffle).
    ///
    /// Class 0, the outer circle of radius 1, has `samples / 2` points (rounded down) at `(cos t, sin t)`;
    /// class 1, the inner circle of radius `factor`, has the rest at `factor · (cos t, sin t)`; in each,
    /// `t = linspace(0, 2π, count, endpoint=False)`, evenly spaced around the circle. Gaussian noise of
    /// standard deviation `noise` is then added to both coordinates of every point, row by row.
    ///
    /// - Shapes: inputs `[samples, 2]`; targets `.classes` in `0 ..< 2`, class 0 (outer) first.
    /// - Parameters:
    ///   - samples: the number of points, at least 2 (one per circle).
    ///   - noise: the standard deviation of the noise, finite and ≥ 0.
    ///   - factor: the inner circle's radius relative to the outer one, in `[0, 1)` (scikit-learn's rule).
    ///   - generator: the source of the noise; it advances by `2 · samples` normal variates.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for fewer than 2 samples, a negative or non-finite
    ///   noise, or a factor outside `[0, 1)`; ``EngineError/allocationTooLarge(shape:limit:)`` for more
    ///   points than memory holds.
    public static func circles(
        samples: Int, noise: Double = 0.05, factor: Double = 0.5, using generator: inout RandomGenerator
    ) throws -> Dataset {
        try SyntheticData.require(samples, atLeast: 2, "samples", in: "circles")
        try SyntheticData.requireSpread(noise, "noise", in: "circles")
        guard factor >= 0, factor < 1 else {
            throw EngineError.invalidArgument("circles needs a factor in [0, 1), got \(factor)")
        }
        let total = try SyntheticData.checkedSampleCount([samples])
        let outer = total / 2, inner = total - outer

        var builder = SyntheticData.Builder(samples: total, name: "circles")
        for (label, count, radius) in [(0, outer, 1.0), (1, inner, factor)] {
            for t in SyntheticData.linspace(0, 2 * Double.pi, count, endpoint: false) {
                try builder.append(radius * SyntheticData.cosine(t), radius * SyntheticData.sine(t), label: label,
                               noise: noise, using: &generator)
            }
        }
        return try builder.dataset(classCount: 2, name: "circles")
    }
}
