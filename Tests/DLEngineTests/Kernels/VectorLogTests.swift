#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import Testing
@testable import DLEngine

/// The vector logarithm against the C library's `log`: within 1 ulp over the range a log-sum-exp sees
/// (sums of 1 to thousands of exponentials) and over random doubles of every magnitude, and exactly the
/// special values.
@Suite struct VectorLogTests {
    /// The distance in units in the last place between two finite doubles of the same sign.
    static func ulps(_ a: Double, _ b: Double) -> UInt64 {
        let (x, y) = (a.bitPattern, b.bitPattern)
        return x > y ? x - y : y - x
    }

    static func worst(_ values: [Double]) -> UInt64 {
        var worst: UInt64 = 0
        var start = 0
        while start < values.count {
            var lanes = VectorLog.Vector(repeating: 1)
            let count = Swift.min(8, values.count - start)
            for l in 0 ..< count { lanes[l] = values[start + l] }
            let result = VectorLog.log(lanes)
            for l in 0 ..< count {
                let expected = log(values[start + l])
                if expected == 0 || result[l] == 0 {
                    worst = Swift.max(worst, expected == result[l] ? 0 : .max)
                } else {
                    worst = Swift.max(worst, expected.sign == result[l].sign ? ulps(expected, result[l]) : .max)
                }
            }
            start += 8
        }
        return worst
    }

    @Test func withinOneUlpWhereTheLossUsesIt() {
        // Every 1/4096 of [1, 64], then every 1/16 up to 4096: sums of e^(z - m), the largest being 1.
        var dense: [Double] = []
        for i in 0 ..< 63 * 4096 { dense.append(1 + Double(i) / 4096) }
        for i in 0 ..< 64_512 { dense.append(64 + Double(i) / 16) }
        #expect(Self.worst(dense) <= 1)
    }

    @Test func withinOneUlpOverEveryMagnitude() {
        var rng = RandomGenerator(seed: 23)
        // Random exponents from the smallest normal to the largest finite double, random mantissas;
        // and values just around 1 and √2 (the reduction's edges).
        var random: [Double] = []
        for _ in 0 ..< 100_000 {
            let exponent = rng.integer(below: 2046) - 1022
            let significand: Double = 1 + Double(rng.next() >> 11) / 9_007_199_254_740_992
            random.append(Double(sign: .plus, exponent: exponent, significand: significand))
        }
        var edges: [Double] = []
        for base in [1.0, 2.0.squareRoot(), 2.0.squareRoot() / 2] {
            var up = base, down = base
            for _ in 0 ..< 2_000 { up = up.nextUp; down = down.nextDown; edges += [up, down] }
        }
        #expect(Self.worst(random) <= 1)
        #expect(Self.worst(edges) <= 1)
    }

    @Test func specialValuesAreTheLibrarys() {
        let specials: [Double] = [0, -0.0, .infinity, -.infinity, .nan, -1, .leastNonzeroMagnitude,
                                  .leastNormalMagnitude, .greatestFiniteMagnitude, 1]
        var lanes = VectorLog.Vector(repeating: 2)
        for (l, value) in specials.prefix(8).enumerated() { lanes[l] = value }
        let result = VectorLog.log(lanes)
        for (l, value) in specials.prefix(8).enumerated() {
            let expected = log(value)
            #expect(expected.isNaN ? result[l].isNaN : result[l] == expected, "log(\(value))")
        }
        var rest = VectorLog.Vector(repeating: 1)
        rest[0] = .greatestFiniteMagnitude
        #expect(Self.ulps(VectorLog.log(rest)[0], log(Double.greatestFiniteMagnitude)) <= 1)
        #expect(VectorLog.log(rest)[1] == 0)
    }
}
