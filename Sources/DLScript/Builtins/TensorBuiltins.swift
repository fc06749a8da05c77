import DLEngine

/// Shape arguments: `zeros 2 3`, `zeros [2, 3]`, `zeros(2, 3)`.
extension Call {
    func shape(from index: Int) throws -> [Int] {
        if positional.count == index + 1, case .list(let items) = positional[index].value {
            return try items.enumerated().map { offset, item in
                guard case .number(let v) = item, v == v.rounded(), v >= 0, v < 1e15 else {
                    throw ScriptError("\(name): sizes must be whole numbers >= 0", at: positional[index].location)
                }
                return Int(v)
            }
        }
        if positional.count == index + 1, case .tensor(let t) = positional[index].value, t.rank == 1 {
            return try t.data.map {
                let size = try wholeNumber(Double($0), "a size", at: positional[index].location)
                guard size >= 0 else { throw ScriptError("\(name): sizes must be >= 0", at: positional[index].location) }
                return size
            }
        }
        return try (index ..< positional.count).map { i in
            let v = try integer(i, nil, "size \(i - index + 1)")
            guard v >= 0 else { throw ScriptError("\(name): sizes must be >= 0, got \(v)", at: positional[i].location) }
            return v
        }
    }

    /// A list of tensors: a list value, or a tensor whose first-axis slices are the items (a list
    /// literal of equally shaped tensors is already stacked into one tensor).
    func tensors(_ index: Int) throws -> [Tensor] {
        let entry = positional[index]
        switch entry.value {
        case .list(let items):
            return try items.map { try Session.tensor(from: $0, at: entry.location, context: name) }
        case .tensor(let t) where t.rank >= 1:
            return try (0 ..< t.shape[0]).map { try t.slice([.index($0)]) }
        default:
            throw ScriptError("\(name): expects a list of tensors, like \(name) [a, b]", at: entry.location)
        }
    }

    /// An optional axis keyword (`axis=0`).
    func axis() throws -> Int? {
        has("axis") ? try integer(nil, "axis", "axis") : nil
    }
}

let tensorBuiltins: [Builtin] = [
    Builtin("tensor", "tensor LIST [requires_grad=false]", "A tensor from a (nested) list of numbers.",
            example: "x = tensor [[1, 2, 3], [4, 5, 6]]", category: .tensors, keywords: ["requires_grad"]) { call in
        try call.expectPositional(1...1, usage: "tensor [[1, 2], [3, 4]]")
        let t = try call.tensor(0, nil, "the values").detached()
        t.requiresGrad = try call.boolean(nil, "requires_grad", "requires_grad", default: false)
        return .tensor(t)
    },
    Builtin("zeros", "zeros SIZE...", "A tensor of zeros of the given shape.",
            example: "zeros 2 3", category: .tensors) { call in
        .tensor(try Tensor.zeros(try call.shape(from: 0)))
    },
    Builtin("ones", "ones SIZE...", "A tensor of ones of the given shape.",
            example: "ones 3", category: .tensors) { call in
        .tensor(try Tensor.ones(try call.shape(from: 0)))
    },
    Builtin("full", "full SIZE... value=V", "A tensor of the given shape filled with a value.",
            example: "full 2 2 value=7", category: .tensors, keywords: ["value"]) { call in
        .tensor(try Tensor.full(try call.shape(from: 0), value: try call.float(nil, "value", "value")))
    },
    Builtin("arange", "arange [START] END [STEP]", "Evenly spaced values from START up to (not including) END.",
            example: "arange 5\narange 0 1 0.25", category: .tensors) { call in
        try call.expectPositional(1...3, usage: "arange [START] END [STEP]")
        let values = try (0 ..< call.positional.count).map { try call.float($0, nil, "bound") }
        switch values.count {
        case 1: return .tensor(try Tensor.arange(0, values[0]))
        case 2: return .tensor(try Tensor.arange(values[0], values[1]))
        default: return .tensor(try Tensor.arange(values[0], values[1], step: values[2]))
        }
    },
    Builtin("linspace", "linspace START END COUNT", "COUNT evenly spaced values from START to END, both included.",
            example: "linspace 0 1 5", category: .tensors) { call in
        try call.expectPositional(3...3, usage: "linspace START END COUNT")
        let count = try call.integer(2, nil, "count")
        guard count >= 0 else { throw ScriptError("linspace: count must be >= 0", at: call.positional[2].location) }
        return .tensor(try Tensor.linspace(try call.float(0, nil, "start"), try call.float(1, nil, "end"), count: count))
    },
    Builtin("eye", "eye N [M]", "The identity matrix (N x N, or N x M).",
            example: "eye 3", category: .tensors) { call in
        try call.expectPositional(1...2, usage: "eye N [M]")
        let n = try call.integer(0, nil, "N"), m = call.argument(1) == nil ? n : try call.integer(1, nil, "M")
        guard n >= 0, m >= 0 else { throw ScriptError("eye: sizes must be >= 0", at: call.location) }
        return .tensor(try Tensor.eye(n, m))
    },
    Builtin("randn", "randn SIZE... [mean=0] [std=1]", "Normally distributed random values from the session's seeded generator.",
            example: "w = randn 3 2", category: .tensors, keywords: ["mean", "std"]) { call in
        let shape = try call.shape(from: 0)
        let std = try call.float(nil, "std", "std", default: 1)
        guard std >= 0 else { throw ScriptError("randn: std must be >= 0", at: call.keywords["std"]!.location) }
        return .tensor(try Tensor.randomNormal(shape, mean: try call.float(nil, "mean", "mean", default: 0), std: std,
                                               using: &call.session.generator))
    },
    Builtin("rand", "rand SIZE... [low=0] [high=1]", "Uniform random values in [low, high) from the session's seeded generator.",
            example: "rand 2 2", category: .tensors, keywords: ["low", "high"]) { call in
        .tensor(try Tensor.randomUniform(try call.shape(from: 0), low: try call.float(nil, "low", "low", default: 0),
                                         high: try call.float(nil, "high", "high", default: 1), using: &call.session.generator))
    },
    Builtin("len", "len VALUE", "Python's len: the items of a list, the first size of a tensor (its rows), the samples of a data set, the layers of a model, the runs of a table, the characters of a string.",
            example: "len [1, 2, 3]\nlen (zeros 4 2)", category: .tensors) { call in
        try call.expectPositional(1...1, usage: "len x")
        let entry = call.positional[0]
        switch entry.value {
        case .list(let items): return .number(Double(items.count))
        case .tensor(let t):
            guard let rows = t.shape.first else {
                throw ScriptError("len: a tensor of one number (shape []) has no length; x.size counts its elements", at: entry.location)
            }
            return .number(Double(rows))
        case .dataset(let d): return .number(Double(d.count))
        case .model(let m): return .number(Double(m.layers.count))
        case .string(let text): return .number(Double(text.count))
        case .table(let table): return .number(Double(table.rows.count))
        default:
            throw ScriptError("len: \(entry.value.kindWithArticle) has no length (len takes a list, a tensor, a data set, a model, a table or a string)", at: entry.location)
        }
    },
    Builtin("shape", "shape X", "The shape of a tensor, as a list (also X.shape).",
            example: "shape (ones 2 3)", category: .tensors) { call in
        try call.expectPositional(1...1)
        return .list(try call.tensor(0, nil, "X").shape.map { .number(Double($0)) })
    },
    Builtin("reshape", "reshape X SIZE...", "The same values in a new shape; one size may be -1.",
            example: "reshape (arange 6) 2 3", category: .tensors) { call in
        try call.expectPositional(2...Int.max, usage: "reshape X SIZE...")
        let x = try call.tensor(0, nil, "X")
        let sizes: [Int]
        if call.positional.count == 2, case .list(let items) = call.positional[1].value {
            sizes = try items.map {
                guard case .number(let v) = $0 else { throw ScriptError("reshape: sizes must be numbers", at: call.positional[1].location) }
                return try call.wholeNumber(v, "a size", at: call.positional[1].location)
            }
        } else {
            sizes = try (1 ..< call.positional.count).map { try call.integer($0, nil, "size") }
        }
        return .tensor(try x.reshaped(sizes))
    },
    Builtin("transpose", "transpose X [AXES...]", "The transpose (last two axes swapped), or the axes in the order given (also X.T).",
            example: "transpose (ones 2 3)", category: .tensors) { call in
        try call.expectPositional(1...Int.max)
        let x = try call.tensor(0, nil, "X")
        if call.positional.count == 1 { return .tensor(try x.transposed()) }
        return .tensor(try x.permuted(try (1 ..< call.positional.count).map { try call.integer($0, nil, "axis") }))
    },
    Builtin("concat", "concat LIST [axis=0]", "Tensors joined along an axis.",
            example: "concat [ones 2 2, zeros 1 2]", category: .tensors, keywords: ["axis"]) { call in
        try call.expectPositional(1...1, usage: "concat [A, B] axis=0")
        return .tensor(try Tensor.concatenate(try call.tensors(0), axis: try call.axis() ?? 0))
    },
    Builtin("stack", "stack LIST [axis=0]", "Tensors of one shape stacked along a new axis.",
            example: "stack [ones 2, zeros 2] axis=1", category: .tensors, keywords: ["axis"]) { call in
        try call.expectPositional(1...1, usage: "stack [A, B] axis=0")
        return .tensor(try Tensor.stack(try call.tensors(0), axis: try call.axis() ?? 0))
    },
    Builtin("item", "item X", "The number in a one-element tensor.",
            example: "item (tensor [3])", category: .tensors) { call in
        try call.expectPositional(1...1)
        return .number(Double(try call.tensor(0, nil, "X").item()))
    },
]
