extension Dataset {
    /// The XOR problem: four Gaussian clusters at the corners `(±1, ±1)`, labelled by the sign of `x · y`
    /// at their centre, so that no straight line separates the two classes.
    ///
    /// Class 0 is the clusters at `(1, 1)` and `(−1, −1)` (where `x · y > 0`), class 1 those at `(−1, 1)` and
    /// `(1, −1)`. Class 0 gets `samples / 2` points (rounded down) and class 1 the rest; each class splits
    /// its points between its two clusters, the first one taking the odd point. Every point is its
    /// cluster's centre plus Gaussian noise of standard deviation `noise` on both coordinates.
    ///
    /// Why clusters and not uniform points labelled by `sign(x)·sign(y)`: the classes come out balanced
    /// and in order, with no point sitting on the decision boundary, and `noise` means what it means for
    /// ``moons(samples:noise:using:)``: labels follow the cluster a point was drawn from, so a large
    /// noise lets points wander into the other class's quadrant (label noise), as in scikit-learn's sets.
    ///
    /// - Shapes: inputs `[samples, 2]`; targets `.classes` in `0 ..< 2`, class 0 first.
    /// - Parameters:
    ///   - samples: the number of points, at least 2 (one per class).
    ///   - noise: each cluster's standard deviation, finite and ≥ 0.
    ///   - generator: the source of the noise; it advances by `2 · samples` normal variates.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for fewer than 2 samples or a negative or non-finite
    ///   noise; ``EngineError/allocationTooLarge(shape:limit:)`` for more points than memory holds.
    public static func xor(samples: Int, noise: Double = 0.25, using generator: inout RandomGenerator) throws -> Dataset {
        try SyntheticData.require(samples, atLeast: 2, "samples", in: "xor")
        try SyntheticData.requireSpread(noise, "noise", in: "xor")
        let total = try SyntheticData.checkedSampleCount([samples])
        let classSizes = [total / 2, total - total / 2]
        let corners: [[(Double, Double)]] = [[(1, 1), (-1, -1)], [(-1, 1), (1, -1)]]

        var builder = SyntheticData.Builder(samples: total, name: "xor")
        for label in 0 ..< 2 {
            for (corner, count) in zip(corners[label], SyntheticData.evenParts(of: classSizes[label], count: 2)) {
                for _ in 0 ..< count {
                    try builder.append(corner.0, corner.1, label: label, noise: noise, using: &generator)
                }
            }
        }
        return try builder.dataset(classCount: 2, name: "xor")
    }
}
