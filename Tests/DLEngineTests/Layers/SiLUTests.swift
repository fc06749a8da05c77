import Foundation
import Testing
@testable import DLEngine

/// SiLU: values against Python (`x / (1 + math.exp(-x))` in double precision, rounded to 7 places;
/// PyTorch's `F.silu(1) = 0.7310586`), the gradient against finite differences, the buffered step
/// against autodiff, and save/load.
@Suite struct SiLUTests {
    static let xs: [Float] = [-3, -1, -0.5, 0, 0.5, 1, 2]

    @Test func valuesAndDerivatives() throws {
        let expected = [-0.1422776, -0.2689414, -0.1887703, 0.0, 0.3112297, 0.7310586, 1.7615942]
        let y = try SiLU()(Tensor(Self.xs))
        for (a, b) in zip(y.data, expected) { #expect(isClose(a, b, relative: 1e-5, absolute: 2e-7), "\(a) vs \(b)") }
        // Python: σ(x)·(1 + x·(1 − σ(x)))
        let slopes = [-0.0881041, 0.0723295, 0.2600388, 0.5, 0.7399612, 0.9276705, 1.0907842]
        let f = SiLUFunction()
        for (x, s) in zip(Self.xs, slopes) { #expect(isClose(f.gradient(x: x, y: f.value(x), dy: 1), s, absolute: 2e-7)) }
        // Far out, no overflow: x·σ(x) → 0 below, → x above.
        #expect(try SiLU()(Tensor([-200, 200])).data == [-0.0, 200])
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        let result = try GradientCheck.check([try sample([4, 3], seed: 12)], tolerance: 5e-3) { try $0[0].silu() }
        #expect(result.passed, "\(result)")
    }

    @Test func bufferedStepMatchesAutodiff() throws {
        let layers: (inout RandomGenerator) throws -> [any Layer] = { rng in
            [try Linear(inputSize: 2, outputSize: 16, using: &rng), SiLU(), try Linear(inputSize: 16, outputSize: 3, using: &rng)]
        }
        BufferedTrainingTests.expectSame(try BufferedTrainingTests.fit(buffered: true, layers: layers),
                                         try BufferedTrainingTests.fit(buffered: false, layers: layers))
    }

    @Test func savesAndLoads() throws {
        let folder = try TemporaryFolder()
        var rng = RandomGenerator(seed: 3)
        let model = Sequential([try Linear(inputSize: 2, outputSize: 4, using: &rng), SiLU()])
        try model.save(to: folder.path + "/silu.dlnbmodel")
        let loaded = try Sequential.load(from: folder.path + "/silu.dlnbmodel")
        #expect(loaded.description == model.description)
        let x = try sample([5, 2], seed: 4)
        #expect(try loaded.predict(x).data == model.predict(x).data)
    }
}
