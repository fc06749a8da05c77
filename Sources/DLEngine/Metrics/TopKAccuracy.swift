/// Top-k accuracy: the fraction of samples whose true class is among the k highest scores (Keras's
/// `SparseTopKCategoricalAccuracy`, scikit-learn's `top_k_accuracy_score`, torchmetrics' `Accuracy(top_k=)`).
///
/// A sample is a hit when fewer than k classes score strictly higher than its label, so tied scores count
/// in the label's favour (sklearn breaks ties by class index instead; with real-valued scores ties are
/// rare). A NaN score of the label is a miss. With k = 1 this is the accuracy, except for ties.
enum TopKAccuracy {
    /// Checks k against the number of scores per sample.
    /// - Throws: for k < 1, k above `classes`, or a single score per sample (a binary classifier on
    ///   logits has no ranking of classes); the messages name `k`.
    static func check(k: Int, classes: Int) throws {
        guard classes >= 2 else {
            throw EngineError.invalidArgument("top-k accuracy needs one score per class; the model gives \(classes) output per sample")
        }
        guard k >= 1 && k <= classes else {
            throw EngineError.invalidArgument("k must be between 1 and the number of classes (\(classes)); got k=\(k)")
        }
    }

    /// Whether the label's score is among the k highest of the `classes` scores at `scores`, `stride`
    /// apart.
    @inline(__always)
    static func isHit(_ scores: UnsafePointer<Float>, stride: Int, classes: Int, label: Int, k: Int) -> Bool {
        let own = scores[label * stride]
        guard !own.isNaN else { return false }
        var higher = 0
        for j in 0 ..< classes where scores[j * stride] > own { higher += 1 }
        return higher < k
    }

    /// How many rows of `outputs` (`[N, C]`) rank their label among the top k.
    /// - Throws: for outputs that are not `[N, C]` with a label per row, and for a bad k (see ``check(k:classes:)``).
    static func hits(_ outputs: Tensor, labels: [Int], k: Int) throws -> Int {
        guard outputs.rank == 2, outputs.shape[0] == labels.count else {
            throw EngineError.shapeMismatch(operation: "top-k accuracy (outputs and labels)", outputs.shape, [labels.count])
        }
        let classes = outputs.shape[1]
        try check(k: k, classes: classes)
        if let bad = labels.first(where: { $0 < 0 || $0 >= classes }) {
            throw EngineError.invalidArgument("top-k accuracy: label \(bad) is outside the \(classes) scores per sample")
        }
        return outputs.data.withUnsafeBufferPointer { z in
            var hits = 0
            for (i, label) in labels.enumerated() where isHit(z.baseAddress! + i * classes, stride: 1, classes: classes, label: label, k: k) {
                hits += 1
            }
            return hits
        }
    }
}
