import Testing
import DLEngine

/// The generated image data set of simple shapes.
@Suite struct ShapesDataTests {
    @Test func imagesAreBalancedSeededAndInRange() throws {
        var rng = RandomGenerator(seed: 1)
        let data = try Dataset.shapes(samples: 60, size: 12, noise: 0, using: &rng)
        #expect(data.inputs.shape == [60, 1, 12, 12])
        #expect(data.classCount == ShapeKind.allCases.count)
        #expect(data.labels == (0 ..< 60).map { $0 % 6 })
        #expect(data.inputs.data.allSatisfy { $0 == 0 || ($0 >= 0.6 && $0 < 1) })
        // Every image has a figure, and a filled square has more lit pixels than a bar of its length.
        for n in 0 ..< 60 { #expect(data.inputs.data[n * 144 ..< (n + 1) * 144].contains { $0 > 0 }) }
        var again = RandomGenerator(seed: 1)
        #expect(try Dataset.shapes(samples: 60, size: 12, noise: 0, using: &again).inputs.data == data.inputs.data)
        #expect(ShapeKind.ring.description == "ring")
    }

    @Test func noiseAndSizesAreChecked() throws {
        var rng = RandomGenerator(seed: 2)
        let noisy = try Dataset.shapes(samples: 6, size: 8, noise: 0.2, using: &rng)
        #expect(noisy.inputs.data.contains { $0 < 0 })
        #expect(throws: EngineError.self) { try Dataset.shapes(samples: 0, using: &rng) }
        let small = #expect(throws: EngineError.self) { try Dataset.shapes(samples: 6, size: 7, using: &rng) }
        #expect(small?.description == "shapes needs a size from 8 to 256 pixels, got 7")
        #expect(throws: EngineError.self) { try Dataset.shapes(samples: 6, noise: -1, using: &rng) }
    }
}
