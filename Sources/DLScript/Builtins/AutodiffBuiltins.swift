import DLEngine

let autodiffBuiltins: [Builtin] = [
    Builtin("param", "param VALUE", "A tensor that requires a gradient (a leaf of autodiff): a number, a list or a tensor.",
            example: "x1 = param 2.0\nx2 = param 3.0\ny = sin(x1) + x1 * x2\nbackward y\nx1.grad", category: .autodiff) { call in
        try call.expectPositional(1...1, usage: "param 2.0")
        let t = try call.tensor(0, nil, "the value").detached()
        t.requiresGrad = true
        return .tensor(t)
    },
    Builtin("backward", "backward Y [GRADIENT]", "Reverse-mode autodiff from Y: adds dY/dx to the grad of every param x that Y depends on.",
            example: "x = param 3\nbackward (x * x)\nx.grad", category: .autodiff) { call in
        try call.expectPositional(1...2, usage: "backward Y")
        let y = try call.tensor(0, nil, "Y")
        let gradient = call.argument(1) == nil ? nil : try call.tensor(1, nil, "the gradient")
        try y.backward(gradient)
        return .none
    },
    Builtin("grad", "grad X", "The gradient accumulated in X by backward (also X.grad); none before any.",
            example: "x = param 3\nbackward (x * x)\ngrad x", category: .autodiff) { call in
        try call.expectPositional(1...1)
        return try call.tensor(0, nil, "X").grad.map { .tensor($0) } ?? .none
    },
    Builtin("zero_grad", "zero_grad X | zero_grad MODEL | zero_grad OPT", "Clears the gradients of a tensor, of a model's parameters, or of the tensors an optimizer holds (sgd [w, b]).",
            example: "x = param 3\nbackward (x * x)\nzero_grad x\nopt = sgd [x] lr=0.1\nzero_grad opt", category: .autodiff) { call in
        try call.expectPositional(1...1)
        if case .model(let m) = call.positional[0].value {
            for p in m.parameters { p.zeroGrad() }
        } else if case .optimizer(let o) = call.positional[0].value {
            o.zeroGrad(try call.session.parameters(of: o, for: "zero_grad", at: call.positional[0].location))
        } else {
            try call.tensor(0, nil, "X").zeroGrad()
        }
        return .none
    },
    Builtin("detach", "detach X", "A copy of X cut off from autodiff (it requires no gradient).",
            example: "x = param 3\ndetach (x * 2)", category: .autodiff) { call in
        try call.expectPositional(1...1)
        return .tensor(try call.tensor(0, nil, "X").detached())
    },
    Builtin("gradcheck", "gradcheck F X... [eps=0.01] [tol=0.01] [all=false]",
            "Checks autodiff's gradients of the function F at X against central finite differences, on at most 100 elements of each input spread evenly over it (all=true: every element).",
            example: "gradcheck sin (tensor [0.5, 1.5])\ngradcheck matmul (randn 2 3) (randn 3 2)", category: .autodiff,
            keywords: ["eps", "tol", "all"]) { call in
        try call.expectPositional(2...Int.max, usage: "gradcheck F X...")
        let f = call.positional[0]
        let inputs = try (1 ..< call.positional.count).map { try call.tensor($0, nil, "input \($0)").detached() }
        let session = call.session, location = call.location
        let function: ([Tensor]) throws -> Tensor
        switch f.value {
        case .builtin(let builtin):
            function = { xs in
                let value = try session.invoke(builtin, positional: xs.map { Call.Entry(value: .tensor($0), location: location) },
                                               keywords: [:], at: location)
                return try Session.tensor(from: value, at: location, context: "gradcheck: the function's result")
            }
        case .layer(let layer):
            // A layer (`relu`, `softmax`, `linear 3 2`) is checked as the function of its input.
            guard inputs.count == 1 else { throw ScriptError("gradcheck: a layer takes one input", at: f.location) }
            function = { xs in try layer(xs[0]) }
        default:
            throw ScriptError("gradcheck: the first argument must be a function or a layer, like sin, matmul or relu", at: f.location)
        }
        let all = try call.boolean(nil, "all", "all", default: false)
        let result: GradientCheck.Result
        do {
            result = try GradientCheck.check(inputs, step: try call.float(nil, "eps", "eps", default: 1e-2),
                                             tolerance: try call.number(nil, "tol", "tol", default: 1e-2),
                                             sample: all ? nil : 100, shouldStop: session.isInterruptRequested, function)
        } catch {
            if session.isInterruptRequested() { session.wasInterrupted = true }
            throw error
        }
        return .string(result.description)
    },
]
