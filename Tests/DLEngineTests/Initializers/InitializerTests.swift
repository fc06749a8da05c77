import Testing
import DLEngine

/// Statistics of large draws against each initializer's formula, determinism by seed, names and errors.
///
/// Tolerances: each check allows 5 standard errors of the estimate (so a correct initializer fails with
/// probability below 1e-6, and the seed is fixed anyway) while a wrong formula — a missing √, gain or
/// factor 2 — misses by far more. With n draws of spread s, the sample mean's standard error is s/√n and
/// the sample standard deviation's is about s/√(2n) for a normal (smaller for a uniform).
@Suite struct InitializerTests {
    static let shape = [200, 300]  // 60,000 draws; fanIn 200, fanOut 300
    static let n = 60_000.0

    func draw(_ initializer: Initializer, seed: UInt64 = 42) throws -> [Float] {
        var rng = RandomGenerator(seed: seed)
        let t = try initializer.make(Self.shape, fanIn: 200, fanOut: 300, using: &rng)
        #expect(t.shape == Self.shape)
        #expect(!t.requiresGrad)
        return t.data
    }

    /// Checks the mean against `mean` and the standard deviation against `std`, each within 5 standard errors.
    func expectMoments(_ values: [Float], mean: Double, std: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        let s = statistics(values)
        #expect(Swift.abs(s.mean - mean) <= 5 * std / Self.n.squareRoot(), "mean \(s.mean) vs \(mean)",
                sourceLocation: sourceLocation)
        #expect(Swift.abs(s.std - std) <= 5 * std / (2 * Self.n).squareRoot(), "std \(s.std) vs \(std)",
                sourceLocation: sourceLocation)
    }

    @Test func constants() throws {
        #expect(try draw(.zeros).allSatisfy { $0 == 0 })
        #expect(try draw(.constant(0.5)).allSatisfy { $0 == 0.5 })
    }

    @Test func normalAndTheArticlesSmallValues() throws {
        expectMoments(try draw(.normal(mean: 2, std: 3)), mean: 2, std: 3)
        #expect(Initializer.small == .normal(mean: 0, std: 0.01))
        expectMoments(try draw(.small), mean: 0, std: 0.01)
        #expect(try draw(.normal(mean: 1, std: 0)).allSatisfy { $0 == 1 })
    }

    @Test func uniform() throws {
        let values = try draw(.uniform(low: -1, high: 3))
        #expect(values.allSatisfy { $0 >= -1 && $0 < 3 })
        expectMoments(values, mean: 1, std: 4 / 12.0.squareRoot())  // U[a, b): sd (b − a)/√12
    }

    @Test func xavier() throws {
        let std = (2.0 / 500).squareRoot(), bound = (6.0 / 500).squareRoot()
        expectMoments(try draw(.xavierNormal), mean: 0, std: std)
        let values = try draw(.xavierUniform)
        #expect(values.allSatisfy { Swift.abs(Double($0)) <= bound })
        // U[−a, a) has sd a/√3 = √(2 / (fanIn + fanOut)): the same spread as the normal variant.
        expectMoments(values, mean: 0, std: std)
        #expect(values.max().map { Double($0) > 0.99 * bound } == true)  // the bound is reached, not a smaller one
    }

    @Test func he() throws {
        let std = (2.0 / 200).squareRoot(), bound = (6.0 / 200).squareRoot()
        expectMoments(try draw(.heNormal), mean: 0, std: std)
        let values = try draw(.heUniform)
        #expect(values.allSatisfy { Swift.abs(Double($0)) <= bound })
        expectMoments(values, mean: 0, std: std)
        #expect(values.max().map { Double($0) > 0.99 * bound } == true)
    }

    @Test(arguments: [Initializer.small, .uniform(low: 0, high: 1), .xavierNormal, .xavierUniform, .heNormal, .heUniform])
    func sameSeedSameValues(initializer: Initializer) throws {
        #expect(try draw(initializer, seed: 7) == draw(initializer, seed: 7))
        #expect(try draw(initializer, seed: 7) != draw(initializer, seed: 8))
    }

    @Test func namesRoundTrip() throws {
        for initializer in [Initializer.zeros, .xavierNormal, .xavierUniform, .heNormal, .heUniform] {
            #expect(try Initializer(name: initializer.name) == initializer)
        }
        #expect(Initializer.xavierUniform.name == "xavier_uniform")
        #expect(Initializer.heNormal.name == "he_normal")
        #expect(try Initializer(name: "small") == .small)
        #expect(try Initializer(name: "ones") == .constant(1))
        #expect(try Initializer(name: "normal") == .normal(mean: 0, std: 1))
        #expect(try Initializer(name: "uniform") == .uniform(low: 0, high: 1))
        #expect(try Initializer(name: "glorot_uniform") == .xavierUniform)
        #expect(try Initializer(name: "kaiming_normal") == .heNormal)
        #expect(Initializer.small.description == "normal(mean=0.0, std=0.01)")
        for name in Initializer.knownNames { _ = try Initializer(name: name) }
    }

    @Test func errors() throws {
        var rng = RandomGenerator(seed: 1)
        let bad: [(Initializer, Int, Int)] = [
            (.normal(mean: 0, std: -1), 2, 2), (.normal(mean: .nan, std: 1), 2, 2), (.normal(mean: 0, std: .infinity), 2, 2),
            (.uniform(low: 1, high: 0), 2, 2), (.uniform(low: 0, high: .infinity), 2, 2), (.constant(.nan), 2, 2),
            (.xavierNormal, 0, 0), (.xavierUniform, -1, 1), (.heNormal, 0, 5), (.heUniform, -3, 5),
        ]
        for (initializer, fanIn, fanOut) in bad {
            #expect(throws: EngineError.self, "\(initializer)") {
                try initializer.make([2, 2], fanIn: fanIn, fanOut: fanOut, using: &rng)
            }
        }
        #expect(throws: EngineError.invalidArgument("uniform initializer needs finite bounds with low <= high; got low 1.0, high 0.0")) {
            try Initializer.uniform(low: 1, high: 0).make([2], fanIn: 1, fanOut: 1, using: &rng)
        }
        #expect(throws: EngineError.self) { try Initializer.zeros.make([-1, 2], fanIn: 1, fanOut: 1, using: &rng) }
        do {
            _ = try Initializer(name: "xavier")
            Issue.record("expected an error")
        } catch let error as EngineError {
            #expect(error.description.contains("unknown initializer 'xavier'"))
            #expect(error.description.contains("xavier_uniform"))
        }
    }
}
