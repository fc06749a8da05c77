/// A loss as the language and the docs know it: the name users write (`loss=hinge`), its help, its
/// keyword parameters and its constructor.
public struct LossRegistration: Sendable {
    public let name: String
    public let summary: String
    public let example: String
    /// Keyword parameters, each with its default.
    public let parameters: [Parameter]
    /// A new loss from complete arguments (defaults filled in).
    public let make: @Sendable (Arguments) throws -> any Loss

    public init(name: String, summary: String, example: String? = nil, parameters: [Parameter] = [],
                make: @escaping @Sendable (Arguments) throws -> any Loss) {
        self.name = name
        self.summary = summary
        self.example = example ?? "fit model data loss=\(name)"
        self.parameters = parameters
        self.make = make
    }

    /// `hinge [margin=1]`.
    public var signature: String { ([name] + parameters.map(\.signature)).joined(separator: " ") }
}

/// Every loss, in the order the help and the docs list them. A new loss adds one entry.
public enum LossRegistry {
    public static let all: [LossRegistration] = [
        LossRegistration(name: "softmax_ce",
                         summary: "Softmax cross-entropy on class scores (fused and numerically stable): the classification loss.") { _ in
            SoftmaxCrossEntropy()
        },
        LossRegistration(name: "hinge",
                         summary: "The multiclass hinge loss: sum over wrong classes of max(0, s_j - s_y + margin).",
                         parameters: [.keyword("margin", .number, default: .number(1))]) { a in
            try MulticlassHinge(margin: a.float("margin"))
        },
        LossRegistration(name: "mse", summary: "Mean squared error (class labels compare with one-hot rows).") { _ in
            MeanSquaredError()
        },
        LossRegistration(name: "bce", summary: "Binary cross-entropy on logits (stable), for one output per sample.",
                         example: "moons_data = moons 100\nnet = sequential\nnet.add(linear 2 1)\nfit net moons_data loss=bce") { _ in
            BinaryCrossEntropy()
        },
        LossRegistration(name: "mae", summary: "Mean absolute error (PyTorch's L1Loss): the mean of |out - target|; outliers pull less than under mse.",
                         example: "data = wave 100\nnet = sequential\nnet.add(linear 1 1)\nfit net data loss=mae") { _ in
            MeanAbsoluteError()
        },
        LossRegistration(name: "huber", summary: "The Huber loss (PyTorch's HuberLoss): 0.5 d^2 for |d| <= delta, delta (|d| - 0.5 delta) beyond.",
                         example: "data = wave 100\nnet = sequential\nnet.add(linear 1 1)\nfit net data loss=(huber delta=0.5)",
                         parameters: [.keyword("delta", .number, default: .number(1))]) { a in
            try HuberLoss(delta: a.float("delta"))
        },
        LossRegistration(name: "smooth_l1", summary: "PyTorch's SmoothL1Loss: 0.5 d^2 / beta for |d| < beta, |d| - 0.5 beta beyond (huber divided by beta).",
                         example: "data = wave 100\nnet = sequential\nnet.add(linear 1 1)\nfit net data loss=(smooth_l1 beta=0.5)",
                         parameters: [.keyword("beta", .number, default: .number(1))]) { a in
            try SmoothL1Loss(beta: a.float("beta"))
        },
    ]

    /// The names users write, in order: `softmax_ce, hinge, mse, bce, mae, huber, smooth_l1`.
    public static var names: [String] { all.map(\.name) }

    public static func named(_ name: String) -> LossRegistration? { all.first { $0.name == name } }
}

/// The names users write for the losses (`loss=softmax_ce`), in the order help texts list them.
public var knownLossNames: [String] { LossRegistry.names }

/// The loss with the given name, with its default settings: `softmax_ce` (``SoftmaxCrossEntropy``),
/// `hinge` (``MulticlassHinge``, margin 1), `mse` (``MeanSquaredError``), `bce` (``BinaryCrossEntropy``),
/// `mae` (``MeanAbsoluteError``), `huber` (``HuberLoss``, delta 1), `smooth_l1` (``SmoothL1Loss``, beta 1).
/// - Throws: ``EngineError/invalidArgument(_:)`` for an unknown name, listing the known ones.
public func makeLoss(named name: String) throws -> any Loss {
    guard let registration = LossRegistry.named(name) else {
        throw EngineError.invalidArgument("unknown loss '\(name)'; known losses: \(knownLossNames.joined(separator: ", "))")
    }
    return try registration.make(Arguments().withDefaults(of: registration.parameters))
}
