/// Which angles the arms of ``Dataset/spiral(pointsPerClass:classes:noise:style:using:)`` sweep.
public enum SpiralStyle: String, Sendable, CaseIterable {
    /// The article's `genSpiralData` (and `shared/peers/bench_numpy.py`): arm `j` of `k` runs from angle
    /// `j·2π/k` to `(j + 1.5)·2π/k`, so each arm turns through one and a half times its share of the circle
    /// (π radians for three classes) and the arms start evenly spaced whatever `k`.
    case article
    /// The CS231n notes ("Putting it together: minimal neural network case study"): arm `j` runs from
    /// angle `4j` to `4(j + 1)` radians, four radians per arm for any number of classes.
    case cs231n
}

extension Dataset {
    /// The spiral data set of the article (its `genSpiralData`): `classes` arms that wind out of the origin,
    /// one class per arm, a classic problem that no linear classifier solves.
    ///
    /// For arm `j`, with `n = pointsPerClass`, the formula is the article's (in NumPy):
    /// ```
    /// r = linspace(0, 1, n)                              # radius, 0 at the centre, 1 at the tip
    /// t = linspace(start_j, end_j, n) + noise * randn(n) # angle, see SpiralStyle
    /// x = [r * sin(t), r * cos(t)]
    /// ```
    /// with `start_j, end_j = j·2π/k, (j + 1.5)·2π/k` for ``SpiralStyle/article`` (the default) or
    /// `4j, 4(j + 1)` for ``SpiralStyle/cs231n``. The noise perturbs the angle only, so every point keeps
    /// its radius: points lie in the closed unit disc, and along each arm the radius grows evenly from 0 to 1.
    /// The `n` normal variates of arm `j` are drawn from `generator` in order, arm after arm.
    ///
    /// - Shapes: inputs `[pointsPerClass · classes, 2]`; targets `.classes` in `0 ..< classes`, ordered
    ///   class by class (the first `pointsPerClass` samples are class 0, from the centre outwards).
    /// - Parameters:
    ///   - pointsPerClass: points on each arm, at least 1 (one point sits at the origin).
    ///   - classes: the number of arms, at least 2.
    ///   - noise: the standard deviation of the angle noise in radians, finite and ≥ 0 (the article: 0.1).
    ///   - style: which angles the arms sweep; ``SpiralStyle/article`` by default.
    ///   - generator: the source of the noise; it advances by `pointsPerClass · classes` normal variates.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for a count below its minimum or a negative or
    ///   non-finite noise; ``EngineError/allocationTooLarge(shape:limit:)`` for more points than memory holds.
    public static func spiral(
        pointsPerClass: Int = 100, classes: Int = 3, noise: Double = 0.1, style: SpiralStyle = .article,
        using generator: inout RandomGenerator
    ) throws -> Dataset {
        try SyntheticData.require(pointsPerClass, atLeast: 1, "pointsPerClass", in: "spiral")
        try SyntheticData.require(classes, atLeast: 2, "classes", in: "spiral")
        try SyntheticData.requireSpread(noise, "noise", in: "spiral")
        let total = try SyntheticData.checkedSampleCount([classes, pointsPerClass])

        var builder = SyntheticData.Builder(samples: total, name: "spiral")
        let radius = SyntheticData.linspace(0, 1, pointsPerClass)
        for arm in 0 ..< classes {
            let (start, end) = Self.spiralAngles(arm: arm, of: classes, style: style)
            let angles = SyntheticData.linspace(start, end, pointsPerClass)
            for (r, angle) in zip(radius, angles) {
                let t = angle + noise * generator.normal(mean: 0, std: 1)
                try builder.append(r * SyntheticData.sine(t), r * SyntheticData.cosine(t), label: arm)
            }
        }
        return try builder.dataset(classCount: classes, name: "spiral")
    }

    /// The first and last angle (before noise) of arm `arm` of `classes`, in radians.
    static func spiralAngles(arm: Int, of classes: Int, style: SpiralStyle) -> (Double, Double) {
        switch style {
        case .article:
            let share = 2 * Double.pi / Double(classes)
            return (Double(arm) * share, (Double(arm) + 1.5) * share)
        case .cs231n:
            return (4 * Double(arm), 4 * Double(arm + 1))
        }
    }
}
