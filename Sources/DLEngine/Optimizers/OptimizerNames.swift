/// The optimizers by the names users write, with the keyword options each one takes.
///
/// Keyword names follow PyTorch's (`lr`, `weight_decay`); Boolean options (`nesterov`, `centered`,
/// `amsgrad`) are given as 0 or 1.
public enum OptimizerNames {
    /// Each optimizer's name and its option names, in the order its initializer takes them.
    public static let options: [(name: String, options: [String])] = [
        ("adam", ["lr", "beta1", "beta2", "eps", "weight_decay", "amsgrad"]),
        ("adamw", ["lr", "beta1", "beta2", "eps", "weight_decay", "amsgrad"]),
        ("rmsprop", ["lr", "alpha", "eps", "momentum", "centered", "weight_decay"]),
        ("sgd", ["lr", "momentum", "dampening", "nesterov", "weight_decay"]),
    ]

    /// The names users can write: `adam, adamw, rmsprop, sgd`.
    public static var known: [String] { options.map(\.name) }

    static func unknown(_ name: String) -> EngineError {
        .invalidArgument("unknown optimizer '\(name)'; known optimizers: \(known.joined(separator: ", "))")
    }
}

/// Makes an optimizer from its name (`"sgd"`, `"rmsprop"`, `"adam"`, `"adamw"`, in any case) and keyword
/// options such as `["lr": 0.1, "momentum": 0.9]`; options left out take the initializer's defaults.
///
/// - Parameters:
///   - name: the optimizer's name.
///   - options: keyword names (`lr`, `momentum`, `nesterov`, `weight_decay`, `dampening`, `alpha`, `eps`,
///     `centered`, `beta1`, `beta2`, `amsgrad`) to values; Boolean options are 0 or 1.
/// - Throws: ``EngineError/invalidArgument(_:)`` for an unknown optimizer (naming the known ones), an option
///   the optimizer does not take (naming the ones it takes), a Boolean option other than 0 or 1, or a value
///   out of range.
public func makeOptimizer(named written: String, options: [String: Float]) throws -> any Optimizer {
    let name = written.lowercased()
    guard let accepted = OptimizerNames.options.first(where: { $0.name == name })?.options else {
        throw OptimizerNames.unknown(written)
    }
    for key in options.keys.sorted() where !accepted.contains(key) {
        throw EngineError.invalidArgument(
            "\(name) does not take the option '\(key)'; its options: \(accepted.joined(separator: ", "))")
    }
    // Options left out take the initializer's defaults, read from an optimizer made with none.
    func flag(_ key: String) throws -> Bool {
        switch options[key] {
        case nil, 0: return false
        case 1: return true
        case let other?: throw EngineError.invalidArgument("\(name): \(key) must be 0 or 1, got \(other)")
        }
    }
    switch name {
    case "sgd":
        let d = try SGD()
        return try SGD(learningRate: options["lr"] ?? d.learningRate, momentum: options["momentum"] ?? d.momentum,
                       dampening: options["dampening"] ?? d.dampening, nesterov: flag("nesterov"),
                       weightDecay: options["weight_decay"] ?? d.weightDecay)
    case "rmsprop":
        let d = try RMSProp()
        return try RMSProp(learningRate: options["lr"] ?? d.learningRate, alpha: options["alpha"] ?? d.alpha,
                           eps: options["eps"] ?? d.eps, momentum: options["momentum"] ?? d.momentum,
                           centered: flag("centered"), weightDecay: options["weight_decay"] ?? d.weightDecay)
    case "adam":
        let d = try Adam()
        return try Adam(learningRate: options["lr"] ?? d.learningRate, beta1: options["beta1"] ?? d.beta1,
                        beta2: options["beta2"] ?? d.beta2, eps: options["eps"] ?? d.eps,
                        weightDecay: options["weight_decay"] ?? d.weightDecay, amsgrad: flag("amsgrad"))
    case "adamw":
        let d = try AdamW()
        return try AdamW(learningRate: options["lr"] ?? d.learningRate, beta1: options["beta1"] ?? d.beta1,
                         beta2: options["beta2"] ?? d.beta2, eps: options["eps"] ?? d.eps,
                         weightDecay: options["weight_decay"] ?? d.weightDecay, amsgrad: flag("amsgrad"))
    default:
        throw OptimizerNames.unknown(written)
    }
}
