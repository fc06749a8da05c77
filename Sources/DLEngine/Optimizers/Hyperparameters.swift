/// Checks of optimizer hyperparameters, with the wording of every message in one place.
///
/// Names in messages are the keyword names users write (`lr`, `weight_decay`), prefixed with the
/// optimizer's name: `sgd: lr must be a finite number ≥ 0, got -0.1`.
enum Hyperparameters {
    /// A learning rate: finite and ≥ 0 (0 is allowed, as in PyTorch: it freezes the parameters).
    static func checkLearningRate(_ value: Float, optimizer: String) throws {
        try checkNonNegative(value, "lr", optimizer: optimizer)
    }

    /// A finite value ≥ 0 (momentum, weight decay).
    static func checkNonNegative(_ value: Float, _ name: String, optimizer: String) throws {
        guard value.isFinite, value >= 0 else {
            throw invalid(optimizer, name, value, "a finite number ≥ 0")
        }
    }

    /// A finite value > 0 (eps).
    static func checkPositive(_ value: Float, _ name: String, optimizer: String) throws {
        guard value.isFinite, value > 0 else {
            throw invalid(optimizer, name, value, "a finite number > 0")
        }
    }

    /// A decay rate in [0, 1) (alpha, beta1, beta2).
    static func checkDecayRate(_ value: Float, _ name: String, optimizer: String) throws {
        guard value >= 0, value < 1 else {
            throw invalid(optimizer, name, value, "in [0, 1)")
        }
    }

    /// A fraction in [0, 1] (dampening).
    static func checkFraction(_ value: Float, _ name: String, optimizer: String) throws {
        guard value >= 0, value <= 1 else {
            throw invalid(optimizer, name, value, "in [0, 1]")
        }
    }

    private static func invalid(_ optimizer: String, _ name: String, _ value: Float, _ requirement: String) -> EngineError {
        .invalidArgument("\(optimizer): \(name) must be \(requirement), got \(value)")
    }

    /// A one-line description such as `SGD(lr=0.1, momentum=0.9)`: the learning rate, then the options in
    /// `options` whose value is not `nil` (callers pass `nil` for options left at their defaults).
    static func describe(_ typeName: String, learningRate: Float, _ options: [(String, String?)]) -> String {
        let parts = ["lr=\(learningRate)"] + options.compactMap { name, value in value.map { "\(name)=\($0)" } }
        return "\(typeName)(" + parts.joined(separator: ", ") + ")"
    }

    /// `"\(value)"` when `value` differs from `defaultValue`, else `nil` (for ``describe(_:learningRate:_:)``).
    static func unlessDefault<T: Equatable>(_ value: T, _ defaultValue: T) -> String? {
        value == defaultValue ? nil : "\(value)"
    }
}
