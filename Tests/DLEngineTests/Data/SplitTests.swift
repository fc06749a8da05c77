import Testing
import DLEngine

/// `count` samples whose first input is their index and whose label is `label(i)`.
private func numbered(_ count: Int, classes: Int = 3, label: (Int) -> Int = { $0 % 3 }) throws -> Dataset {
    let values = (0 ..< count).flatMap { [Float($0), Float(0)] }
    return try Dataset(inputs: Tensor(shape: [count, 2], data: values),
                       targets: .classes((0 ..< count).map(label), classCount: classes), name: "numbered")
}

/// The sample indices of a part of ``numbered(_:classes:label:)``.
private func indices(_ data: Dataset) -> [Int] {
    stride(from: 0, to: data.inputs.count, by: 2).map { Int(data.inputs.data[$0]) }
}

@Suite struct SplitTests {
    @Test func sizesAndDisjointness() throws {
        var generator = RandomGenerator(seed: 2)
        let data = try numbered(100)
        let (train, test) = try data.split(trainFraction: 0.8, using: &generator)
        #expect(train.count == 80 && test.count == 20)
        #expect(train.name == "numbered-train" && test.name == "numbered-test")
        let a = indices(train), b = indices(test)
        #expect(Set(a).isDisjoint(with: b) && Set(a + b) == Set(0 ..< 100) && a.count + b.count == 100)
        #expect(train.labels == a.map { $0 % 3 } && test.labels == b.map { $0 % 3 })  // rows and labels stay together
        #expect(a != Array(0 ..< 80))  // shuffled
    }

    @Test func countsRoundToNearest() throws {
        var generator = RandomGenerator(seed: 2)
        // 0.29 · 100 is 28.999999999999996 in Double: rounded, not truncated.
        #expect(try numbered(100).split(trainFraction: 0.29, using: &generator).train.count == 29)
        #expect(try numbered(10).split(trainFraction: 0.75, using: &generator).train.count == 8)  // 7.5 rounds up
        #expect(try numbered(3).split(trainFraction: 0.5, using: &generator).train.count == 2)
    }

    @Test func seededAndUnshuffled() throws {
        let data = try numbered(30)
        var a = RandomGenerator(seed: 4), b = RandomGenerator(seed: 4), c = RandomGenerator(seed: 5)
        let first = try data.split(trainFraction: 0.5, using: &a), second = try data.split(trainFraction: 0.5, using: &b)
        #expect(indices(first.train) == indices(second.train) && indices(first.test) == indices(second.test))
        #expect(indices(first.train) != indices(try data.split(trainFraction: 0.5, using: &c).train))

        var untouched = RandomGenerator(seed: 6), reference = RandomGenerator(seed: 6)
        let ordered = try data.split(trainFraction: 0.7, shuffle: false, using: &untouched)
        #expect(indices(ordered.train) == Array(0 ..< 21) && indices(ordered.test) == Array(21 ..< 30))
        #expect(untouched.next() == reference.next())
    }

    @Test func stratifiedKeepsClassProportions() throws {
        var generator = RandomGenerator(seed: 1)
        let spiral = try Dataset.spiral(pointsPerClass: 50, classes: 3, using: &generator)
        let (train, test) = try spiral.split(trainFraction: 0.8, stratified: true, using: &generator)
        for (part, perClass) in [(train, 40), (test, 10)] {
            let labels = try #require(part.labels)
            #expect((0 ..< 3).map { c in labels.filter { $0 == c }.count } == [perClass, perClass, perClass])
        }
        #expect(try #require(train.labels) != (try #require(train.labels)).sorted())  // mixed again

        // 7 samples of class 0 and 3 of class 1, half each, unshuffled: the first of each class train, order kept.
        let uneven = try numbered(10, classes: 2) { $0 < 7 ? 0 : 1 }
        let halves = try uneven.split(trainFraction: 0.5, shuffle: false, stratified: true, using: &generator)
        #expect(indices(halves.train) == [0, 1, 2, 3, 7, 8])  // round(3.5) = 4 and round(1.5) = 2
        #expect(indices(halves.test) == [4, 5, 6, 9])
    }

    @Test func invalidFractionsAndEmptyPartsThrow() throws {
        var generator = RandomGenerator(seed: 1)
        let data = try numbered(10)
        for fraction in [0, 1, -0.5, 1.5, Double.nan, Double.infinity] {
            #expect(throws: EngineError.self) { try data.split(trainFraction: fraction, using: &generator) }
        }
        #expect(throws: EngineError.invalidArgument(
            "a split with training fraction 0.01 of 10 samples leaves 0 for training and 10 for testing; both need at least one")) {
            try data.split(trainFraction: 0.01, using: &generator)
        }
        #expect(throws: EngineError.self) { try data.split(trainFraction: 0.99, using: &generator) }
        #expect(throws: EngineError.self) { try numbered(1).split(trainFraction: 0.5, using: &generator) }
        let empty = try Dataset(inputs: Tensor(shape: [0, 2], data: []), targets: .classes([], classCount: 2))
        #expect(throws: EngineError.self) { try empty.split(trainFraction: 0.5, using: &generator) }

        let regression = try Dataset(inputs: Tensor(shape: [4, 1], data: [1, 2, 3, 4]),
                                     targets: .values(Tensor(shape: [4, 1], data: [1, 2, 3, 4])))
        #expect(throws: EngineError.invalidArgument("a stratified split needs class targets")) {
            try regression.split(trainFraction: 0.5, stratified: true, using: &generator)
        }
        #expect(try regression.split(trainFraction: 0.5, using: &generator).train.count == 2)

        var broken = data
        broken.inputs = Tensor([1, 2])
        #expect(throws: EngineError.self) { try broken.split(trainFraction: 0.5, using: &generator) }
    }
}
