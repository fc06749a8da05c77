extension Dataset {
    /// Two interleaving half circles, scikit-learn's `make_moons` (without its final shuffle).
    ///
    /// Class 0, the outer moon, has `samples / 2` points (rounded down) at `(cos t, sin t)`; class 1, the
    /// inner moon, has the rest at `(1 − cos t, 1 − sin t − 0.5)`; in each, `t = linspace(0, π, count)`.
    /// Gaussian noise of standard deviation `noise` is then added to both coordinates of every point, drawn
    /// row by row (x, then y), as scikit-learn does.
    ///
    /// - Shapes: inputs `[samples, 2]`; targets `.classes` in `0 ..< 2`, class 0 first.
    /// - Parameters:
    ///   - samples: the number of points, at least 2 (one per moon).
    ///   - noise: the standard deviation of the noise, finite and ≥ 0.
    ///   - generator: the source of the noise; it advances by `2 · samples` normal variates (also when
    ///     `noise` is 0).
    /// - Throws: ``EngineError/invalidArgument(_:)`` for fewer than 2 samples or a negative or non-finite
    ///   noise; ``EngineError/allocationTooLarge(shape:limit:)`` for more points than memory holds.
    public static func moons(samples: Int, noise: Double = 0.1, using generator: inout RandomGenerator) throws -> Dataset {
        try SyntheticData.require(samples, atLeast: 2, "samples", in: "moons")
        try SyntheticData.requireSpread(noise, "noise", in: "moons")
        let total = try SyntheticData.checkedSampleCount([samples])
        let outer = total / 2, inner = total - outer

        var builder = SyntheticData.Builder(samples: total, name: "moons")
        for t in SyntheticData.linspace(0, Double.pi, outer) {
            try builder.append(SyntheticData.cosine(t), SyntheticData.sine(t), label: 0, noise: noise, using: &generator)
        }
        for t in SyntheticData.linspace(0, Double.pi, inner) {
            try builder.append(1 - SyntheticData.cosine(t), 1 - SyntheticData.sine(t) - 0.5, label: 1,
                           noise: noise, using: &generator)
        }
        return try builder.dataset(classCount: 2, name: "moons")
    }
}
