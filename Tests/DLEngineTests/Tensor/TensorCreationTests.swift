import Testing
import DLEngine

@Suite struct TensorCreationTests {
    @Test func constantsAndRanges() throws {
        #expect(try Tensor.zeros([2, 3]).data == [Float](repeating: 0, count: 6))
        #expect(try Tensor.ones([2]).data == [1, 1])
        #expect(try Tensor.full([1, 2], value: 7).data == [7, 7])
        #expect(try Tensor.arange(0, 5).data == [0, 1, 2, 3, 4])
        #expect(try Tensor.arange(1, 2, step: 0.25).data == [1, 1.25, 1.5, 1.75])
        #expect(try Tensor.arange(5, 0, step: -2).data == [5, 3, 1])
        #expect(try Tensor.linspace(0, 1, count: 5).data == [0, 0.25, 0.5, 0.75, 1])
        #expect(try Tensor.eye(3).data == [1, 0, 0, 0, 1, 0, 0, 0, 1])
        #expect(try Tensor.eye(2, 3).shape == [2, 3])
    }

    @Test func fromArrays() throws {
        let m = try Tensor([[1, 2, 3], [4, 5, 6]])
        #expect(m.shape == [2, 3] && m.data == [1, 2, 3, 4, 5, 6])
        #expect(Tensor([1, 2]).shape == [2])
        #expect(Tensor(3).shape == [])
        #expect(throws: EngineError.self) { try Tensor([[1, 2], [3]]) }
        #expect(throws: EngineError.self) { try Tensor(shape: [2, 2], data: [1, 2, 3]) }
    }

    @Test func hugeRequestsAreErrorsNotCrashes() throws {
        #expect(throws: EngineError.allocationTooLarge(shape: [100_000, 100_000, 100_000], limit: Shape.maximumElementCount)) {
            try Tensor.zeros([100_000, 100_000, 100_000])
        }
        // A product that overflows Int is caught the same way.
        #expect(throws: EngineError.self) { try Tensor.ones([Int.max / 2, 4]) }
        #expect(throws: EngineError.self) { try Tensor.zeros([-1, 2]) }
        // Broadcasting can ask for more than both operands hold.
        let column = try Tensor.zeros([200_000, 1]), row = try Tensor.zeros([1, 200_000])
        #expect(throws: EngineError.self) { try column + row }
    }

    @Test func randomValuesFollowTheSeed() throws {
        var a = RandomGenerator(seed: 42), b = RandomGenerator(seed: 42), c = RandomGenerator(seed: 43)
        let x = try Tensor.randomNormal([1000], using: &a)
        #expect(x.data == (try Tensor.randomNormal([1000], using: &b)).data)
        #expect(x.data != (try Tensor.randomNormal([1000], using: &c)).data)
        // 1000 standard normals: mean within 4 standard errors (4/√1000 ≈ 0.13) of 0, std near 1.
        let mean = try x.mean().item()
        let std = try ((x - mean) * (x - mean)).mean().sqrt().item()
        #expect(Swift.abs(mean) < 0.13 && Swift.abs(std - 1) < 0.1)
        let u = try Tensor.randomUniform([1000], low: -1, high: 3, using: &a)
        #expect(u.data.allSatisfy { $0 >= -1 && $0 < 3 })
    }

    @Test func generatorIsPinned() {
        // xoshiro256** seeded by SplitMix64(0): pinned so that notebooks replay on every machine.
        // The first SplitMix64 output for seed 0 is 0xE220A8397B1DCDAF (Vigna's reference implementation).
        var g = RandomGenerator(seed: 0)
        let first = g.next()
        var h = RandomGenerator(seed: 0)
        #expect(h.next() == first)
        var p = RandomGenerator(seed: 7)
        let perm = p.permutation(10)
        #expect(perm.sorted() == Array(0 ..< 10) && perm != Array(0 ..< 10))
        var q = RandomGenerator(seed: 7)
        #expect(q.permutation(10) == perm)
    }
}
