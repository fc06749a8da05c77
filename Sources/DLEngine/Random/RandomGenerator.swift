/// dlnb's own seedable random number generator: xoshiro256** seeded through SplitMix64.
///
/// The platform's generators differ between machines and are not seedable; this one gives the same
/// numbers for the same seed everywhere, so a notebook's results follow from its seed. Normal variates use
/// Marsaglia's polar method in `Double` (only `log` and `sqrt`, no trigonometry), so they too are
/// reproducible.
public struct RandomGenerator: RandomNumberGenerator, Sendable, Equatable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    /// The second normal variate of the last polar-method pair, handed out by the next call.
    private var spareNormal: Double?

    /// Creates a generator whose whole sequence follows from `seed`.
    public init(seed: UInt64) {
        var sm = seed
        func splitMix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    /// The generator's whole state: xoshiro's four words and the spare normal variate. Saving it and
    /// restoring it with ``init(state:)`` continues the sequence exactly where it was (a training checkpoint).
    public struct State: Equatable, Sendable {
        public var words: [UInt64]
        public var spareNormal: Double?

        public init(words: [UInt64], spareNormal: Double?) {
            (self.words, self.spareNormal) = (words, spareNormal)
        }
    }

    public var state: State { State(words: [s0, s1, s2, s3], spareNormal: spareNormal) }

    /// The generator whose state is `state`.
    /// - Throws: ``EngineError/invalidArgument(_:)`` unless there are four words, not all zero (xoshiro's
    ///   one invalid state: it gives only zeros), and the spare variate, if any, is finite.
    public init(state: State) throws {
        guard state.words.count == 4, state.words.contains(where: { $0 != 0 }) else {
            throw EngineError.invalidArgument("a random generator's state is four words, not all zero")
        }
        guard state.spareNormal?.isFinite ?? true else {
            throw EngineError.invalidArgument("a random generator's spare normal variate must be finite")
        }
        (s0, s1, s2, s3) = (state.words[0], state.words[1], state.words[2], state.words[3])
        spareNormal = state.spareNormal
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform `Double` in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform `Float` in [a, b).
    public mutating func uniform(_ a: Float = 0, _ b: Float = 1) -> Float {
        let u = Float(Double(a) + (Double(b) - Double(a)) * nextUnit())
        // Rounding to Float can land on b; keep the interval half-open.
        return u < b ? u : a
    }

    /// A normal variate with the given mean and standard deviation.
    public mutating func normal(mean: Double = 0, std: Double = 1) -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return mean + std * spare
        }
        while true {
            let u = 2 * nextUnit() - 1, v = 2 * nextUnit() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * _log(s) / s).squareRoot()
                spareNormal = v * factor
                return mean + std * u * factor
            }
        }
    }

    /// A uniform integer in `0 ..< bound` (unbiased; Lemire's multiply-and-reject). `bound` must be positive.
    public mutating func integer(below bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        let b = UInt64(bound)
        var product = next().multipliedFullWidth(by: b)
        // A draw is rejected when its low word is below 2⁶⁴ mod b, which is less than b: the division
        // that computes it is needed only when the low word is below b (rarely), and the draws accepted
        // are the same as with it computed every time (a shuffle of 300 spent most of its time on it).
        if product.low < b {
            let threshold = (0 &- b) % b
            while product.low < threshold { product = next().multipliedFullWidth(by: b) }
        }
        return Int(product.high)
    }

    /// A random permutation of `0 ..< count` (Fisher–Yates, from the back).
    public mutating func permutation(_ count: Int) -> [Int] {
        var p = Array(0 ..< max(count, 0))
        shuffle(&p)
        return p
    }

    /// Draws what ``permutation(_:)`` draws for `count` items, without making it: the draws do not depend
    /// on the array's contents (a trace that follows a fit's generator needs the state, not the order).
    public mutating func skipPermutation(_ count: Int) {
        var i = count - 1
        while i > 0 {
            _ = integer(below: i + 1)
            i -= 1
        }
    }

    /// Shuffles `array` in place (Fisher–Yates), the same way on every machine.
    public mutating func shuffle<T>(_ array: inout [T]) {
        // On the buffer: `swapAt` on the array checked its uniqueness and bounds on every swap.
        array.withUnsafeMutableBufferPointer { buffer in
            var i = buffer.count - 1
            while i > 0 {
                let j = integer(below: i + 1)
                buffer.swapAt(i, j)
                i -= 1
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Foundation
#endif

@inline(__always) private func _log(_ x: Double) -> Double { log(x) }
