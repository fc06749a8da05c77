import Foundation
import Testing
@testable import DLEngine

/// GELU: values against Python's `math.erf` (0.5·x·(1 + erf(x/√2)) in double precision, rounded to 7
/// places; the same as PyTorch's `F.gelu`: GELU(1) = 0.8413447), the gradient against finite
/// differences, the buffered step against autodiff, and save/load.
@Suite struct GELUTests {
    static let xs: [Float] = [-3, -1, -0.5, 0, 0.5, 1, 2]

    @Test func exactValuesAndDerivatives() throws {
        // Python: [0.5*x*(1+math.erf(x/math.sqrt(2))) for x in xs]
        let expected = [-0.0040497, -0.1586553, -0.1542688, 0.0, 0.3457312, 0.8413447, 1.9544997]
        let y = try GELU()(Tensor(Self.xs))
        for (a, b) in zip(y.data, expected) { #expect(isClose(a, b, relative: 1e-5, absolute: 2e-7), "\(a) vs \(b)") }
        // Python: Φ(x) + x·φ(x)
        let slopes = [-0.0119456, -0.0833155, 0.1325049, 0.5, 0.8674951, 1.0833155, 1.0852318]
        let f = GELUFunction(approximate: .none)
        for (x, s) in zip(Self.xs, slopes) { #expect(isClose(f.gradient(x: x, y: f.value(x), dy: 1), s, absolute: 2e-7)) }
    }

    @Test func tanhApproximationValues() throws {
        // Python: 0.5*x*(1+math.tanh(math.sqrt(2/math.pi)*(x+0.044715*x**3)))
        let expected = [-0.0036374, -0.158808, -0.154286, 0.0, 0.345714, 0.841192, 1.9545977]
        let y = try GELU(approximate: .tanh)(Tensor(Self.xs))
        for (a, b) in zip(y.data, expected) { #expect(isClose(a, b, relative: 1e-5, absolute: 2e-7), "\(a) vs \(b)") }
        #expect(GELU(approximate: .tanh).description == "GELU(approximate=tanh)")
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        let x = try sample([3, 5], seed: 11)
        for approximate in [GELU.Approximation.none, .tanh] {
            let result = try GradientCheck.check([x], tolerance: 5e-3) { try $0[0].gelu(approximate: approximate) }
            #expect(result.passed, "\(approximate): \(result)")
        }
    }

    @Test func bufferedStepMatchesAutodiff() throws {
        for approximate in [GELU.Approximation.none, .tanh] {
            let layers: (inout RandomGenerator) throws -> [any Layer] = { rng in
                [try Linear(inputSize: 2, outputSize: 16, using: &rng), GELU(approximate: approximate),
                 try Linear(inputSize: 16, outputSize: 3, using: &rng)]
            }
            BufferedTrainingTests.expectSame(try BufferedTrainingTests.fit(buffered: true, layers: layers),
                                             try BufferedTrainingTests.fit(buffered: false, layers: layers))
        }
    }

    @Test func savesAndLoads() throws {
        let folder = try TemporaryFolder()
        var rng = RandomGenerator(seed: 3)
        let model = Sequential([try Linear(inputSize: 2, outputSize: 4, using: &rng), GELU(approximate: .tanh), GELU()])
        try model.save(to: folder.path + "/gelu.dlnbmodel")
        let loaded = try Sequential.load(from: folder.path + "/gelu.dlnbmodel")
        #expect(loaded.description == model.description)
        let x = try sample([5, 2], seed: 4)
        #expect(try loaded.predict(x).data == model.predict(x).data)
    }
}
