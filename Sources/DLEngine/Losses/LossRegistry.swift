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
    /// Keywords users coming from PyTorch may write but this loss refuses, each with the reason
    /// (`weight`: PyTorch's MSELoss has none).
    public let refused: [String: String]

    public init(name: String, summary: String, example: String? = nil, parameters: [Parameter] = [],
                refused: [String: String] = [:], make: @escaping @Sendable (Arguments) throws -> any Loss) {
        self.name = name
        self.summary = summary
        self.example = example ?? "fit model data loss=\(name)"
        self.parameters = parameters
        self.refused = refused
        self.make = make
    }

    /// `hinge [margin=1]`.
    public var signature: String { ([name] + parameters.map(\.signature)).joined(separator: " ") }
}

/// Every loss, in the order the help and the docs list them. A new loss adds one entry.
public enum LossRegistry {
    public static let all: [LossRegistration] = [
        LossRegistration(name: "softmax_ce",
                         summary: "Softmax cross-entropy on class scores (fused and numerically stable): the classification loss. As PyTorch's CrossEntropyLoss: weight=[...] one weight per class (the mean is divided by the labels' total weight), label_smoothing=ε in [0, 1] (targets (1 − ε)·onehot + ε/C), reduction=\"mean\", \"sum\" or \"none\" (one loss per sample: for computing a value, not for fit).",
                         example: "fit model data loss=(softmax_ce weight=[1, 2, 0.5] label_smoothing=0.1)",
                         parameters: [.keyword("weight", .numbers, default: nil, shown: "[1, ...]"),
                                      .keyword("label_smoothing", .number, default: .number(0)),
                                      .keyword("reduction", .text, default: .text("mean"))]) { a in
            try SoftmaxCrossEntropy(weight: try a.optionalNumbers("weight")?.map(Float.init),
                                    labelSmoothing: try a.float("label_smoothing"),
                                    reduction: try LossReduction(named: try a.text("reduction")))
        },
        LossRegistration(name: "hinge",
                         summary: "The multiclass hinge loss: sum over wrong classes of max(0, s_j - s_y + margin).",
                         parameters: [.keyword("margin", .number, default: .number(1))],
                         refused: ["weight": "hinge has no weight= (it sums the margins as CS231n; PyTorch's MultiMarginLoss, which has one, also divides by the classes); to weight samples by their class, use softmax_ce weight= or fit class_weight=[...] with softmax_ce",
                                   "reduction": "hinge has no reduction= (it is the batch mean of CS231n's form, not PyTorch's MultiMarginLoss)"]) { a in
            try MulticlassHinge(margin: a.float("margin"))
        },
        LossRegistration(name: "mse", summary: "Mean squared error (class labels compare with one-hot rows). reduction=\"mean\", \"sum\" or \"none\" (every squared difference, in the outputs' shape: for computing a value, not for fit), as PyTorch's MSELoss.",
                         parameters: [reduction], refused: ["weight": noWeight("mse", "MSELoss")]) { a in
            MeanSquaredError(reduction: try LossReduction(named: try a.text("reduction"), for: "mse"))
        },
        LossRegistration(name: "bce", summary: "Binary cross-entropy on logits (stable), for one output per sample. As PyTorch's BCEWithLogitsLoss: weight=[...] one weight per output column (the mean stays over all elements), reduction=\"mean\", \"sum\" or \"none\" (every element's loss).",
                         example: "moons_data = moons 100\nnet = sequential\nnet.add(linear 2 1)\nfit net moons_data loss=bce",
                         parameters: [.keyword("weight", .numbers, default: nil, shown: "[1, ...]"), reduction]) { a in
            try BinaryCrossEntropy(weight: try a.optionalNumbers("weight")?.map(Float.init),
                                   reduction: try LossReduction(named: try a.text("reduction"), for: "bce"))
        },
        LossRegistration(name: "mae", summary: "Mean absolute error (PyTorch's L1Loss): the mean of |out - target|; outliers pull less than under mse. reduction=\"mean\", \"sum\" or \"none\".",
                         example: "data = wave 100\nnet = sequential\nnet.add(linear 1 1)\nfit net data loss=mae",
                         parameters: [reduction], refused: ["weight": noWeight("mae", "L1Loss")]) { a in
            MeanAbsoluteError(reduction: try LossReduction(named: try a.text("reduction"), for: "mae"))
        },
        LossRegistration(name: "huber", summary: "The Huber loss (PyTorch's HuberLoss): 0.5 d^2 for |d| <= delta, delta (|d| - 0.5 delta) beyond. reduction=\"mean\", \"sum\" or \"none\".",
                         example: "data = wave 100\nnet = sequential\nnet.add(linear 1 1)\nfit net data loss=(huber delta=0.5)",
                         parameters: [.keyword("delta", .number, default: .number(1)), reduction],
                         refused: ["weight": noWeight("huber", "HuberLoss")]) { a in
            try HuberLoss(delta: a.float("delta"), reduction: try LossReduction(named: try a.text("reduction"), for: "huber"))
        },
        LossRegistration(name: "smooth_l1", summary: "PyTorch's SmoothL1Loss: 0.5 d^2 / beta for |d| < beta, |d| - 0.5 beta beyond (huber divided by beta). reduction=\"mean\", \"sum\" or \"none\".",
                         example: "data = wave 100\nnet = sequential\nnet.add(linear 1 1)\nfit net data loss=(smooth_l1 beta=0.5)",
                         parameters: [.keyword("beta", .number, default: .number(1)), reduction],
                         refused: ["weight": noWeight("smooth_l1", "SmoothL1Loss")]) { a in
            try SmoothL1Loss(beta: a.float("beta"), reduction: try LossReduction(named: try a.text("reduction"), for: "smooth_l1"))
        },
    ]

    /// `reduction="mean"`, the keyword every loss but hinge takes.
    private static let reduction = Parameter.keyword("reduction", .text, default: .text("mean"))

    /// Why a loss refuses `weight=`: PyTorch's `torchName` has none.
    private static func noWeight(_ loss: String, _ torchName: String) -> String {
        "\(loss) has no weight= (PyTorch's \(torchName) has none); to weight samples by their class, give fit class_weight=[...]"
    }

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
