import Foundation
import Testing
import DLEngine

/// Counts of each class label, index = class.
private func classCounts(_ data: Dataset) throws -> [Int] {
    let labels = try #require(data.labels), classes = try #require(data.classCount)
    var counts = [Int](repeating: 0, count: classes)
    for label in labels { counts[label] += 1 }
    return counts
}

/// The point of sample `i` as `(x, y)`.
private func point(_ data: Dataset, _ i: Int) -> (x: Double, y: Double) {
    (Double(data.inputs.data[2 * i]), Double(data.inputs.data[2 * i + 1]))
}

/// Whether labels are sorted class by class (0, 0, …, 1, 1, …).
private func orderedByClass(_ data: Dataset) throws -> Bool {
    let labels = try #require(data.labels)
    return zip(labels, labels.dropFirst()).allSatisfy { $0 <= $1 }
}

@Suite struct SpiralTests {
    @Test func shapesLabelsAndOrder() throws {
        var generator = RandomGenerator(seed: 1)
        let data = try Dataset.spiral(using: &generator)
        #expect(data.inputs.shape == [300, 2])
        #expect(data.name == "spiral" && data.classCount == 3)
        #expect(try classCounts(data) == [100, 100, 100])
        #expect(try orderedByClass(data))
    }

    /// The article's formula, recomputed here independently from the same seed: for arm j of k,
    /// r = linspace(0, 1, n), t = linspace(j·2π/k, (j + 1.5)·2π/k, n) + noise·randn(n), x = (r sin t, r cos t);
    /// CS231n's arms run from 4j to 4(j + 1) instead.
    @Test(arguments: [SpiralStyle.article, .cs231n])
    func pointsFollowTheFormula(style: SpiralStyle) throws {
        let n = 50, k = 4, noise = 0.2
        var generator = RandomGenerator(seed: 7)
        let data = try Dataset.spiral(pointsPerClass: n, classes: k, noise: noise, style: style, using: &generator)
        var oracle = RandomGenerator(seed: 7)
        for j in 0 ..< k {
            let (start, end) = style == .article
                ? (Double(j) * 2 * Double.pi / Double(k), (Double(j) + 1.5) * 2 * Double.pi / Double(k))
                : (4.0 * Double(j), 4.0 * Double(j + 1))
            for i in 0 ..< n {
                let r = Double(i) / Double(n - 1)
                let t = start + Double(i) * (end - start) / Double(n - 1) + noise * oracle.normal()
                let p = point(data, j * n + i)
                #expect(isClose(p.x, r * sin(t), relative: 1e-6, absolute: 1e-7))
                #expect(isClose(p.y, r * cos(t), relative: 1e-6, absolute: 1e-7))
            }
        }
        // The generator moved on by exactly the n·k variates the formula used.
        #expect(generator.next() == oracle.next())
    }

    /// Worked by hand: without noise, arm 0 of 3 ends at angle 1.5·2π/3 = π, i.e. (sin π, cos π) = (0, −1);
    /// arm 1 ends at 2.5·2π/3 = 5π/3, i.e. (−√3/2, 1/2); CS231n's arm 0 ends at 4 radians.
    @Test func armTipsWithoutNoise() throws {
        var generator = RandomGenerator(seed: 3)
        let data = try Dataset.spiral(pointsPerClass: 10, classes: 3, noise: 0, using: &generator)
        #expect(isClose(point(data, 9).x, 0, absolute: 1e-6) && isClose(point(data, 9).y, -1))
        #expect(isClose(point(data, 19).x, -3.0.squareRoot() / 2) && isClose(point(data, 19).y, 0.5))
        #expect(point(data, 0).x == 0 && point(data, 0).y == 0)
        let cs = try Dataset.spiral(pointsPerClass: 10, classes: 3, noise: 0, style: .cs231n, using: &generator)
        #expect(isClose(point(cs, 9).x, sin(4.0)) && isClose(point(cs, 9).y, cos(4.0)))
    }

    @Test func pointsLieInTheUnitDiscWithRadiusGrowingAlongEachArm() throws {
        var generator = RandomGenerator(seed: 11)
        let n = 100
        let data = try Dataset.spiral(pointsPerClass: n, classes: 3, noise: 0.3, using: &generator)
        for arm in 0 ..< 3 {
            var previous = -1.0
            for i in 0 ..< n {
                let p = point(data, arm * n + i)
                let radius = (p.x * p.x + p.y * p.y).squareRoot()
                #expect(radius <= 1 + 1e-6)
                #expect(isClose(radius, Double(i) / Double(n - 1), absolute: 1e-6))
                #expect(radius >= previous - 1e-6)
                previous = radius
            }
        }
    }

    @Test func sameSeedSameDataDifferentSeedDifferentData() throws {
        var a = RandomGenerator(seed: 42), b = RandomGenerator(seed: 42), c = RandomGenerator(seed: 43)
        let first = try Dataset.spiral(using: &a), second = try Dataset.spiral(using: &b), third = try Dataset.spiral(using: &c)
        #expect(first.inputs.data == second.inputs.data && first.labels == second.labels)
        #expect(first.inputs.data != third.inputs.data)
        // A second call on the same generator draws new noise.
        #expect(try Dataset.spiral(using: &a).inputs.data != first.inputs.data)
    }

    @Test func onePointPerClassSitsAtTheOrigin() throws {
        var generator = RandomGenerator(seed: 1)
        let data = try Dataset.spiral(pointsPerClass: 1, classes: 2, using: &generator)
        #expect(data.inputs.shape == [2, 2] && data.inputs.data.allSatisfy { $0 == 0 })
    }

    @Test func invalidArgumentsThrow() {
        var g = RandomGenerator(seed: 1)
        #expect(throws: EngineError.invalidArgument("spiral needs pointsPerClass ≥ 1, got 0")) {
            try Dataset.spiral(pointsPerClass: 0, using: &g)
        }
        #expect(throws: EngineError.self) { try Dataset.spiral(pointsPerClass: -5, using: &g) }
        #expect(throws: EngineError.invalidArgument("spiral needs classes ≥ 2, got 1")) {
            try Dataset.spiral(classes: 1, using: &g)
        }
        #expect(throws: EngineError.self) { try Dataset.spiral(classes: 0, using: &g) }
        #expect(throws: EngineError.invalidArgument("spiral needs a finite noise ≥ 0, got -0.1")) {
            try Dataset.spiral(noise: -0.1, using: &g)
        }
        #expect(throws: EngineError.self) { try Dataset.spiral(noise: .nan, using: &g) }
        #expect(throws: EngineError.self) { try Dataset.spiral(noise: .infinity, using: &g) }
    }

    @Test func hugeRequestsAreErrorsNotCrashes() {
        var g = RandomGenerator(seed: 1)
        // An overflowing product, and one that fits in Int but not in memory.
        for (points, classes) in [(Int.max / 2, 3), (1 << 40, 2)] {
            let error = #expect(throws: EngineError.self) {
                try Dataset.spiral(pointsPerClass: points, classes: classes, using: &g)
            }
            guard case .allocationTooLarge = error else {
                Issue.record("expected allocationTooLarge, got \(String(describing: error))")
                continue
            }
        }
    }
}

@Suite struct TwoClassDataTests {
    @Test func moonsWithoutNoiseAreTheTwoHalfCircles() throws {
        var g = RandomGenerator(seed: 1)
        let data = try Dataset.moons(samples: 10, noise: 0, using: &g)
        #expect(data.inputs.shape == [10, 2] && data.name == "moons")
        #expect(try classCounts(data) == [5, 5])
        #expect(try orderedByClass(data))
        // Outer moon from (1, 0) over (0, 1) to (−1, 0); inner from (0, 0.5) under (1, −0.5) to (2, 0.5).
        #expect(point(data, 0) == (1, 0))
        #expect(isClose(point(data, 2).x, 0, absolute: 1e-7) && point(data, 2).y == 1)
        #expect(point(data, 4).x == -1 && isClose(point(data, 4).y, 0, absolute: 1e-7))
        #expect(point(data, 5) == (0, 0.5))
        #expect(isClose(point(data, 7).x, 1) && point(data, 7).y == -0.5)
        #expect(point(data, 9).x == 2 && isClose(point(data, 9).y, 0.5))
        let odd = try Dataset.moons(samples: 11, noise: 0, using: &g)
        #expect(try classCounts(odd) == [5, 6])
        for i in 0 ..< 5 {
            let p = point(data, i)
            #expect(isClose(p.x * p.x + p.y * p.y, 1) && p.y >= 0)
        }
    }

    @Test func moonsNoiseIsGaussianPerCoordinate() throws {
        var g = RandomGenerator(seed: 5), oracle = RandomGenerator(seed: 5)
        let data = try Dataset.moons(samples: 4, noise: 0.1, using: &g)
        // Sample 0 is (cos 0, sin 0) = (1, 0) plus 0.1 times the first two normal variates.
        let dx = oracle.normal(), dy = oracle.normal()
        #expect(isClose(point(data, 0).x, 1 + 0.1 * dx) && isClose(point(data, 0).y, 0.1 * dy, absolute: 1e-7))
    }

    @Test func circlesWithoutNoiseHaveRadiusOneAndFactor() throws {
        var g = RandomGenerator(seed: 1)
        let data = try Dataset.circles(samples: 9, noise: 0, factor: 0.3, using: &g)
        #expect(data.inputs.shape == [9, 2] && data.name == "circles")
        #expect(try classCounts(data) == [4, 5])
        #expect(try orderedByClass(data))
        for i in 0 ..< 9 {
            let p = point(data, i)
            #expect(isClose((p.x * p.x + p.y * p.y).squareRoot(), i < 4 ? 1 : 0.3))
        }
        // endpoint=False: four outer points at 0, π/2, π, 3π/2, so the first is (1, 0) and the third (−1, 0).
        #expect(point(data, 0) == (1, 0) && point(data, 2).x == -1)
    }

    @Test func xorClustersSitAtTheCornersWithLabelsBySign() throws {
        var g = RandomGenerator(seed: 1)
        let data = try Dataset.xor(samples: 10, noise: 0, using: &g)
        #expect(data.inputs.shape == [10, 2] && data.name == "xor")
        #expect(try classCounts(data) == [5, 5])
        #expect(try orderedByClass(data))
        let labels = try #require(data.labels)
        var corners: [String: Int] = [:]
        for i in 0 ..< 10 {
            let p = point(data, i)
            #expect(Swift.abs(p.x) == 1 && Swift.abs(p.y) == 1)
            #expect(labels[i] == (p.x * p.y > 0 ? 0 : 1))
            corners["\(p.x),\(p.y)", default: 0] += 1
        }
        #expect(corners == ["1.0,1.0": 3, "-1.0,-1.0": 2, "-1.0,1.0": 3, "1.0,-1.0": 2])
    }

    @Test func xorWithNoiseMostPointsStayInTheirQuadrant() throws {
        var g = RandomGenerator(seed: 2)
        let data = try Dataset.xor(samples: 400, noise: 0.25, using: &g)
        let labels = try #require(data.labels)
        let agreeing = (0 ..< 400).filter { i in
            let p = point(data, i)
            return labels[i] == (p.x * p.y > 0 ? 0 : 1)
        }.count
        #expect(agreeing >= 390)  // a point leaves its quadrant with probability about 2·P(z > 4) ≈ 0.0001
    }

    @Test func twoClassSetsAreDeterministic() throws {
        for make in [
            { (g: inout RandomGenerator) in try Dataset.moons(samples: 50, using: &g) },
            { (g: inout RandomGenerator) in try Dataset.circles(samples: 50, using: &g) },
            { (g: inout RandomGenerator) in try Dataset.xor(samples: 50, using: &g) },
        ] {
            var a = RandomGenerator(seed: 9), b = RandomGenerator(seed: 9), c = RandomGenerator(seed: 10)
            let first = try make(&a), second = try make(&b), third = try make(&c)
            #expect(first.inputs.data == second.inputs.data && first.labels == second.labels)
            #expect(first.inputs.data != third.inputs.data)
        }
    }

    @Test func invalidArgumentsThrow() {
        var g = RandomGenerator(seed: 1)
        #expect(throws: EngineError.invalidArgument("moons needs samples ≥ 2, got 1")) { try Dataset.moons(samples: 1, using: &g) }
        #expect(throws: EngineError.self) { try Dataset.moons(samples: 0, using: &g) }
        #expect(throws: EngineError.self) { try Dataset.moons(samples: 10, noise: -1, using: &g) }
        #expect(throws: EngineError.self) { try Dataset.circles(samples: -3, using: &g) }
        #expect(throws: EngineError.self) { try Dataset.circles(samples: 10, noise: -0.01, using: &g) }
        #expect(throws: EngineError.invalidArgument("circles needs a factor in [0, 1), got 1.0")) {
            try Dataset.circles(samples: 10, factor: 1, using: &g)
        }
        #expect(throws: EngineError.self) { try Dataset.circles(samples: 10, factor: -0.5, using: &g) }
        #expect(throws: EngineError.self) { try Dataset.circles(samples: 10, factor: .nan, using: &g) }
        #expect(throws: EngineError.self) { try Dataset.xor(samples: 1, using: &g) }
        #expect(throws: EngineError.self) { try Dataset.xor(samples: 10, noise: -0.5, using: &g) }
        #expect(throws: EngineError.self) { try Dataset.moons(samples: Int.max, using: &g) }
        #expect(throws: EngineError.self) { try Dataset.xor(samples: Int.max, using: &g) }
    }
}

@Suite struct BlobsTests {
    @Test func shapesCountsAndCentresInTheBox() throws {
        var g = RandomGenerator(seed: 4)
        let data = try Dataset.blobs(samples: 10, classes: 3, std: 0, using: &g)
        #expect(data.inputs.shape == [10, 2] && data.name == "blobs")
        #expect(try classCounts(data) == [4, 3, 3])
        #expect(try orderedByClass(data))
        // With std 0 every point is its blob's centre, drawn uniformly in [−10, 10)².
        let labels = try #require(data.labels)
        for i in 0 ..< 10 {
            let p = point(data, i), first = point(data, labels.firstIndex(of: labels[i]) ?? 0)
            #expect(p == first)
            #expect(p.x >= -10 && p.x < 10 && p.y >= -10 && p.y < 10)
        }
        var oracle = RandomGenerator(seed: 4)
        let x0 = 10 * (2 * oracle.nextUnit() - 1), y0 = 10 * (2 * oracle.nextUnit() - 1)
        #expect(isClose(point(data, 0).x, x0) && isClose(point(data, 0).y, y0))
    }

    @Test func blobsSpreadWithTheirStd() throws {
        var g = RandomGenerator(seed: 8)
        let data = try Dataset.blobs(samples: 3000, classes: 2, std: 0.5, centerBox: 3, using: &g)
        for label in 0 ..< 2 {
            let xs = (label * 1500 ..< (label + 1) * 1500).map { point(data, $0).x }
            let mean = xs.reduce(0, +) / 1500
            let std = (xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 1500).squareRoot()
            #expect(Swift.abs(mean) < 3 + 0.1 && isClose(std, 0.5, relative: 0.06))
        }
    }

    @Test func deterministicBySeed() throws {
        var a = RandomGenerator(seed: 1), b = RandomGenerator(seed: 1), c = RandomGenerator(seed: 2)
        #expect(try Dataset.blobs(samples: 30, using: &a).inputs.data == Dataset.blobs(samples: 30, using: &b).inputs.data)
        var d = RandomGenerator(seed: 1)
        #expect(try Dataset.blobs(samples: 30, using: &c).inputs.data != Dataset.blobs(samples: 30, using: &d).inputs.data)
    }

    @Test func invalidArgumentsThrow() {
        var g = RandomGenerator(seed: 1)
        #expect(throws: EngineError.invalidArgument("blobs needs classes ≥ 2, got 1")) {
            try Dataset.blobs(samples: 10, classes: 1, using: &g)
        }
        #expect(throws: EngineError.invalidArgument("blobs needs samples (one per class) ≥ 3, got 2")) {
            try Dataset.blobs(samples: 2, classes: 3, using: &g)
        }
        #expect(throws: EngineError.self) { try Dataset.blobs(samples: 0, using: &g) }
        #expect(throws: EngineError.self) { try Dataset.blobs(samples: 10, std: -1, using: &g) }
        #expect(throws: EngineError.self) { try Dataset.blobs(samples: 10, centerBox: -1, using: &g) }
        #expect(throws: EngineError.self) { try Dataset.blobs(samples: 10, centerBox: .infinity, using: &g) }
        #expect(throws: EngineError.self) { try Dataset.blobs(samples: Int.max, using: &g) }
    }
}
