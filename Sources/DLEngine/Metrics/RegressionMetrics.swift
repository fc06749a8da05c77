/// How well predictions match real-valued targets: scikit-learn's `mean_absolute_error`,
/// `root_mean_squared_error` and `r2_score`, with their defaults.
///
/// - Several outputs per sample (`[N, K]`): each figure is computed per output column and the K results
///   averaged (scikit-learn's `multioutput="uniform_average"`). For one output, RMSE is the square
///   root of the mean squared error.
/// - R²: `1 − Σ (y − ŷ)² / Σ (y − ȳ)²`, 1 for a perfect fit, 0 for always predicting the mean, negative
///   for worse. A target column that is constant has no spread to explain: its R² is 1 when the
///   predictions are exact and 0 otherwise (scikit-learn's `force_finite=True`).
/// - Sums are taken in Double.
public struct RegressionMetrics: Sendable, Equatable {
    /// The mean absolute error, `mean |y − ŷ|`.
    public let meanAbsoluteError: Double
    /// The root mean squared error, `sqrt(mean (y − ŷ)²)`.
    public let rootMeanSquaredError: Double
    /// The coefficient of determination R².
    public let r2: Double

    /// - Parameters:
    ///   - predictions: the model's outputs, first axis: samples.
    ///   - targets: the true values: the predictions' shape, or the same samples and element count
    ///     (`[N]` against `[N, 1]`).
    /// - Throws: a shape mismatch naming both shapes; ``EngineError/invalidArgument(_:)`` for no samples.
    public init(predictions: Tensor, targets: Tensor) throws {
        guard predictions.shape == targets.shape
            || (predictions.count == targets.count && predictions.rank >= 1 && predictions.shape.first == targets.shape.first)
        else { throw EngineError.shapeMismatch(operation: "regression metrics (predictions and targets)", predictions.shape, targets.shape) }
        guard let samples = predictions.shape.first, samples > 0, predictions.count > 0 else {
            throw EngineError.invalidArgument("regression metrics need at least one sample; got predictions of shape \(EngineError.format(predictions.shape))")
        }
        let columns = predictions.count / samples
        let (y, p) = (targets.data, predictions.data)
        var absolute = 0.0, root = 0.0, r2 = 0.0
        for j in 0 ..< columns {
            var mean = 0.0
            for i in 0 ..< samples { mean += Double(y[i * columns + j]) }
            mean /= Double(samples)
            var sumAbsolute = 0.0, residual = 0.0, total = 0.0
            for i in 0 ..< samples {
                let truth = Double(y[i * columns + j]), d = truth - Double(p[i * columns + j])
                sumAbsolute += Swift.abs(d)
                residual += d * d
                total += (truth - mean) * (truth - mean)
            }
            absolute += sumAbsolute / Double(samples)
            root += (residual / Double(samples)).squareRoot()
            if total != 0 { r2 += 1 - residual / total } else { r2 += residual == 0 ? 1 : 0 }
        }
        meanAbsoluteError = absolute / Double(columns)
        rootMeanSquaredError = root / Double(columns)
        self.r2 = r2 / Double(columns)
    }
}

extension Sequential {
    /// MAE, RMSE and R² of the model's predictions on a data set with real-valued targets, in evaluation
    /// mode and without recording gradients.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for class targets (their figures are accuracy and
    ///   the confusion matrix); a shape mismatch naming both shapes when the outputs do not line up with
    ///   the targets.
    public func regressionMetrics(_ data: Dataset, batchSize: Int = 1024) throws -> RegressionMetrics {
        guard case .values(let targets) = data.targets else {
            throw EngineError.invalidArgument("MAE, RMSE and R2 need real-valued targets; this data set has class labels (use accuracy)")
        }
        return try RegressionMetrics(predictions: predict(data.inputs, batchSize: batchSize), targets: targets)
    }
}
