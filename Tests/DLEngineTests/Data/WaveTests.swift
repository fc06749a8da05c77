import Testing
import DLEngine
import Foundation

/// The noisy sine wave: shapes, the function it samples, its generator use, and its argument checks.
@Suite struct WaveTests {
    @Test func samplesASineWithNoise() throws {
        var rng = RandomGenerator(seed: 3)
        let clean = try Dataset.wave(samples: 50, noise: 0, frequency: 2, using: &rng)
        #expect(clean.inputs.shape == [50, 1] && clean.targets.valuesTensor?.shape == [50, 1])
        #expect(clean.description == "wave: 50 samples, inputs [1], real-valued targets [1]")
        let y = try #require(clean.targets.valuesTensor).data
        for (x, t) in zip(clean.inputs.data, y) {
            #expect(x >= -Float.pi && x < Float.pi)
            #expect(isClose(t, Foundation.sin(2 * Double(x)), absolute: 1e-6))
        }
        // The same seed gives the same x whatever the noise (ε is drawn either way); the noise moves y.
        var a = RandomGenerator(seed: 9), b = RandomGenerator(seed: 9)
        let quiet = try Dataset.wave(samples: 200, noise: 0, using: &a)
        let noisy = try Dataset.wave(samples: 200, noise: 0.1, using: &b)
        #expect(quiet.inputs.data == noisy.inputs.data && a.next() == b.next())
        let residuals = zip(try #require(noisy.targets.valuesTensor).data, try #require(quiet.targets.valuesTensor).data).map { Double($0 - $1) }
        let std = (residuals.map { $0 * $0 }.reduce(0, +) / 200).squareRoot()
        #expect(std > 0.08 && std < 0.12)  // 0.1 within sampling error (200 draws)
    }

    @Test func badArgumentsAreRefused() throws {
        var rng = RandomGenerator(seed: 1)
        #expect(throws: EngineError.invalidArgument("wave needs samples ≥ 1, got 0")) { try Dataset.wave(samples: 0, using: &rng) }
        #expect(throws: EngineError.self) { try Dataset.wave(samples: 5, noise: -1, using: &rng) }
        #expect(throws: EngineError.self) { try Dataset.wave(samples: 5, frequency: .infinity, using: &rng) }
        #expect(throws: EngineError.self) { try Dataset.wave(samples: Int.max, using: &rng) }
    }
}
