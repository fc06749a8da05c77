import Testing
import DLEngine

/// BatchNorm2d: per-channel statistics over N, H and W; running statistics; gradients; errors.
@Suite struct BatchNorm2dTests {
    @Test func normalizesEachChannelOverBatchAndSpace() throws {
        let bn = try BatchNorm2d(channels: 3)
        #expect(bn.description == "BatchNorm2d(3, momentum=0.1, eps=1e-05)")
        #expect(bn.parameterCount == 6)
        let x = try sample([4, 3, 5, 6], seed: 1)
        let y = try bn(x)
        for c in 0 ..< 3 {
            var values: [Float] = []
            for n in 0 ..< 4 { values += y.data[(n * 3 + c) * 30 ..< (n * 3 + c + 1) * 30] }
            let (mean, std) = statistics(values)
            #expect(Swift.abs(mean) < 1e-5)
            #expect(Swift.abs(std - 1) < 1e-3)
        }
    }

    @Test func runningStatisticsUseTheUnbiasedVarianceOverNHW() throws {
        // Channel 0 holds 1, 2, 3, 4 (N = 2, H = 1, W = 2), channel 1 holds 10 four times.
        let bn = try BatchNorm2d(channels: 2, momentum: 0.5)
        let x = try Tensor(shape: [2, 2, 1, 2], data: [1, 2, 10, 10, 3, 4, 10, 10])
        _ = try bn(x)
        // mean 2.5, unbiased variance 5/3; running = 0.5 · initial + 0.5 · batch.
        #expect(allClose(bn.runningMean.data, [1.25, 5]))
        #expect(allClose(bn.runningVar.data, [0.5 + 0.5 * 5 / 3, 0.5]))
        bn.isTraining = false
        let y = try bn(x)
        #expect(isClose(y.data[0], (1 - 1.25) / (Double(bn.runningVar.data[0]) + 1e-5).squareRoot(), relative: 1e-5))
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        let bn = try BatchNorm2d(channels: 3)
        try bn.gamma.assign([0.5, 1.5, -1])
        try bn.beta.assign([0.1, -0.2, 0.3])
        let x = try sample([3, 3, 4, 3], seed: 2)
        try expectGradientCheck([x, bn.gamma, bn.beta]) { try bn($0[0]) }
        bn.isTraining = false
        try expectGradientCheck([x, bn.gamma, bn.beta]) { try bn($0[0]) }
    }

    @Test func badInputsAreClearErrors() throws {
        let bn = try BatchNorm2d(channels: 2)
        let rank = #expect(throws: EngineError.self) { try bn(Tensor.zeros([4, 2])) }
        #expect(rank?.description == "BatchNorm2d(2, momentum=0.1, eps=1e-05) takes a batch of shape [N, 2, H, W]; got [4, 2]")
        let channels = #expect(throws: EngineError.self) { try bn(Tensor.zeros([4, 3, 2, 2])) }
        #expect(channels?.description == "shape mismatch in BatchNorm2d(2, momentum=0.1, eps=1e-05): [4, 3, 2, 2] and [4, 2, 2, 2]")
        let single = #expect(throws: EngineError.self) { try bn(Tensor.zeros([1, 2, 1, 1])) }
        #expect(single?.description.contains("at least 2 values per channel") == true)
        #expect(throws: EngineError.self) { try BatchNorm2d(channels: 0) }
        bn.isTraining = false
        #expect(try bn(Tensor.zeros([1, 2, 1, 1])).shape == [1, 2, 1, 1])
    }
}
