import DLEngine

/// An activation that is a layer when mentioned alone (`model.add(relu)`) and a function when applied
/// to a tensor (`relu x`).
private func activation(_ name: String, _ summary: String, keywords: [String] = [],
                        layer: @escaping @Sendable (inout Call) throws -> any Layer) -> Builtin {
    Builtin(name, "\(name) [X]" + keywords.map { " [\($0)=...]" }.joined(),
            summary + " Alone it is a layer; applied to a tensor, the function.",
            example: "model = sequential\nmodel.add(linear 2 4)\nmodel.add(\(name))\n\(name) (tensor [-1, 0, 2])",
            category: .layers, keywords: keywords, callsWhenMentioned: true) { call in
        try call.expectPositional(0...1, usage: "\(name) or \(name) X")
        let l = try layer(&call)
        guard call.argument(0) != nil else { return .layer(l) }
        return .tensor(try l(try call.tensor(0, nil, "X")))
    }
}

extension Call {
    /// An initializer keyword, by name (`init="he_normal"`).
    func initializer(_ keyword: String, default defaultValue: Initializer) throws -> Initializer {
        guard has(keyword) else { return defaultValue }
        do { return try Initializer(name: try string(nil, keyword, keyword)) } catch let error as EngineError {
            throw ScriptError("\(name): \(error.description)", at: keywords[keyword]!.location)
        }
    }
}

let layerBuiltins: [Builtin] = [
    Builtin("linear", "linear IN OUT [bias=true] [init=\"xavier_uniform\"] [bias_init=\"zeros\"]",
            "A fully connected layer, x·W + b, with W of shape IN x OUT.",
            example: "model = sequential\nmodel.add(linear 2 100)", category: .layers,
            keywords: ["bias", "init", "bias_init"]) { call in
        try call.expectPositional(2...2, usage: "linear IN OUT")
        return .layer(try Linear(inputSize: try call.integer(0, nil, "IN"), outputSize: try call.integer(1, nil, "OUT"),
                                 bias: try call.boolean(nil, "bias", "bias", default: true),
                                 weightInitializer: try call.initializer("init", default: .xavierUniform),
                                 biasInitializer: try call.initializer("bias_init", default: .zeros),
                                 using: &call.session.generator))
    },
    activation("relu", "max(x, 0), elementwise.") { _ in ReLU() },
    activation("leaky_relu", "x where x > 0, else slope·x.", keywords: ["slope"]) { call in
        try LeakyReLU(slope: try call.float(nil, "slope", "slope", default: 0.01))
    },
    activation("sigmoid", "The logistic function 1 / (1 + e^-x).") { _ in Sigmoid() },
    activation("tanh", "The hyperbolic tangent.") { _ in Tanh() },
    activation("softmax", "e^x / sum(e^x) along an axis (default the last).", keywords: ["axis"]) { call in
        Softmax(axis: try call.integer(nil, "axis", "axis", default: -1))
    },
    Builtin("dropout", "dropout P", "Dropout: in training, zeroes each input with probability P and scales the rest by 1/(1-P); does nothing in evaluation.",
            example: "model = sequential\nmodel.add(linear 2 100)\nmodel.add(dropout 0.5)", category: .layers) { call in
        try call.expectPositional(1...1, usage: "dropout 0.5")
        return .layer(try Dropout(rate: try call.float(0, nil, "P"), using: &call.session.generator))
    },
    Builtin("dropconnect", "dropconnect IN OUT P [bias=true]", "A linear layer whose weights are each dropped with probability P in training.",
            example: "model = sequential\nmodel.add(dropconnect 2 100 0.3)", category: .layers, keywords: ["bias"]) { call in
        try call.expectPositional(3...3, usage: "dropconnect IN OUT P")
        return .layer(try DropConnect(inputSize: try call.integer(0, nil, "IN"), outputSize: try call.integer(1, nil, "OUT"),
                                      rate: try call.float(2, nil, "P"), bias: try call.boolean(nil, "bias", "bias", default: true),
                                      using: &call.session.generator))
    },
    Builtin("batchnorm", "batchnorm FEATURES [momentum=0.1] [eps=1e-5]",
            "Batch normalization over FEATURES: batch statistics in training, running statistics in evaluation (added after a convolution or pooling, it normalizes each channel, as batchnorm2d).",
            example: "model = sequential\nmodel.add(linear 2 100)\nmodel.add(batchnorm 100)", category: .layers,
            keywords: ["momentum", "eps"]) { call in
        try call.expectPositional(1...1, usage: "batchnorm 100")
        return .layer(try BatchNorm1d(features: try call.integer(0, nil, "FEATURES"),
                                      momentum: try call.float(nil, "momentum", "momentum", default: 0.1),
                                      eps: try call.float(nil, "eps", "eps", default: 1e-5)))
    },
]

let lossBuiltins: [Builtin] = [
    Builtin("softmax_ce", "softmax_ce", "Softmax cross-entropy on class scores (fused and numerically stable): the classification loss.",
            example: "fit model data loss=softmax_ce", category: .losses, callsWhenMentioned: true) { _ in .loss(SoftmaxCrossEntropy()) },
    Builtin("hinge", "hinge [margin=1]", "The multiclass hinge loss: sum over wrong classes of max(0, s_j - s_y + margin).",
            example: "fit model data loss=hinge", category: .losses, keywords: ["margin"], callsWhenMentioned: true) { call in
        .loss(try MulticlassHinge(margin: try call.float(nil, "margin", "margin", default: 1)))
    },
    Builtin("mse", "mse", "Mean squared error (class labels compare with one-hot rows).",
            example: "fit model data loss=mse", category: .losses, callsWhenMentioned: true) { _ in .loss(MeanSquaredError()) },
    Builtin("bce", "bce", "Binary cross-entropy on logits (stable), for one output per sample.",
            example: "moons_data = moons 100\nnet = sequential\nnet.add(linear 2 1)\nfit net moons_data loss=bce", category: .losses, callsWhenMentioned: true) { _ in .loss(BinaryCrossEntropy()) },
]

/// `sgd lr=0.1 momentum=0.9`, through the engine's factory (which checks every value).
private func optimizer(_ name: String, _ summary: String, example: String) -> Builtin {
    let options = OptimizerNames.options.first { $0.name == name }?.options ?? []
    return Builtin(name, name + " " + options.map { "[\($0)=...]" }.joined(separator: " "), summary,
                   example: example, category: .optimizers, keywords: options, callsWhenMentioned: true) { call in
        try call.expectPositional(0...0, usage: "\(name) lr=0.01")
        var values: [String: Float] = [:]
        for option in options where call.has(option) { values[option] = try call.float(nil, option, option) }
        let made = try makeOptimizer(named: name, options: values)
        return .optimizer(made)
    }
}

let optimizerBuiltins: [Builtin] = [
    optimizer("sgd", "Stochastic gradient descent with momentum (stored velocity), Nesterov and weight decay; PyTorch's defaults (lr=0.01).",
              example: "opt = sgd lr=0.1 momentum=0.9 weight_decay=0.001"),
    optimizer("rmsprop", "RMSProp: steps scaled by a running average of squared gradients (lr=0.01, alpha=0.99).",
              example: "opt = rmsprop lr=0.01"),
    optimizer("adam", "Adam: bias-corrected first and second moments (lr=0.001, beta1=0.9, beta2=0.999).",
              example: "opt = adam lr=0.01"),
    optimizer("adamw", "AdamW: Adam with decoupled weight decay (weight_decay=0.01).",
              example: "opt = adamw lr=0.001 weight_decay=0.01"),
]
