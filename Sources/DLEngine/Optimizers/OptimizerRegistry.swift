/// An optimizer as the language and the docs know it: the name users write (`sgd`), its help, its
/// keyword options and its constructor.
///
/// Option names follow PyTorch's (`lr`, `weight_decay`); every option is a number, and the Boolean ones
/// (`nesterov`, `centered`, `amsgrad`) are given as 0 or 1.
public struct OptimizerRegistration: Sendable {
    public let name: String
    public let summary: String
    public let example: String
    /// The option names, in the order the type's initializer takes them.
    public let options: [String]
    /// A new optimizer from the options given (checked against ``options`` already); options left out
    /// take the initializer's defaults.
    let make: @Sendable (OptimizerOptions) throws -> any Optimizer

    init(name: String, summary: String, example: String, options: [String],
         make: @escaping @Sendable (OptimizerOptions) throws -> any Optimizer) {
        (self.name, self.summary, self.example, self.options, self.make) = (name, summary, example, options, make)
    }

    /// `sgd [lr=...] [momentum=...] ...`.
    public var signature: String { ([name] + options.map { "[\($0)=...]" }).joined(separator: " ") }
}

/// The options given to one optimizer's constructor, with the Boolean ones checked.
struct OptimizerOptions {
    let name: String
    let values: [String: Float]

    subscript(_ key: String) -> Float? { values[key] }

    /// 0 or absent: false; 1: true.
    func flag(_ key: String) throws -> Bool {
        switch values[key] {
        case nil, 0: return false
        case 1: return true
        case let other?: throw EngineError.invalidArgument("\(name): \(key) must be 0 or 1, got \(other)")
        }
    }
}

/// Every optimizer, in the order the help and the docs list them. A new optimizer adds one entry.
public enum OptimizerRegistry {
    public static let all: [OptimizerRegistration] = [
        OptimizerRegistration(
            name: "sgd", summary: "Stochastic gradient descent with momentum (stored velocity), Nesterov and weight decay; PyTorch's defaults (lr=0.01).",
            example: "opt = sgd lr=0.1 momentum=0.9 weight_decay=0.001",
            options: ["lr", "momentum", "dampening", "nesterov", "weight_decay"]) { o in
            // Options left out take the initializer's defaults, read from an optimizer made with none.
            let d = try SGD()
            return try SGD(learningRate: o["lr"] ?? d.learningRate, momentum: o["momentum"] ?? d.momentum,
                           dampening: o["dampening"] ?? d.dampening, nesterov: o.flag("nesterov"),
                           weightDecay: o["weight_decay"] ?? d.weightDecay)
        },
        OptimizerRegistration(
            name: "rmsprop", summary: "RMSProp: steps scaled by a running average of squared gradients (lr=0.01, alpha=0.99).",
            example: "opt = rmsprop lr=0.01", options: ["lr", "alpha", "eps", "momentum", "centered", "weight_decay"]) { o in
            let d = try RMSProp()
            return try RMSProp(learningRate: o["lr"] ?? d.learningRate, alpha: o["alpha"] ?? d.alpha,
                               eps: o["eps"] ?? d.eps, momentum: o["momentum"] ?? d.momentum,
                               centered: o.flag("centered"), weightDecay: o["weight_decay"] ?? d.weightDecay)
        },
        OptimizerRegistration(
            name: "adam", summary: "Adam: bias-corrected first and second moments (lr=0.001, beta1=0.9, beta2=0.999).",
            example: "opt = adam lr=0.01", options: ["lr", "beta1", "beta2", "eps", "weight_decay", "amsgrad"]) { o in
            let d = try Adam()
            return try Adam(learningRate: o["lr"] ?? d.learningRate, beta1: o["beta1"] ?? d.beta1,
                            beta2: o["beta2"] ?? d.beta2, eps: o["eps"] ?? d.eps,
                            weightDecay: o["weight_decay"] ?? d.weightDecay, amsgrad: o.flag("amsgrad"))
        },
        OptimizerRegistration(
            name: "adamw", summary: "AdamW: Adam with decoupled weight decay (weight_decay=0.01).",
            example: "opt = adamw lr=0.001 weight_decay=0.01",
            options: ["lr", "beta1", "beta2", "eps", "weight_decay", "amsgrad"]) { o in
            let d = try AdamW()
            return try AdamW(learningRate: o["lr"] ?? d.learningRate, beta1: o["beta1"] ?? d.beta1,
                             beta2: o["beta2"] ?? d.beta2, eps: o["eps"] ?? d.eps,
                             weightDecay: o["weight_decay"] ?? d.weightDecay, amsgrad: o.flag("amsgrad"))
        },
    ]

    /// The names users can write, in the order of ``all``.
    public static var names: [String] { all.map(\.name) }

    public static func named(_ name: String) -> OptimizerRegistration? { all.first { $0.name == name } }
}

/// Makes an optimizer from its name (`"sgd"`, `"rmsprop"`, `"adam"`, `"adamw"`, in any case) and keyword
/// options such as `["lr": 0.1, "momentum": 0.9]`; options left out take the initializer's defaults.
///
/// - Parameters:
///   - name: the optimizer's name.
///   - options: keyword names (``OptimizerRegistration/options``) to values; Boolean options are 0 or 1.
/// - Throws: ``EngineError/invalidArgument(_:)`` for an unknown optimizer (naming the known ones), an option
///   the optimizer does not take (naming the ones it takes), a Boolean option other than 0 or 1, or a value
///   out of range.
public func makeOptimizer(named written: String, options: [String: Float]) throws -> any Optimizer {
    let name = written.lowercased()
    guard let registration = OptimizerRegistry.named(name) else {
        throw EngineError.invalidArgument(
            "unknown optimizer '\(written)'; known optimizers: \(OptimizerRegistry.names.sorted().joined(separator: ", "))")
    }
    for key in options.keys.sorted() where !registration.options.contains(key) {
        throw EngineError.invalidArgument(
            "\(name) does not take the option '\(key)'; its options: \(registration.options.joined(separator: ", "))")
    }
    return try registration.make(OptimizerOptions(name: name, values: options))
}
