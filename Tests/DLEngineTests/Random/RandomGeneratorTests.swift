import Testing
@testable import DLEngine

/// The generator's integers against an independent statement of Lemire's multiply-and-reject, which
/// computes the rejection threshold 2⁶⁴ mod b on every draw: the same values from the same seed, also
/// for bounds where many draws are rejected.
@Suite struct RandomGeneratorTests {
    static func reference(_ generator: inout RandomGenerator, below bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        let b = UInt64(bound)
        while true {
            let product = generator.next().multipliedFullWidth(by: b)
            if product.low >= (0 &- b) % b { return Int(product.high) }
        }
    }

    @Test func integersAreThoseOfTheRejectionRule() {
        // 2⁶² + 1 and 3 · 2⁶¹ reject about a quarter and a third of the draws.
        let bounds = [1, 2, 3, 7, 20, 300, 1 << 31, (1 << 62) + 1, 3 << 61, Int.max]
        for bound in bounds {
            var fast = RandomGenerator(seed: 17), slow = RandomGenerator(seed: 17)
            for _ in 0 ..< 2_000 {
                let value = fast.integer(below: bound)
                #expect(value == Self.reference(&slow, below: bound), "bound \(bound)")
                #expect(value >= 0 && value < Swift.max(bound, 1))
            }
            // Both consumed the same draws.
            #expect(fast.next() == slow.next(), "bound \(bound)")
        }
    }

    @Test func aPermutationHoldsEveryIndexOnce() {
        var generator = RandomGenerator(seed: 3)
        for count in [0, 1, 2, 300] {
            #expect(generator.permutation(count).sorted() == Array(0 ..< count))
        }
    }

    /// Skipping a permutation leaves the generator where making it would (the fit's generator trace
    /// relies on it instead of making a permutation of every sample per epoch).
    @Test func skippingAPermutationDrawsWhatMakingItDraws() {
        for count in [0, 1, 2, 3, 300, 10_007] {
            var made = RandomGenerator(seed: 42), skipped = made
            _ = made.permutation(count)
            skipped.skipPermutation(count)
            #expect(made.next() == skipped.next(), "count \(count)")
        }
    }
}
