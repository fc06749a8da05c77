import DLEngine

/// A value of the dlnb language.
public indirect enum Value {
    case none
    case number(Double)
    case boolean(Bool)
    case string(String)
    case list([Value])
    case tensor(Tensor)
    case model(Sequential)
    case layer(any Layer)
    case dataset(Dataset)
    case optimizer(any Optimizer)
    case loss(any Loss)
    case history(History)
    /// A learning-rate schedule (`sched = cosine_annealing_lr t_max=200`), stateful: it keeps its step count.
    case schedule(any LearningRateSchedule)
    /// A table of training runs (`runs = table "lr"`).
    case table(RunTable)
    /// Named figures, shown labelled (`evaluate`'s `loss 0.0945, accuracy 0.9733`).
    case figures(Figures)
    /// A built-in function, as a value (`model.add(relu)` passes `relu`, which `add` calls).
    case builtin(Builtin)
    /// A method bound to its receiver (`model.add`), callable.
    case method(BoundMethod)

    /// The kind's name as users read it in messages and `whos`.
    public var kind: String {
        switch self {
        case .none: return "none"
        case .number: return "number"
        case .boolean: return "boolean"
        case .string: return "string"
        case .list: return "list"
        case .tensor: return "tensor"
        case .model: return "model"
        case .layer: return "layer"
        case .dataset: return "data set"
        case .optimizer: return "optimizer"
        case .loss: return "loss"
        case .history: return "history"
        case .schedule: return "schedule"
        case .table: return "table"
        case .figures: return "figures"
        case .builtin: return "function"
        case .method: return "method"
        }
    }

    /// The kind with an article, for messages: "a tensor", "an optimizer".
    public var kindWithArticle: String {
        let k = kind
        if case .figures = self { return "the figures" }
        return ("aeiou".contains(k.first!) ? "an " : "a ") + k
    }
}

/// A method bound to its receiver, e.g. `model.add`.
public struct BoundMethod {
    public let name: String
    public let receiver: Value
}
