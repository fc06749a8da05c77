import DLEngine

/// A built-in applying an elementwise function of one tensor.
private func elementwise(_ name: String, _ summary: String, example: String, _ f: @escaping @Sendable (Tensor) throws -> Tensor) -> Builtin {
    Builtin(name, "\(name) X", summary, example: example, category: .math) { call in
        try call.expectPositional(1...1, usage: "\(name) X")
        let y = try f(try call.tensor(0, nil, "X"))
        if case .number = call.positional[0].value, let v = y.data.first { return .number(Double(v)) }
        return .tensor(y)
    }
}

/// A built-in reducing a tensor over all elements or one axis.
private func reduction(_ name: String, _ summary: String, _ f: @escaping @Sendable (Tensor, Int?, Bool) throws -> Tensor) -> Builtin {
    Builtin(name, "\(name) X [AXIS] [axis=A] [keepdims=false]", summary + " The axis may also come second, as in NumPy and PyTorch: x.\(name)(0).",
            example: "\(name) (tensor [[1, 2], [3, 4]]) axis=0",
            category: .math, keywords: ["axis", "keepdims"]) { call in
        return .tensor(try f(try call.tensor(0, nil, "X"), try call.reductionAxis(name),
                             try call.boolean(nil, "keepdims", "keepdims", default: false)))
    }
}

/// `var` and `std`: a reduction with PyTorch's `correction` (NumPy's `ddof`).
private func spread(_ name: String, _ summary: String,
                    _ f: @escaping @Sendable (Tensor, Int?, Bool, Int) throws -> Tensor) -> Builtin {
    Builtin(name, "\(name) X [AXIS] [axis=A] [keepdims=false] [correction=1]", summary + " The axis may also come second: x.\(name)(0).",
            example: "\(name) (tensor [[1, 2], [3, 5]]) axis=0\n\(name) (tensor [1, 2, 3, 4]) correction=0",
            category: .math, keywords: ["axis", "keepdims", "correction", "ddof"]) { call in
        let axis = try call.reductionAxis(name)
        if call.has("correction"), let ddof = call.keywords["ddof"] {
            throw ScriptError("\(name): correction= and ddof= are the same setting; give one", at: ddof.location)
        }
        let key = call.has("ddof") ? "ddof" : "correction"
        let correction = try call.integer(nil, key, key, default: 1)
        guard correction >= 0 else {
            throw ScriptError("\(name): \(key) must be at least 0, got \(correction)", at: call.keywords[key]?.location ?? call.location)
        }
        return .tensor(try f(try call.tensor(0, nil, "X"), axis,
                             try call.boolean(nil, "keepdims", "keepdims", default: false), correction))
    }
}

extension Call {
    /// A reduction's axis: `axis=A`, or a second positional argument (`sum x 0`, `x.sum(0)`, NumPy's and
    /// PyTorch's positional axis); `nil` for the whole tensor.
    func reductionAxis(_ name: String) throws -> Int? {
        try expectPositional(1...2, usage: "\(name) X axis=0")
        guard positional.count == 2 else { return try axis() }
        if let given = keywords["axis"] {
            throw ScriptError("\(name): the axis is given twice (second and as axis=)", at: given.location)
        }
        return try integer(1, nil, "the axis")
    }
}

let mathBuiltins: [Builtin] = [
    elementwise("sin", "Sine, elementwise.", example: "sin 0.5") { try $0.sin() },
    elementwise("cos", "Cosine, elementwise.", example: "cos 0.5") { try $0.cos() },
    elementwise("exp", "e to the power of each element.", example: "exp (tensor [0, 1])") { try $0.exp() },
    elementwise("log", "Natural logarithm, elementwise (nan below 0).", example: "log (tensor [1, 10])") { try $0.log() },
    elementwise("sqrt", "Square root, elementwise.", example: "sqrt (tensor [4, 9])") { try $0.sqrt() },
    elementwise("abs", "Absolute value, elementwise.", example: "abs (tensor [-1, 2])") { try $0.abs() },
    reduction("sum", "The sum of all elements, or along an axis.") { try $0.sum(axis: $1, keepDims: $2) },
    reduction("mean", "The mean of all elements, or along an axis.") { try $0.mean(axis: $1, keepDims: $2) },
    spread("var", "The variance of all elements, or along an axis: the mean squared deviation from the mean, with PyTorch's correction=1 (divides by N - 1; correction=0, or NumPy's ddof=0, divides by N).") {
        try $0.variance(axis: $1, keepDims: $2, correction: $3)
    },
    spread("std", "The standard deviation (the square root of var), with PyTorch's correction=1 (N - 1; correction=0, or NumPy's ddof=0: N).") {
        try $0.standardDeviation(axis: $1, keepDims: $2, correction: $3)
    },
    reduction("max", "The largest element, or the largest along an axis.") { try $0.max(axis: $1, keepDims: $2) },
    reduction("min", "The smallest element, or the smallest along an axis.") { try $0.min(axis: $1, keepDims: $2) },
    reduction("argmax", "The index of the largest element (flattened), or along an axis.") { try $0.argmax(axis: $1, keepDims: $2) },
    reduction("argmin", "The index of the smallest element (flattened), or along an axis.") { try $0.argmin(axis: $1, keepDims: $2) },
    Builtin("clamp", "clamp X [MIN] [MAX] [min=LOW] [max=HIGH]", "Each element limited to [MIN, MAX] (either may be left out), as PyTorch's clamp and NumPy's clip; the gradient passes where MIN <= x <= MAX, as in PyTorch.",
            example: "clamp (tensor [-2, 0.5, 3]) min=0 max=1\nx = tensor [-1, 2]\nx.clamp(0)", category: .math, keywords: ["min", "max"]) { call in
        try call.expectPositional(1...3, usage: "clamp X min=0 max=1")
        if call.positional.count >= 2, let given = call.keywords["min"] {
            throw ScriptError("clamp: min is given twice (second and as min=)", at: given.location)
        }
        if call.positional.count == 3, let given = call.keywords["max"] {
            throw ScriptError("clamp: max is given twice (third and as max=)", at: given.location)
        }
        let x = try call.tensor(0, nil, "X")
        let low = call.positional.count >= 2 ? try call.tensor(1, nil, "MIN") : call.has("min") ? try call.tensor(nil, "min", "min") : nil
        let high = call.positional.count == 3 ? try call.tensor(2, nil, "MAX") : call.has("max") ? try call.tensor(nil, "max", "max") : nil
        guard low != nil || high != nil else {
            throw ScriptError("clamp: give a lower bound, an upper bound or both (clamp x min=0 max=1)", at: call.location)
        }
        var y = x
        // x where it is within the bounds (so that the gradient passes there, bounds included), else the bound.
        if let low { y = try Tensor.select(try y.less(low), low, y) }
        if let high { y = try Tensor.select(try high.less(y), high, y) }
        if case .number = call.positional[0].value, y.count == 1 { return .number(Double(y.data[0])) }
        return .tensor(y)
    },
    Builtin("pow", "pow X P", "X to the power P, elementwise (the same as X ** P).",
            example: "pow (tensor [1, 2, 3]) 2", category: .math) { call in
        try call.expectPositional(2...2, usage: "pow X P")
        return .tensor(try Tensor.pow(try call.tensor(0, nil, "X"), try call.tensor(1, nil, "P")))
    },
    Builtin("matmul", "matmul A B", "The matrix product (the same as A @ B).",
            example: "matmul (ones 2 3) (ones 3 4)", category: .math) { call in
        try call.expectPositional(2...2, usage: "matmul A B")
        return .tensor(try call.tensor(0, nil, "A").matmul(try call.tensor(1, nil, "B")))
    },
    Builtin("maximum", "maximum A B", "The larger of A and B, elementwise.",
            example: "maximum (tensor [1, 5]) 3", category: .math) { call in
        try call.expectPositional(2...2, usage: "maximum A B")
        return .tensor(try Tensor.maximum(try call.tensor(0, nil, "A"), try call.tensor(1, nil, "B")))
    },
    Builtin("minimum", "minimum A B", "The smaller of A and B, elementwise.",
            example: "minimum (tensor [1, 5]) 3", category: .math) { call in
        try call.expectPositional(2...2, usage: "minimum A B")
        return .tensor(try Tensor.minimum(try call.tensor(0, nil, "A"), try call.tensor(1, nil, "B")))
    },
    Builtin("where", "where COND A B", "A where COND is nonzero, else B, elementwise.",
            example: "x = tensor [-1, 2]\nwhere (x > 0) x 0", category: .math) { call in
        try call.expectPositional(3...3, usage: "where COND A B")
        return .tensor(try Tensor.select(try call.tensor(0, nil, "COND"), try call.tensor(1, nil, "A"), try call.tensor(2, nil, "B")))
    },
]
