/// The running counts behind a fit's metrics: a confusion matrix and top-k hits, filled from each batch's
/// outputs as the step computes them (Keras accumulates its metrics over an epoch's batches the same way),
/// so the figures cover the same forward passes as the epoch's loss and accuracy — with the weights as
/// they were at each batch, and in training mode (dropout on).
///
/// Made only when a fit asks for metrics: a fit without them pays one `nil` check per step.
final class MetricAccumulator {
    let metrics: [ClassificationMetric]
    /// The classes of the matrix: the data's classes, or the model's outputs if more (2 for one output).
    private var confusion: ConfusionMatrix
    /// The k of each top-k metric, and its hits so far.
    private let ks: [Int]
    private var hits: [Int]
    /// Scores per sample.
    let outputCount: Int

    /// - Throws: for metrics that need class labels on value targets, and a top-k that the outputs do not
    ///   allow (see ``TopKAccuracy/check(k:classes:)``); the messages name `metrics`.
    /// `nil` when no metric is asked for; `accuracy` is dropped, as a fit always records it.
    init?(_ metrics: [ClassificationMetric], targets: Targets, outputCount: Int) throws {
        let metrics = metrics.filter { $0 != .accuracy }
        guard !metrics.isEmpty else { return nil }
        guard case .classes(_, let classCount) = targets else {
            throw EngineError.invalidArgument(
                "metrics: \(metrics.map(\.name).joined(separator: ", ")) need class labels; this data set's targets are values")
        }
        self.metrics = metrics
        self.outputCount = outputCount
        ks = metrics.compactMap { if case .topK(let k) = $0 { return k } else { return nil } }
        for k in ks {
            do { try TopKAccuracy.check(k: k, classes: outputCount) } catch let error as EngineError {
                throw EngineError.invalidArgument("metrics: top\(k): \(error.description)")
            }
        }
        hits = [Int](repeating: 0, count: ks.count)
        let size = Swift.max(classCount, outputCount == 1 ? 2 : outputCount)
        guard size <= Dataset.maximumClassCount else {
            throw EngineError.invalidArgument("metrics: \(size) classes are more than the \(Dataset.maximumClassCount) a confusion matrix may have")
        }
        confusion = try ConfusionMatrix(classes: size)
    }

    /// Forgets the counts (a new epoch).
    func reset() {
        confusion.reset()
        for i in hits.indices { hits[i] = 0 }
    }

    /// Counts a batch: row r of the scores (`outputCount` of them, score j at `z[r · rowStride + j ·
    /// classStride]`) belongs to sample `samples[r]`, whose class is `labels[samples[r]]`.
    func add(_ z: UnsafePointer<Float>, rowStride: Int, classStride: Int, labels: UnsafeBufferPointer<Int>,
             samples: UnsafeBufferPointer<Int>) {
        let classes = outputCount
        for (row, sample) in samples.enumerated() {
            let scores = z + row * rowStride
            let truth = labels[sample]
            let predicted = Sequential.predictedClass(scores, classes: classes, classStride: classStride)
            confusion.add(truth: truth, predicted: predicted)
            for (m, k) in ks.enumerated()
            where truth < classes && TopKAccuracy.isHit(scores, stride: classStride, classes: classes, label: truth, k: k) {
                hits[m] += 1
            }
        }
    }

    /// Counts a batch of outputs (`[N, outputCount]`) for class targets.
    func add(_ outputs: Tensor, _ targets: Targets) {
        guard case .classes(let labels, _) = targets, outputs.rank == 2, outputs.shape[0] == labels.count,
              outputs.shape[1] == outputCount else { return }
        let samples = Array(0 ..< labels.count)
        outputs.data.withUnsafeBufferPointer { z in
            labels.withUnsafeBufferPointer { labels in
                samples.withUnsafeBufferPointer { samples in
                    add(z.baseAddress!, rowStride: outputCount, classStride: 1, labels: labels, samples: samples)
                }
            }
        }
    }

    /// The figures so far, in the order the metrics were asked for, their names prefixed (`val_`).
    func figures(prefix: String = "") -> [MetricFigure] {
        let total = confusion.total
        var topIndex = 0
        return metrics.map { metric in
            let value: Double
            switch metric {
            case .accuracy: value = confusion.accuracy
            case let .score(score, average): value = confusion.score(score, average: average)
            case .topK:
                value = total > 0 ? Double(hits[topIndex]) / Double(total) : 0
                topIndex += 1
            }
            return MetricFigure(name: prefix + metric.name, value: Float(value))
        }
    }
}
