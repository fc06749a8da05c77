import Testing
@testable import DLEngine

/// Top-k accuracy on scores worked out by hand, and the names `fit ... metrics=[...]` takes.
@Suite struct TopKAccuracyTests {
    /// Row 0: label 2 scores 0.4, one class (0.5) is higher → a top-2 hit, not a top-1 hit.
    /// Row 1: label 0 scores highest → a hit for every k.
    /// Row 2: label 0 scores lowest (0.2 < 0.3 < 0.5) → a hit only for k = 3.
    /// Row 3: label 1 ties with class 0 at 0.3, only 0.4 is strictly higher → a top-2 hit (ties count for
    /// the label).
    /// top1 = 1/4, top2 = 3/4, top3 = 4/4.
    @Test func handWorkedScores() throws {
        let scores = try Tensor([[0.1, 0.5, 0.4], [0.9, 0.05, 0.05], [0.2, 0.3, 0.5], [0.3, 0.3, 0.4]])
        let labels = [2, 0, 0, 1]
        #expect(try TopKAccuracy.hits(scores, labels: labels, k: 1) == 1)
        #expect(try TopKAccuracy.hits(scores, labels: labels, k: 2) == 3)
        #expect(try TopKAccuracy.hits(scores, labels: labels, k: 3) == 4)
        // A NaN score of the label is a miss, whatever k.
        #expect(try TopKAccuracy.hits(try Tensor([[Float.nan, 0, 0]]), labels: [0], k: 3) == 0)
    }

    @Test func badK() throws {
        let scores = try Tensor([[0.1, 0.5, 0.4]])
        for k in [0, -1, 4] {
            #expect(throws: EngineError.invalidArgument("k must be between 1 and the number of classes (3); got k=\(k)")) {
                try TopKAccuracy.hits(scores, labels: [0], k: k)
            }
        }
        #expect(throws: EngineError.self) { try TopKAccuracy.hits(try Tensor([[0.5], [0.1]]), labels: [0, 1], k: 1) }
        #expect(throws: EngineError.self) { try TopKAccuracy.hits(scores, labels: [0, 1], k: 1) }
        #expect(throws: EngineError.self) { try TopKAccuracy.hits(scores, labels: [3], k: 1) }
    }

    @Test func metricNames() throws {
        #expect(try ClassificationMetric(name: "precision") == .score(.precision, .macro))
        #expect(try ClassificationMetric(name: "f1_weighted") == .score(.f1, .weighted))
        #expect(try ClassificationMetric(name: "recall_micro") == .score(.recall, .micro))
        #expect(try ClassificationMetric(name: "top3") == .topK(3))
        #expect(try ClassificationMetric(name: "accuracy") == .accuracy)
        for metric in [ClassificationMetric.score(.f1, .weighted), .score(.precision, .macro), .topK(5), .accuracy] {
            #expect(try ClassificationMetric(name: metric.name) == metric)
        }
        for bad in ["prec", "f1_none", "f1_mean", "top0", "top", "topx", ""] {
            #expect(throws: EngineError.self) { try ClassificationMetric(name: bad) }
        }
        #expect(MetricRegistry.fitNames.hasPrefix("precision, precision_micro, precision_weighted, recall"))
    }
}
