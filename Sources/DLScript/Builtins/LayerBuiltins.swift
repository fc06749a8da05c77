import DLEngine

/// The built-ins of the layers, losses and optimizers, generated from the engine's registries
/// (``LayerRegistry``, ``LossRegistry``, ``OptimizerRegistry``): a new layer, loss or optimizer registered
/// there is a built-in here, with its help, its keywords and its line in docs/LANGUAGE.md.
let layerBuiltins: [Builtin] = LayerRegistry.all.map { languageForms[$0.name] ?? Builtin(layer: $0) }
let lossBuiltins: [Builtin] = LossRegistry.all.map(Builtin.init(loss:))
let optimizerBuiltins: [Builtin] = OptimizerRegistry.all.map(Builtin.init(optimizer:))

/// Layers whose built-in does more than make the layer: `flatten X start=1` flattens a tensor from an axis on.
let languageForms: [String: Builtin] = [
    "flatten": Builtin("flatten", "flatten [X] [start=0]",
                       "Alone, a layer that turns feature maps [N, C, H, W] into rows [N, C·H·W]; applied to a tensor, its axes from start on merged into one.",
                       example: "model = sequential\nmodel.add(flatten)\nflatten (ones 2 3 4) start=1", category: .layers,
                       keywords: ["start"], callsWhenMentioned: true) { call in
        try call.expectPositional(0...1, usage: "flatten or flatten X")
        guard call.argument(0) != nil else {
            // The layer keeps the batch axis and merges all the others (PyTorch's nn.Flatten()).
            if let entry = call.keywords["start"] {
                throw ScriptError("flatten: start= applies to a tensor (flatten X start=1); the layer merges every axis after the batch axis", at: entry.location)
            }
            return .layer(Flatten())
        }
        return .tensor(try call.tensor(0, nil, "X").flattened(startAxis: try call.integer(nil, "start", "start", default: 0)))
    },
]

extension Builtin {
    /// A layer's built-in: `linear 2 100`. An activation is a layer when mentioned alone
    /// (`model.add(relu)`) and a function when applied to a tensor (`relu x`).
    init(layer registration: LayerRegistration) {
        let r = registration
        let summary = r.isActivation ? r.summary + " Alone it is a layer; applied to a tensor, the function." : r.summary
        self.init(r.name, r.signature, summary, example: r.example, category: .layers, keywords: r.keywords.map(\.key),
                  callsWhenMentioned: r.isActivation) { call in
            let count = r.positional.count
            try call.expectPositional(r.isActivation ? 0...1 : count...count, usage: r.usage)
            let layer = try r.make(try call.arguments(for: r.parameters), &call.session.generator)
            guard r.isActivation, call.argument(0) != nil else { return .layer(layer) }
            return .tensor(try layer(try call.tensor(0, nil, "X")))
        }
    }

    /// A loss's built-in: `loss=hinge`, `loss=(hinge margin=2)`. Applied to outputs and targets
    /// (`softmax_ce logits data`), the loss itself: a scalar tensor that `backward` differentiates.
    /// Applied to a model and a data set (`mae model data`, the mean absolute error), the loss's mean on
    /// the model's predictions, as `evaluate` computes it.
    init(loss registration: LossRegistration) {
        let r = registration
        self.init(r.name, r.signature + " [OUTPUTS TARGETS | MODEL DATA]",
                  r.summary + " Applied to outputs and targets (a data set, or a tensor of labels or values), the batch's mean loss, for backward; to a model and data, its mean on the model's predictions.",
                  example: r.example, category: .losses, keywords: r.parameters.map(\.key) + r.refused.keys.sorted(),
                  callsWhenMentioned: true, wordKeywords: Set(r.parameters.filter { $0.kind == .text }.map(\.key))) { call in
            if let (key, reason) = r.refused.sorted(by: { $0.key < $1.key }).first(where: { call.has($0.key) }) {
                throw ScriptError(reason, at: call.keywords[key]?.location ?? call.location)
            }
            try call.expectPositional(0...2, usage: "\(r.name), or \(r.name) OUTPUTS TARGETS, or \(r.name) MODEL DATA")
            let loss = try r.make(try call.arguments(for: r.parameters))
            if case .model? = call.argument(0)?.value {
                let (model, data) = try call.modelAndData()
                try call.checkLoss(loss, fits: data, model: model, given: true)
                return .number(Double(try model.evaluate(data, loss: loss).loss))
            }
            if call.positional.count == 1 {
                throw ScriptError("\(r.name) takes its outputs and its targets, or nothing (usage: \(r.name) OUTPUTS TARGETS)", at: call.location)
            }
            guard call.argument(0) != nil else { return .loss(loss) }
            let outputs = try call.tensor(0, nil, "OUTPUTS")
            return .tensor(try loss(outputs, try call.targets(1, for: outputs)))
        }
    }

    /// An optimizer's built-in, `sgd lr=0.1 momentum=0.9`, through the engine's factory (which checks
    /// every value). Given a list of tensors (`sgd [w, b] lr=0.1`) or a model, the optimizer holds them, as the
    /// article's `Optimizer(params)` does, for `step opt` and `zero_grad opt`.
    init(optimizer registration: OptimizerRegistration) {
        let (name, options) = (registration.name, registration.options)
        self.init(name, "\(name) [[TENSOR, ...] | MODEL] " + registration.signature.dropFirst(name.count + 1) + " [schedule=SCHED]",
                  registration.summary + " Given a list of tensors, or a model or layer (its trainable parameters, as PyTorch's \(name)(model.parameters())), it holds them for step and zero_grad. schedule=SCHED (or opt.schedule = SCHED later) attaches a learning-rate schedule to it, as a PyTorch scheduler is bound to its optimizer: a fit with this optimizer and no schedule= runs it, it keeps its place from fit to fit, and it is saved with the optimizer (.dlnbopt, checkpoints).",
                  example: registration.example + "\nw = param (randn 2 2)\nopt2 = \(name) [w] lr=0.1",
                  category: .optimizers, keywords: options + ["schedule"], callsWhenMentioned: true, listPositions: [0]) { call in
            try call.expectPositional(0...1, usage: "\(name) lr=0.01 or \(name) [w, b] lr=0.01")
            var values: [String: Float] = [:]
            for option in options where call.has(option) { values[option] = try call.float(nil, option, option) }
            let optimizer = try makeOptimizer(named: name, options: values)
            try call.attachSchedule(to: optimizer)
            if let entry = call.argument(0) { call.session.bind(optimizer, to: try call.parameterList(entry)) }
            return .optimizer(optimizer)
        }
    }
}

extension Call {
    /// Targets for a loss applied by hand: a data set's, or a tensor read as class labels when it is one
    /// whole number per row of 2-d outputs with a score per class (`data.y`), else as target values (one
    /// output column is a regression or a binary output, never one class).
    func targets(_ index: Int, for outputs: Tensor) throws -> Targets {
        let entry = positional[index]
        if case .dataset(let d) = entry.value { return d.targets }
        let t = try tensor(index, nil, "TARGETS")
        if outputs.rank == 2, outputs.shape[1] >= 2, t.rank == 1, t.count == outputs.shape[0],
           t.data.allSatisfy({ $0 >= 0 && $0 == $0.rounded() && Int($0) < outputs.shape[1] }) {
            try MemoryBudget.check(t.count, of: Int.self, shape: t.shape)
            return .classes(t.data.map { Int($0) }, classCount: outputs.shape[1])
        }
        return .values(t)
    }

    /// The registry's arguments from this call: positional parameters in order (an activation's tensor
    /// is not one of them), keywords by name, each checked for its kind with an error at its place;
    /// defaults filled in.
    func arguments(for parameters: [Parameter]) throws -> Arguments {
        var arguments = Arguments()
        var position = 0
        for parameter in parameters {
            let index: Int? = parameter.placeholder == nil ? nil : position
            if index != nil { position += 1 }
            let keyword = index == nil ? parameter.key : nil
            let what = parameter.placeholder ?? parameter.key
            guard entry(index, keyword) != nil else { continue }
            switch parameter.kind {
            case .integer: arguments.values[parameter.key] = .integer(try integer(index, keyword, what))
            case .number: arguments.values[parameter.key] = .number(Double(try float(index, keyword, what)))
            case .flag: arguments.values[parameter.key] = .flag(try boolean(index, keyword, what, default: false))
            case .text: arguments.values[parameter.key] = .text(try string(index, keyword, what))
            case .shape: arguments.values[parameter.key] = .integers(try shape(index, keyword, what))
            case .numbers:
                let list = try tensor(index, keyword, what)
                guard list.rank <= 1 else {
                    throw ScriptError("\(name): \(what) must be a list of numbers, not a tensor of shape \(EngineError.format(list.shape))",
                                      at: entry(index, keyword)?.location ?? location)
                }
                arguments.values[parameter.key] = .numbers(list.data.map(Double.init))
            case .initializer:
                arguments.values[parameter.key] = .text(try initializer(index, keyword, what).name)
            }
        }
        return arguments.withDefaults(of: parameters)
    }

    /// A shape: a whole number (`64`) or a list of them (`[4, 8]`, which the language makes a tensor).
    private func shape(_ index: Int?, _ keyword: String?, _ what: String) throws -> [Int] {
        guard let e = entry(index, keyword), case .tensor(let t) = e.value, t.rank == 1 else {
            return [try integer(index, keyword, what)]
        }
        return try t.data.map { try wholeNumber(Double($0), what, at: e.location) }
    }

    /// An initializer given by name (`init="he_normal"`), checked here so that an unknown name is
    /// reported at its place.
    private func initializer(_ index: Int?, _ keyword: String?, _ what: String) throws -> (name: String, Initializer) {
        let written = try string(index, keyword, what)
        do { return (written, try Initializer(name: written)) } catch let error as EngineError {
            throw ScriptError("\(name): \(error.description)", at: entry(index, keyword)?.location ?? location)
        }
    }
}
