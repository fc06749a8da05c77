/// Per-feature standardization, `(x − mean) / std`, with the statistics fitted once on training inputs:
/// scikit-learn's `StandardScaler`.
///
/// Fit it on the training part only, then transform the training and the test parts (and anything
/// predicted later) with the same statistics: fitted on all the data, it would let the test samples leak
/// into training, and the test score would flatter the model.
/// ```swift
/// let (train, test) = try data.split(trainFraction: 0.8, using: &generator)
/// let standardizer = try Standardizer(fittingTo: train)
/// let trainInputs = try standardizer.transform(train), testInputs = try standardizer.transform(test)
/// ```
/// - Shapes: a feature is one position of a sample, i.e. one element of `inputs.shape[1...]` (for
///   `[N, 2]` inputs, the two columns; for images, every pixel of every channel). ``mean`` and
///   ``standardDeviation`` hold one value per feature, row-major.
/// - Edge cases: the standard deviation is the population one (divided by `N`, NumPy's default
///   `ddof=0`, as `StandardScaler` uses). A feature whose standard deviation is 0 (constant over the
///   training samples) gets 1 instead, so it is only centred, never divided by zero; the statistics are
///   summed in `Double`, mean first, then squared deviations, which makes a constant feature's deviation
///   exactly 0. Non-finite inputs give non-finite statistics and outputs.
public struct Standardizer: Sendable, Equatable, CustomStringConvertible {
    /// The shape of one sample: `inputs.shape` without its first axis.
    public let featureShape: [Int]
    /// The mean of each feature over the fitted samples.
    public let mean: [Double]
    /// The population standard deviation of each feature, with 0 replaced by 1.
    public let standardDeviation: [Double]

    /// Fits the statistics to `inputs` (first axis: samples).
    /// - Throws: ``EngineError/invalidArgument(_:)`` for a scalar or for no samples.
    public init(fittingTo inputs: Tensor) throws {
        guard inputs.rank >= 1, inputs.shape[0] >= 1 else {
            throw EngineError.invalidArgument(
                "a standardizer needs at least one sample to fit, got inputs of shape \(EngineError.format(inputs.shape))")
        }
        let samples = inputs.shape[0], features = inputs.count / samples
        var sum = [Double](repeating: 0, count: features)
        var squares = [Double](repeating: 0, count: features)
        inputs.data.withUnsafeBufferPointer { x in
            for row in 0 ..< samples {
                for j in 0 ..< features { sum[j] += Double(x[row * features + j]) }
            }
            let mean = sum.map { $0 / Double(samples) }
            for row in 0 ..< samples {
                for j in 0 ..< features {
                    let d = Double(x[row * features + j]) - mean[j]
                    squares[j] += d * d
                }
            }
            sum = mean
        }
        featureShape = Array(inputs.shape.dropFirst())
        mean = sum
        standardDeviation = squares.map { total in
            let std = (total / Double(samples)).squareRoot()
            return std == 0 ? 1 : std
        }
    }

    /// Fits the statistics to a data set's inputs: pass the training part only.
    /// - Throws: as ``init(fittingTo:)-(Tensor)``.
    public init(fittingTo dataset: Dataset) throws {
        try self.init(fittingTo: dataset.inputs)
    }

    /// `(inputs − mean) / std`, feature by feature: a new tensor (a leaf, without gradient) of the same shape.
    /// - Throws: ``EngineError/shapeMismatch(operation:_:_:)`` when a sample's shape differs from
    ///   ``featureShape`` (the shapes named are the inputs' and `[N] + featureShape`).
    public func transform(_ inputs: Tensor) throws -> Tensor {
        guard inputs.rank >= 1, Array(inputs.shape.dropFirst()) == featureShape else {
            throw EngineError.shapeMismatch(operation: "standardize", inputs.shape, [inputs.shape.first ?? 0] + featureShape)
        }
        let samples = inputs.shape[0], features = mean.count
        return try Tensor.makeChecked(sameCountAs: inputs.shape, count: inputs.count) { out in
            inputs.data.withUnsafeBufferPointer { x in
                for row in 0 ..< samples {
                    for j in 0 ..< features {
                        let i = row * features + j
                        out[i] = Float((Double(x[i]) - mean[j]) / standardDeviation[j])
                    }
                }
            }
        }
    }

    /// The data set with standardized inputs; targets and name unchanged.
    /// - Throws: as ``transform(_:)-(Tensor)``, and when the inputs and targets count different samples.
    public func transform(_ dataset: Dataset) throws -> Dataset {
        try Dataset(inputs: transform(dataset.inputs), targets: dataset.targets, name: dataset.name)
    }

    public var description: String {
        "Standardizer(\(mean.count) features)"
    }
}
