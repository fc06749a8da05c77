import DLEngine

extension Session {
    /// The validation loss of each epoch of the last fit (NaN where an epoch has none; empty without a
    /// fit), for the loss curve the REPL leaves under a fit.
    public var lastFitValidationLosses: [Double] {
        guard let history = currentHistory, history.epochs.contains(where: { $0.validationLoss != nil }) else { return [] }
        return history.epochs.map { $0.validationLoss.map(Double.init) ?? .nan }
    }
}
