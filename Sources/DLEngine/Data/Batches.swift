/// One epoch's mini-batches of a ``Dataset``: the article's `DataGenerator`, as a Swift sequence.
///
/// The order of the samples is fixed when the sequence is made (a permutation drawn from the generator
/// when shuffling, else `0 ..< count`); each batch is then gathered lazily, when iteration reaches it, as
/// a copy of its rows. Make a new sequence for every epoch to shuffle again:
/// ```swift
/// for epoch in 0 ..< epochs {
///     for batch in try data.batches(size: 20, shuffle: true, using: &generator) {
///         let loss = try lossFunction(model(batch.inputs), batch.targets)
///         ...
///     }
/// }
/// ```
/// - Shapes: a batch's inputs are `[b] + inputs.shape[1...]`, its targets count `b`, where `b` is the
///   batch size for every batch but the last, which holds the remaining `count % size` samples when that
///   is not 0 (the last, partial batch is kept, as Keras and PyTorch do by default).
public struct BatchSequence: Sequence {
    /// One mini-batch: the inputs of its samples (first axis: samples) and their targets.
    public typealias Element = (inputs: Tensor, targets: Targets)

    /// The samples' inputs and targets, checked to count the same samples.
    private let inputs: Tensor
    private let targets: Targets
    /// The sample indices in the order this epoch visits them: a permutation of `0 ..< samples`.
    public let order: [Int]
    /// The number of samples in a full batch.
    public let batchSize: Int

    /// The number of batches: `⌈samples / batchSize⌉`.
    public var count: Int { order.isEmpty ? 0 : (order.count - 1) / batchSize + 1 }  // no overflow at Int.max
    public var underestimatedCount: Int { count }

    /// Checks the data set and fixes the order. `order` must be a permutation of `0 ..< dataset.count`.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for a batch size below 1 or a data set whose inputs
    ///   and targets count different samples (possible after assigning to its `var` properties).
    init(_ dataset: Dataset, size: Int, order: (Int) -> [Int]) throws {
        guard size >= 1 else {
            throw EngineError.invalidArgument("the batch size must be at least 1, got \(size)")
        }
        let inputs = dataset.inputs, targets = dataset.targets
        let samples = inputs.shape.first ?? 0
        var consistent = inputs.rank >= 1 && targets.count == samples
        if case .values(let values) = targets, values.rank < 1 { consistent = false }
        guard consistent else {
            throw EngineError.invalidArgument(
                "a data set needs one target per sample: \(samples) inputs and \(targets.count) targets")
        }
        self.inputs = inputs
        self.targets = targets
        self.order = order(samples)
        self.batchSize = size
    }

    public func makeIterator() -> Iterator {
        Iterator(batches: self)
    }

    /// Hands out the batches in order, gathering each one's rows when it is reached.
    public struct Iterator: IteratorProtocol {
        let batches: BatchSequence
        var start = 0

        public mutating func next() -> Element? {
            let order = batches.order
            guard start < order.count else { return nil }
            let end = Swift.min(start + batches.batchSize, order.count)
            let indices = Array(order[start ..< end])
            start = end
            return (batches.inputs.gatheringRows(indices), batches.targets.gathering(indices))
        }
    }
}

extension Dataset {
    /// The mini-batches of one epoch, shuffled or in order; see ``BatchSequence``.
    ///
    /// With `shuffle`, the order is `generator.permutation(count)`, so the same seed gives the same
    /// batches, and each call draws a new order: call it once per epoch.
    /// - Parameters:
    ///   - size: samples per batch, at least 1; a size above ``count`` gives one batch of everything.
    ///   - shuffle: whether to visit the samples in a random order (else `0, 1, 2, …`).
    ///   - generator: the source of the order; untouched when `shuffle` is false.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for a size below 1, or when the inputs and targets
    ///   count different samples. An empty data set gives no batches.
    public func batches(size: Int, shuffle: Bool, using generator: inout RandomGenerator) throws -> BatchSequence {
        guard size >= 1 else {
            throw EngineError.invalidArgument("the batch size must be at least 1, got \(size)")
        }
        // The epoch's order: an Int per sample (twice a one-feature data set).
        try MemoryBudget.check(count, of: Int.self, shape: [count])
        if shuffle {
            return try BatchSequence(self, size: size) { generator.permutation($0) }
        }
        return try batches(size: size)
    }

    /// The mini-batches of one epoch, in the samples' order (no shuffling, no generator).
    /// - Throws: as ``batches(size:shuffle:using:)``.
    public func batches(size: Int) throws -> BatchSequence {
        try BatchSequence(self, size: size) { Array(0 ..< $0) }
    }
}

extension Tensor {
    /// The rows at `indices`, without checks: for callers whose indices are known to lie in
    /// `0 ..< shape[0]` (a permutation of the rows), so that iteration, which cannot throw, need not.
    /// The result has no more elements than this tensor, so its allocation cannot be too large.
    func gatheringRows(_ indices: [Int]) -> Tensor {
        let rowSize = shape.dropFirst().reduce(1, *)
        let outputShape = [indices.count] + shape.dropFirst()
        return Tensor.make(sameCountAs: outputShape, count: indices.count * rowSize) { out in
            data.withUnsafeBufferPointer { source in
                for (row, index) in indices.enumerated() {
                    let from = index * rowSize, to = row * rowSize
                    for j in 0 ..< rowSize { out[to + j] = source[from + j] }
                }
            }
        }
    }
}

extension Targets {
    /// The targets at `indices`, without checks; see ``Tensor/gatheringRows(_:)``.
    func gathering(_ indices: [Int]) -> Targets {
        switch self {
        case let .classes(labels, classCount):
            return .classes(indices.map { labels[$0] }, classCount: classCount)
        case .values(let values):
            return .values(values.gatheringRows(indices))
        }
    }
}
