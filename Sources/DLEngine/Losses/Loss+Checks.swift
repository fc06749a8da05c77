/// Checks shared by the losses, so that every loss words a mismatch between outputs and targets the
/// same way: the loss's name, then both shapes.
extension Loss {
    /// Checks that `outputs` is a non-empty `[N, C]` matrix of scores and returns N and C.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for another rank or an empty batch.
    func checkScores(_ outputs: Tensor) throws -> (n: Int, classes: Int) {
        guard outputs.rank == 2 else {
            throw EngineError.invalidArgument(
                "\(name) needs outputs of shape [N, C] (one row of scores per sample); got \(EngineError.format(outputs.shape))")
        }
        try checkNotEmpty(outputs)
        return (outputs.shape[0], outputs.shape[1])
    }

    /// Throws for a batch with no samples or no values, whose mean would be NaN.
    func checkNotEmpty(_ outputs: Tensor) throws {
        guard outputs.count > 0 else {
            throw EngineError.invalidArgument("\(name) needs a non-empty batch; got outputs of shape \(EngineError.format(outputs.shape))")
        }
    }

    /// Checks that there is one label per row of `outputs` and each names one of its `classes` columns.
    /// - Throws: a shape mismatch (outputs' shape and `[labels.count]`) for a count that differs;
    ///   ``EngineError/invalidArgument(_:)`` for a label outside `0 ..< classes`.
    func checkLabels(_ labels: [Int], for outputs: Tensor, classes: Int) throws {
        guard labels.count == outputs.shape.first else {
            throw EngineError.shapeMismatch(operation: "\(name) (outputs and labels)", outputs.shape, [labels.count])
        }
        if let (i, label) = labels.enumerated().first(where: { $0.element < 0 || $0.element >= classes }) {
            throw EngineError.invalidArgument(
                "\(name): label \(label) of sample \(i) is out of range for outputs of shape "
                    + "\(EngineError.format(outputs.shape)) (\(classes) classes)")
        }
    }

    /// Checks that target values line up one-to-one with the outputs: the same shape, or the same number
    /// of samples and of elements (so `[N]` targets fit `[N, 1]` outputs, and vice versa; no broadcasting,
    /// which would silently compare every output with every target).
    /// - Throws: a shape mismatch naming both shapes.
    func checkValues(_ targets: Tensor, for outputs: Tensor) throws {
        guard targets.shape == outputs.shape
            || (targets.count == outputs.count && targets.shape.first == outputs.shape.first && outputs.rank >= 1)
        else {
            throw EngineError.shapeMismatch(operation: "\(name) (outputs and targets)", outputs.shape, targets.shape)
        }
    }
}
