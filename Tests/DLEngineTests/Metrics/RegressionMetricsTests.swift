import Testing
import DLEngine

/// MAE, RMSE and R² against scikit-learn 1.9.1, whose figures were printed (float64) by
///
///     from sklearn.metrics import mean_absolute_error, root_mean_squared_error, r2_score
///     print(mean_absolute_error(y, p), root_mean_squared_error(y, p), r2_score(y, p))
///
/// for each pair of arrays below (the first two are scikit-learn's own documentation examples).
@Suite struct RegressionMetricsTests {
    func metrics(_ y: [[Float]], _ p: [[Float]]) throws -> RegressionMetrics {
        try RegressionMetrics(predictions: Tensor(p), targets: Tensor(y))
    }

    func expect(_ m: RegressionMetrics, _ mae: Double, _ rmse: Double, _ r2: Double,
                sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(isClose(m.meanAbsoluteError, mae) && isClose(m.rootMeanSquaredError, rmse) && isClose(m.r2, r2),
                "\(m)", sourceLocation: sourceLocation)
    }

    @Test func oneOutputMatchesScikitLearn() throws {
        expect(try metrics([[3], [-0.5], [2], [7]], [[2.5], [0], [2], [8]]), 0.5, 0.6123724356957945, 0.9486081370449679)
        // [N] targets line up with [N, 1] predictions.
        let flat = try RegressionMetrics(predictions: Tensor(shape: [4, 1], data: [2.5, 0, 2, 8]), targets: Tensor([3, -0.5, 2, 7]))
        expect(flat, 0.5, 0.6123724356957945, 0.9486081370449679)
    }

    /// Several outputs: each figure per column, then averaged ("uniform_average").
    @Test func severalOutputsAreAveragedPerColumn() throws {
        expect(try metrics([[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]]), 0.75, 0.8227486121839513, 0.9368005266622779)
    }

    @Test func aPerfectFitHasR2OfOne() throws {
        let y: [[Float]] = [[1.5], [-2], [0.25], [4]]
        expect(try metrics(y, y), 0, 0, 1)
    }

    /// A constant target column: R² 1 for exact predictions, 0 otherwise (scikit-learn's force_finite).
    @Test func constantTargetsFollowScikitLearn() throws {
        expect(try metrics([[1], [1], [1]], [[1], [1], [1]]), 0, 0, 1)
        expect(try metrics([[1], [1], [1]], [[1], [2], [1]]), 0.3333333333333333, 0.5773502691896257, 0)
        // One constant column predicted exactly (R² 1), one not constant (R² 0.5): the mean is 0.75.
        expect(try metrics([[1, 2], [1, 3]], [[1, 2], [1, 2.5]]), 0.125, 0.1767766952966369, 0.75)
    }

    @Test func mismatchedShapesAndClassTargetsAreRefused() throws {
        #expect(throws: EngineError.shapeMismatch(operation: "regression metrics (predictions and targets)", [3, 1], [2, 1])) {
            try RegressionMetrics(predictions: Tensor.zeros([3, 1]), targets: Tensor.zeros([2, 1]))
        }
        #expect(throws: EngineError.self) { try RegressionMetrics(predictions: Tensor.zeros([0, 1]), targets: Tensor.zeros([0, 1])) }
        var rng = RandomGenerator(seed: 1)
        let model = Sequential([try Linear(inputSize: 2, outputSize: 1, using: &rng)])
        let spiral = try Dataset.spiral(pointsPerClass: 5, classes: 2, using: &rng)
        #expect(throws: EngineError.self) { try model.regressionMetrics(spiral) }
        let wave = try Dataset.wave(samples: 10, using: &rng)
        #expect(throws: EngineError.invalidArgument(
            "accuracy needs class labels; this data set has real-valued targets (regression): its figures are the loss, MAE, RMSE and R2")) {
            try Sequential([try Linear(inputSize: 1, outputSize: 1, using: &rng)]).accuracy(wave)
        }
    }
}
