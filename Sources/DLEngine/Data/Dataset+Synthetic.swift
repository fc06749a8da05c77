#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Foundation
#endif

/// Helpers shared by the synthetic two-dimensional data sets (spiral, moons, circles, blobs, xor): argument
/// checks with one wording, NumPy's `linspace`, and assembly into a ``Dataset``.
///
/// Every generator computes in `Double` and stores `Float`, as NumPy does when it fills a float32 array
/// from float64 arithmetic, and draws its random numbers from the caller's ``RandomGenerator`` only, so a
/// seed gives the same data on every machine.
enum SyntheticData {
    /// Checks that a count argument is at least `minimum` (`"samples"`, `"classes"`, ...).
    /// - Throws: ``EngineError/invalidArgument(_:)`` naming the argument, the value and the data set.
    static func require(_ value: Int, atLeast minimum: Int, _ name: String, in dataset: String) throws {
        guard value >= minimum else {
            throw EngineError.invalidArgument("\(dataset) needs \(name) ≥ \(minimum), got \(value)")
        }
    }

    /// Checks that a noise level (or another spread) is finite and not negative.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for a negative, infinite or NaN value.
    static func requireSpread(_ value: Double, _ name: String, in dataset: String) throws {
        guard value >= 0, value.isFinite else {
            throw EngineError.invalidArgument("\(dataset) needs a finite \(name) ≥ 0, got \(value)")
        }
    }

    /// Checks that a data set of `samples` rows of `features` floats may be allocated, before anything is.
    /// Each row also costs an `Int` label and a few `Double`s of working arrays while it is made, counted
    /// here as four more floats, so a request for more than the machine can hold is an error, not an
    /// out-of-memory kill.
    /// - Parameter factors: the sizes whose product is the number of samples (multiplied with an overflow check).
    /// - Returns: the number of samples.
    /// - Throws: ``EngineError/allocationTooLarge(shape:limit:)``.
    static func checkedSampleCount(_ factors: [Int], features: Int = 2) throws -> Int {
        // Counting through Shape.elementCount catches both an overflowing product and a huge one.
        _ = try Shape.elementCount(factors + [features + 4])
        return try Shape.elementCount(factors)
    }

    /// NumPy's `linspace(start, stop, count)` with its endpoint rule: `count` evenly spaced values from
    /// `start`, ending at `stop` exactly when `endpoint` (NumPy's default), else one step before it.
    /// One value is `[start]`; zero values are `[]`.
    static func linspace(_ start: Double, _ stop: Double, _ count: Int, endpoint: Bool = true) -> [Double] {
        guard count > 1 else { return count == 1 ? [start] : [] }
        let divisions = Double(endpoint ? count - 1 : count)
        let step = (stop - start) / divisions
        var values = (0 ..< count).map { start + Double($0) * step }
        if endpoint { values[count - 1] = stop }
        return values
    }

    /// Sizes of `count` parts of `total` that differ by at most one, the larger ones first: scikit-learn's
    /// split of samples over blobs (`[n / k] * k`, then one more for each of the first `n % k`).
    static func evenParts(of total: Int, count: Int) -> [Int] {
        guard count > 0 else { return [] }
        let base = total / count, extra = total % count
        return (0 ..< count).map { base + ($0 < extra ? 1 : 0) }
    }

    /// Collects points and labels class by class, then makes the ``Dataset`` (inputs `[N, 2]`).
    struct Builder {
        private var values: [Float] = []
        private var labels: [Int] = []

        /// Reserves room for `samples` points (already checked by ``checkedSampleCount(_:features:)``) of
        /// the data set `name`.
        init(samples: Int, name: String) {
            self.name = name
            total = samples
            values.reserveCapacity(2 * samples)
            labels.reserveCapacity(samples)
        }

        /// What the data set is called in an interruption's message.
        private let name: String
        private let total: Int

        /// Appends the point `(x, y)`, rounded to `Float`, with its class.
        /// - Throws: ``EngineError/interrupted(_:)`` when Ctrl-C asks to stop (asked every 65,536 points).
        mutating func append(_ x: Double, _ y: Double, label: Int) throws {
            if labels.count & 0xFFFF == 0xFFFF {
                try Interruption.check("after \(labels.count + 1) of \(total) samples")
            }
            values.append(Float(x))
            values.append(Float(y))
            labels.append(label)
        }

        /// Appends `(x, y)` plus Gaussian noise of standard deviation `noise` on each coordinate, drawn x
        /// first, then y. Row by row, this is scikit-learn's `X += generator.normal(scale=noise, size=X.shape)`
        /// with the sum taken in `Double`. The two variates are drawn even when `noise` is 0, so the generator
        /// moves on by the same amount whatever the noise.
        mutating func append(_ x: Double, _ y: Double, label: Int, noise: Double, using generator: inout RandomGenerator) throws {
            let dx = generator.normal(mean: 0, std: 1), dy = generator.normal(mean: 0, std: 1)
            try append(x + noise * dx, y + noise * dy, label: label)
        }

        /// The data set. - Throws: only if the counts disagree, which the generators rule out.
        func dataset(classCount: Int, name: String) throws -> Dataset {
            let inputs = try Tensor(shape: [labels.count, 2], data: values)
            return try Dataset(inputs: inputs, targets: .classes(labels, classCount: classCount), name: name)
        }
    }

    static func sine(_ x: Double) -> Double { sin(x) }
    static func cosine(_ x: Double) -> Double { cos(x) }
}
