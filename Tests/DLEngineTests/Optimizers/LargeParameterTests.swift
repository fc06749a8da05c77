import Testing
@testable import DLEngine

/// Updates of parameters large enough to be split between threads (`Lanes.forEachChunk` over
/// `ParallelLoop`) give the same bits as the same updates on small pieces, which run on one thread.
@Suite struct LargeParameterTests {
    /// An odd size past `ParallelLoop.threshold`, so the split is uneven and the last chunk partial.
    static let count = 3 * ParallelLoop.threshold + 13
    static let piece = 1_000

    static func values(_ count: Int, seed: UInt64) -> [Float] {
        GemmTests.randomValues(count, seed: seed)
    }

    /// θ after three steps of an optimizer made by `make`, on one large parameter and on the same values
    /// cut into pieces (each piece below the threshold), with the same gradients.
    static func compare(_ name: String, _ make: () throws -> any Optimizer) throws {
        #expect(count > ParallelLoop.threshold && piece < ParallelLoop.threshold)
        let start = values(count, seed: 7)
        let large = try Tensor(shape: [count], data: start, requiresGrad: true)
        let pieces = try stride(from: 0, to: count, by: piece).map { lo in
            try Tensor(shape: [min(piece, count - lo)], data: Array(start[lo ..< min(lo + piece, count)]),
                       requiresGrad: true)
        }
        let (one, many) = (try make(), try make())
        for step in 0 ..< 3 {
            let gradient = values(count, seed: 100 + UInt64(step))
            large.grad = try Tensor(shape: [count], data: gradient)
            for (index, tensor) in pieces.enumerated() {
                let lo = index * piece
                tensor.grad = try Tensor(shape: tensor.shape, data: Array(gradient[lo ..< lo + tensor.count]))
            }
            try one.step([large])
            try many.step(pieces)
        }
        #expect(large.data == pieces.flatMap(\.data), "\(name)")
    }

    @Test func everyOptimizerGivesTheSameBitsSplitOrNot() throws {
        try Self.compare("sgd") { try SGD(learningRate: 0.01) }
        try Self.compare("sgd momentum") { try SGD(learningRate: 0.01, momentum: 0.9) }
        try Self.compare("sgd nesterov decay") { try SGD(learningRate: 0.01, momentum: 0.9, nesterov: true, weightDecay: 0.01) }
        try Self.compare("adam") { try Adam(learningRate: 0.001) }
        try Self.compare("adam amsgrad") { try Adam(learningRate: 0.001, amsgrad: true) }
        try Self.compare("adamw") { try AdamW(learningRate: 0.001) }
        try Self.compare("rmsprop centered momentum") { try RMSProp(learningRate: 0.01, momentum: 0.9, centered: true) }
    }
}
