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

extension Value {
    /// The deepest nesting of lists (`[[[...]]]`, built in a loop as `x = [x]`): the walks over a value
    /// (showing it, a statement's checkpoint, turning it into a tensor) go down one call per level, and
    /// this keeps them far from the end of the stack.
    static let maximumListNesting = 100

    /// How deep lists nest in a list of `items` (1: no list inside). A list held many times over
    /// (`x = [x, x]` in a loop) is measured once: `memo` keeps each list's depth by its storage.
    static func listNesting(_ items: [Value], memo: inout [UnsafeRawPointer: Int]) -> Int {
        let storage = items.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
        if let storage, let known = memo[storage] { return known }
        var depth = 1
        for case .list(let inner) in items { depth = Swift.max(depth, 1 + listNesting(inner, memo: &memo)) }
        if let storage { memo[storage] = depth }
        return depth
    }

    /// `.list(items)`, or an error at `location` when it would nest lists past ``maximumListNesting``.
    static func checkedList(_ items: [Value], at location: SourceLocation) throws -> Value {
        var memo: [UnsafeRawPointer: Int] = [:]
        let depth = listNesting(items, memo: &memo)
        guard depth <= maximumListNesting else {
            throw ScriptError("lists may be nested at most \(maximumListNesting) deep; this one would be \(depth)", at: location)
        }
        return .list(items)
    }
}
