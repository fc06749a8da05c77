import Testing
@testable import DLEngine

/// Ctrl-C (``Interruption``) during a fit's validation pass: the fit's own stop callback stops it keeping
/// what it learnt, so the validation must not throw and fail the whole fit (as `predict` and `evaluate`
/// alone do).
@Suite struct FitValidationInterruptTests {
    @Test func validationInsideAFitIsNotInterrupted() throws {
        var rng = RandomGenerator(seed: 4)
        let data = try Dataset.spiral(pointsPerClass: 10, classes: 3, using: &rng)
        let model = Sequential([try Linear(inputSize: 2, outputSize: 3, using: &rng)])
        let options = try TrainingOptions(epochs: 2, batchSize: 10, loss: SoftmaxCrossEntropy(), optimizer: try SGD(),
                                          validation: .data(data))
        let history = try Interruption.asking({ true }) {
            // predict alone is interrupted...
            #expect(throws: EngineError.self) { try model.predict(data.inputs, batchSize: 8) }
            // ...the fit's validation is not.
            return try model.fit(data, options: options, using: &rng)
        }
        #expect(history.epochs.count == 2 && history.epochs.allSatisfy { $0.validationLoss != nil })
    }
}
