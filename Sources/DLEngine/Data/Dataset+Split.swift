extension Dataset {
    /// Splits the samples into a training part and a test part, each sample in exactly one of them.
    ///
    /// The training part gets `round(trainFraction · count)` samples (rounded half away from zero; the
    /// rounding keeps `0.29 · 100` at 29 where truncation would give 28), the test part the rest.
    /// - With `shuffle` (the default), the samples are taken in the order of `generator.permutation(count)`,
    ///   so both parts are random and mixed, and the same seed gives the same split.
    /// - Without it, the training part is the first samples in order and the test part the last. The
    ///   synthetic data sets are ordered class by class, so an unshuffled split of them separates classes.
    /// - With `stratified` (class targets only), each class is split on its own, `round(trainFraction · n_c)`
    ///   of its `n_c` samples going to training, so both parts keep the class proportions; the totals may
    ///   then differ by a few samples from the unstratified ones. Without `shuffle`, each class's first
    ///   samples go to training and both parts keep the original order; with it, the classes' samples are
    ///   drawn at random and each part is shuffled once more.
    ///
    /// - Parameters:
    ///   - trainFraction: the share of samples for training, strictly between 0 and 1.
    ///   - shuffle: whether to split a random order (default) or the samples' own order.
    ///   - stratified: whether to split each class on its own (default: no).
    ///   - generator: the source of the random order; untouched when `shuffle` is false.
    /// - Returns: the two parts, named after this data set with `"-train"` and `"-test"` appended.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for a fraction outside (0, 1), when either part would
    ///   be empty (too few samples for the fraction), for `stratified` on value targets, or when the inputs
    ///   and targets count different samples.
    public func split(
        trainFraction: Double, shuffle: Bool = true, stratified: Bool = false,
        using generator: inout RandomGenerator
    ) throws -> (train: Dataset, test: Dataset) {
        guard trainFraction > 0, trainFraction < 1 else {
            throw EngineError.invalidArgument("the training fraction must lie strictly between 0 and 1, got \(trainFraction)")
        }
        let samples = inputs.shape.first ?? 0
        guard inputs.rank >= 1, targets.count == samples else {
            throw EngineError.invalidArgument(
                "a data set needs one target per sample: \(samples) inputs and \(targets.count) targets")
        }

        // The order and the two halves' indices: two Ints per sample.
        try MemoryBudget.check(2 * samples, of: Int.self, shape: [samples])
        var trainIndices: [Int] = [], testIndices: [Int] = []
        if stratified {
            guard case let .classes(labels, _) = targets else {
                throw EngineError.invalidArgument("a stratified split needs class targets")
            }
            // Grouped by the labels present (in increasing order), not by classCount, which a caller may
            // have set to anything through the `targets` property.
            let members = Dictionary(grouping: labels.indices, by: { labels[$0] })
            for label in members.keys.sorted() {
                var indices = members[label] ?? []
                if shuffle { generator.shuffle(&indices) }
                let cut = Self.trainCount(trainFraction, of: indices.count)
                trainIndices += indices[..<cut]
                testIndices += indices[cut...]
            }
            if shuffle {
                generator.shuffle(&trainIndices)
                generator.shuffle(&testIndices)
            } else {
                trainIndices.sort()
                testIndices.sort()
            }
        } else {
            let order = shuffle ? generator.permutation(samples) : Array(0 ..< samples)
            let cut = Self.trainCount(trainFraction, of: samples)
            trainIndices = Array(order[..<cut])
            testIndices = Array(order[cut...])
        }

        guard !trainIndices.isEmpty, !testIndices.isEmpty else {
            throw EngineError.invalidArgument(
                "a split with training fraction \(trainFraction) of \(samples) samples leaves "
                    + "\(trainIndices.count) for training and \(testIndices.count) for testing; both need at least one")
        }
        var train = try subset(trainIndices), test = try subset(testIndices)
        train.name = name + "-train"
        test.name = name + "-test"
        return (train, test)
    }

    /// `round(fraction · count)`, within `0 ... count` for a fraction in (0, 1).
    private static func trainCount(_ fraction: Double, of count: Int) -> Int {
        min(count, max(0, Int((fraction * Double(count)).rounded())))
    }
}
