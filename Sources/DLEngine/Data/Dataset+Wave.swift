extension Dataset {
    /// A noisy sine wave, the regression counterpart of the spiral: `y = sin(frequency · x) + noise · ε`,
    /// with `x` uniform in [−π, π) and ε standard normal.
    ///
    /// For each sample in turn the generator gives `x`, then ε (drawn also when `noise` is 0, so the
    /// generator moves on by the same amount whatever the noise). Computed in Double, stored as Float.
    ///
    /// - Shapes: inputs `[samples, 1]`; targets `.values` of shape `[samples, 1]`.
    /// - Parameters:
    ///   - samples: the number of points, at least 1.
    ///   - noise: the standard deviation of the noise, finite and ≥ 0.
    ///   - frequency: periods of the sine per 2π of `x`; finite (1 gives one period over the range).
    /// - Throws: ``EngineError/invalidArgument(_:)`` for no samples, a negative or non-finite noise, or a
    ///   non-finite frequency; ``EngineError/allocationTooLarge(shape:limit:)`` for more points than
    ///   memory holds.
    public static func wave(samples: Int, noise: Double = 0.1, frequency: Double = 1,
                            using generator: inout RandomGenerator) throws -> Dataset {
        try SyntheticData.require(samples, atLeast: 1, "samples", in: "wave")
        try SyntheticData.requireSpread(noise, "noise", in: "wave")
        guard frequency.isFinite else { throw EngineError.invalidArgument("wave needs a finite frequency, got \(frequency)") }
        let total = try SyntheticData.checkedSampleCount([samples], features: 1)
        var x = [Float](), y = [Float]()
        x.reserveCapacity(total)
        y.reserveCapacity(total)
        for i in 0 ..< total {
            // Ctrl-C between blocks of 65,536 points, as the other synthetic data sets.
            if i & 0xFFFF == 0xFFFF { try Interruption.check("after \(i + 1) of \(total) samples") }
            let position = -Double.pi + 2 * Double.pi * generator.nextUnit()
            let epsilon = generator.normal(mean: 0, std: 1)
            x.append(Float(position))
            y.append(Float(SyntheticData.sine(frequency * position) + noise * epsilon))
        }
        return try Dataset(inputs: Tensor(shape: [total, 1], data: x),
                           targets: .values(Tensor(shape: [total, 1], data: y)), name: "wave")
    }
}
