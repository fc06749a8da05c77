import Testing
@testable import DLEngine

/// Precision, recall and F1 from a small confusion matrix, every value worked out by hand below (the
/// definitions of scikit-learn's precision_recall_fscore_support with zero_division=0).
@Suite struct ConfusionMatrixTests {
    /// Rows = true class, columns = predicted class; class 4 neither occurs nor is predicted.
    ///
    ///               pred 0  pred 1  pred 2  pred 3  pred 4    support
    ///     true 0       3       1       0       0       0         4
    ///     true 1       1       2       1       0       0         4
    ///     true 2       0       0       2       0       0         2
    ///     true 3       1       0       0       0       0         1
    ///     true 4       0       0       0       0       0         0
    ///     predicted    5       3       3       0       0        11
    ///
    /// tp = 3, 2, 2, 0; fp = column − tp = 2, 1, 1, 0; fn = row − tp = 1, 2, 0, 1.
    /// precision = 3/5 = 0.6, 2/3, 2/3, 0/0 → 0 (class 3 is never predicted: zero_division=0)
    /// recall    = 3/4 = 0.75, 2/4 = 0.5, 2/2 = 1, 0/1 = 0
    /// F1 = 2tp/(2tp+fp+fn) = 6/9, 4/7, 4/5, 0/1 = 0
    static func matrix() throws -> ConfusionMatrix {
        let pairs = [(0, 0), (0, 0), (0, 0), (0, 1), (1, 0), (1, 1), (1, 1), (1, 2), (2, 2), (2, 2), (3, 0)]
        return try ConfusionMatrix(labels: pairs.map(\.0), predicted: pairs.map(\.1), classes: 5)
    }

    @Test func countsAndTotals() throws {
        let m = try Self.matrix()
        #expect(m.counts == [3, 1, 0, 0, 0, 1, 2, 1, 0, 0, 0, 0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect((0 ..< 5).map(m.support) == [4, 4, 2, 1, 0])
        #expect((0 ..< 5).map(m.predictedCount) == [5, 3, 3, 0, 0])
        #expect(m.total == 11)
        #expect(isClose(m.accuracy, 7.0 / 11))
        #expect(m.tensor.shape == [5, 5])
    }

    @Test func perClass() throws {
        let m = try Self.matrix()
        #expect(zip(m.scores(.precision, average: .none), [0.6, 2.0 / 3, 2.0 / 3, 0, 0]).allSatisfy { isClose($0, $1) })
        #expect(zip(m.scores(.recall, average: .none), [0.75, 0.5, 1, 0, 0]).allSatisfy { isClose($0, $1) })
        #expect(zip(m.scores(.f1, average: .none), [6.0 / 9, 4.0 / 7, 0.8, 0, 0]).allSatisfy { isClose($0, $1) })
    }

    /// macro: the mean over classes 0–3 (class 4 is absent from labels and predictions, as sklearn's
    /// unique_labels leaves it out): precision (0.6 + 2/3 + 2/3 + 0)/4 = 0.483333; recall
    /// (0.75 + 0.5 + 1 + 0)/4 = 0.5625; F1 (6/9 + 4/7 + 0.8 + 0)/4 = 0.509524.
    @Test func macro() throws {
        let m = try Self.matrix()
        #expect(isClose(m.score(.precision, average: .macro), 0.4833333))
        #expect(isClose(m.score(.recall, average: .macro), 0.5625))
        #expect(isClose(m.score(.f1, average: .macro), 0.5095238))
    }

    /// micro: Σtp / Σ(tp + fp) = Σtp / Σ(tp + fn) = 7/11 for all three (single-label: the accuracy).
    @Test func micro() throws {
        let m = try Self.matrix()
        for score in ConfusionMatrix.Score.allCases { #expect(isClose(m.score(score, average: .micro), 7.0 / 11)) }
    }

    /// weighted by support 4, 4, 2, 1 (of 11): precision (4·0.6 + 4·2/3 + 2·2/3 + 0)/11 = 6.4/11 =
    /// 0.581818; recall (3 + 2 + 2 + 0)/11 = 7/11; F1 (4·6/9 + 4·4/7 + 2·0.8)/11 = 6.552381/11 = 0.595671.
    @Test func weighted() throws {
        let m = try Self.matrix()
        #expect(isClose(m.score(.precision, average: .weighted), 0.5818182))
        #expect(isClose(m.score(.recall, average: .weighted), 7.0 / 11))
        #expect(isClose(m.score(.f1, average: .weighted), 0.5956710))
    }

    /// The report rounds the values above to two decimals, laid out as sklearn's classification_report.
    @Test func report() throws {
        let expected = """
                          precision    recall  f1-score   support

                       0       0.60      0.75      0.67         4
                       1       0.67      0.50      0.57         4
                       2       0.67      1.00      0.80         2
                       3       0.00      0.00      0.00         1

                accuracy                           0.64        11
               macro avg       0.48      0.56      0.51        11
            weighted avg       0.58      0.64      0.60        11
            """
        #expect(try Self.matrix().report == expected)
    }

    @Test func edgeCasesAndBadInput() throws {
        // A perfect prediction: every score 1.
        let perfect = try ConfusionMatrix(labels: [0, 1, 2], predicted: [0, 1, 2], classes: 3)
        for score in ConfusionMatrix.Score.allCases {
            for average in [MetricAverage.macro, .micro, .weighted] { #expect(perfect.score(score, average: average) == 1) }
        }
        // An empty matrix: 0, not NaN.
        let empty = try ConfusionMatrix(classes: 2)
        #expect(empty.score(.f1, average: .macro) == 0 && empty.score(.precision, average: .weighted) == 0 && empty.accuracy == 0)
        #expect(throws: EngineError.self) { try ConfusionMatrix(labels: [0, 1], predicted: [0], classes: 2) }
        #expect(throws: EngineError.self) { try ConfusionMatrix(labels: [0, 2], predicted: [0, 1], classes: 2) }
        #expect(throws: EngineError.self) { try ConfusionMatrix(classes: 0) }
        #expect(throws: EngineError.allocationTooLarge(shape: [1 << 40, 1 << 40], limit: Shape.maximumElementCount)) {
            try ConfusionMatrix(classes: 1 << 40)
        }
        #expect(throws: EngineError.invalidArgument("unknown average 'mean'; average= takes macro, micro, weighted, none")) {
            try MetricAverage(named: "mean")
        }
    }
}
