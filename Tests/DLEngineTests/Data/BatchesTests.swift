import Testing
import DLEngine

/// `count` samples whose inputs are `[i, −i]` and whose labels are `i % 3`, so every row says where it came from.
private func numbered(_ count: Int) throws -> Dataset {
    let values = (0 ..< count).flatMap { [Float($0), -Float($0)] }
    return try Dataset(inputs: Tensor(shape: [count, 2], data: values),
                       targets: .classes((0 ..< count).map { $0 % 3 }, classCount: 3), name: "numbered")
}

/// The sample indices of a batch of ``numbered(_:)``, read back from its inputs, after checking that its
/// inputs and labels belong to the same samples.
private func sampleIndices(_ batch: BatchSequence.Element) -> [Int] {
    let indices = stride(from: 0, to: batch.inputs.count, by: 2).map { Int(batch.inputs.data[$0]) }
    guard case .classes(let labels, _) = batch.targets else {
        Issue.record("expected class targets")
        return indices
    }
    #expect(labels == indices.map { $0 % 3 })
    #expect(stride(from: 1, to: batch.inputs.count, by: 2).map { -Int(batch.inputs.data[$0]) } == indices)
    return indices
}

@Suite struct BatchesTests {
    @Test func partialLastBatchIsKept() throws {
        let batches = try numbered(10).batches(size: 4)
        #expect(batches.count == 3 && batches.batchSize == 4)
        let all = Array(batches)
        #expect(all.map { $0.inputs.shape } == [[4, 2], [4, 2], [2, 2]])
        #expect(all.map { $0.targets.count } == [4, 4, 2])
        #expect(all.flatMap(sampleIndices) == Array(0 ..< 10))  // in order without shuffling
    }

    @Test func shuffledEpochCoversEverySampleOnce() throws {
        var generator = RandomGenerator(seed: 3)
        let data = try numbered(103)
        for _ in 0 ..< 3 {
            let batches = try data.batches(size: 10, shuffle: true, using: &generator)
            let seen = batches.flatMap(sampleIndices)
            #expect(seen.count == 103 && Set(seen).count == 103)
            #expect(seen == batches.order)
            #expect(batches.map { $0.targets.count } == [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3])
        }
    }

    @Test func shuffleIsSeededAndChangesEachEpoch() throws {
        let data = try numbered(50)
        var a = RandomGenerator(seed: 1), b = RandomGenerator(seed: 1), c = RandomGenerator(seed: 2)
        let first = try data.batches(size: 8, shuffle: true, using: &a).order
        #expect(first != Array(0 ..< 50))
        #expect(first == (try data.batches(size: 8, shuffle: true, using: &b).order))
        #expect(first != (try data.batches(size: 8, shuffle: true, using: &c).order))
        #expect(first != (try data.batches(size: 8, shuffle: true, using: &a).order))  // the next epoch
        var fresh = RandomGenerator(seed: 1)
        #expect(first == fresh.permutation(50))  // the order is the generator's permutation
    }

    @Test func noShuffleLeavesTheGeneratorUntouched() throws {
        var generator = RandomGenerator(seed: 5), reference = RandomGenerator(seed: 5)
        let batches = try numbered(7).batches(size: 3, shuffle: false, using: &generator)
        #expect(batches.order == Array(0 ..< 7))
        #expect(generator.next() == reference.next())
    }

    @Test func sizesAtTheEdges() throws {
        let data = try numbered(5)
        #expect(try data.batches(size: 1).map { $0.targets.count } == [1, 1, 1, 1, 1])
        #expect(try data.batches(size: 5).map { $0.targets.count } == [5])
        #expect(try data.batches(size: 1000).map { $0.inputs.shape } == [[5, 2]])
        let whole = try data.batches(size: Int.max)
        #expect(whole.count == 1 && whole.map { $0.targets.count } == [5])
        let empty = try Dataset(inputs: Tensor(shape: [0, 2], data: []), targets: .classes([], classCount: 2))
        #expect(try empty.batches(size: 4).count == 0)
        #expect(Array(try empty.batches(size: 4)).isEmpty)
    }

    @Test func valueTargetsAndImageInputsAreGatheredByRow() throws {
        // Inputs [4, 1, 2, 2] (tiny images), targets [4, 3]: each row is filled with its sample index.
        let inputs = try Tensor(shape: [4, 1, 2, 2], data: (0 ..< 16).map { Float($0 / 4) })
        let values = try Tensor(shape: [4, 3], data: (0 ..< 12).map { Float($0 / 3) })
        let data = try Dataset(inputs: inputs, targets: .values(values))
        var generator = RandomGenerator(seed: 9)
        let batches = try data.batches(size: 3, shuffle: true, using: &generator)
        var seen: [Int] = []
        for batch in batches {
            guard case .values(let targets) = batch.targets else { Issue.record("expected values"); continue }
            let count = batch.inputs.shape[0]
            #expect(batch.inputs.shape == [count, 1, 2, 2] && targets.shape == [count, 3])
            for row in 0 ..< count {
                let index = Int(batch.inputs.data[4 * row])
                #expect(batch.inputs.data[4 * row ..< 4 * row + 4].allSatisfy { Int($0) == index })
                #expect(targets.data[3 * row ..< 3 * row + 3].allSatisfy { Int($0) == index })
                seen.append(index)
            }
        }
        #expect(seen == batches.order)
    }

    @Test func invalidSizesAndInconsistentDataThrow() throws {
        var generator = RandomGenerator(seed: 1)
        var data = try numbered(6)
        #expect(throws: EngineError.invalidArgument("the batch size must be at least 1, got 0")) {
            try data.batches(size: 0)
        }
        #expect(throws: EngineError.self) { try data.batches(size: -3, shuffle: true, using: &generator) }
        data.inputs = Tensor([1, 2, 3])  // the public var now disagrees with the six targets
        #expect(throws: EngineError.self) { try data.batches(size: 2, shuffle: true, using: &generator) }
        data.inputs = Tensor(1)
        #expect(throws: EngineError.self) { try data.batches(size: 2) }
    }
}
