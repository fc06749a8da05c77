import DLEngine

/// The article's own loop by hand: an optimizer made over a list of tensors (`opt = sgd [w, b] lr=0.1`)
/// updates them with `step opt` and clears their gradients with `zero_grad opt`, as the article's
/// `Optimizer.step` and `zeroGrad` do.
let optimizerStepBuiltins: [Builtin] = [
    Builtin("step", "step OPT", "Updates the tensors an optimizer holds (made with sgd [w, b] lr=0.1) from their gradients, once; tensors without a gradient are left alone.",
            example: "w = param [1.0, -2.0]\nopt = sgd [w] lr=0.1\nbackward (sum (w * w))\nstep opt\nw",
            category: .training) { call in
        try call.expectPositional(1...1, usage: "step opt")
        let entry = call.positional[0]
        guard case .optimizer(let optimizer) = entry.value else {
            throw call.typeError(entry, expected: "an optimizer made over tensors (opt = sgd [w, b] lr=0.1)", what: "OPT")
        }
        try optimizer.step(try call.session.parameters(of: optimizer, for: "step", at: entry.location))
        return .none
    },
]

/// The tensors an optimizer made with a list holds.
struct BoundParameters {
    let optimizer: any Optimizer
    let parameters: [Tensor]
}

extension Session {
    /// Makes `optimizer` hold `parameters` for `step` and `zero_grad`.
    func bind(_ optimizer: any Optimizer, to parameters: [Tensor]) {
        boundParameters[ObjectIdentifier(optimizer)] = BoundParameters(optimizer: optimizer, parameters: parameters)
    }

    /// The tensors `optimizer` holds; an error for one made without a list.
    func parameters(of optimizer: any Optimizer, for name: String, at location: SourceLocation) throws -> [Tensor] {
        guard let bound = boundParameters[ObjectIdentifier(optimizer)] else {
            throw ScriptError("\(name): this optimizer holds no tensors; make it over a list, as in opt = \(optimizer.name) [w, b] lr=0.1 (fit steps a model's own parameters)", at: location)
        }
        return bound.parameters
    }
}

extension Call {
    /// The tensors of `sgd [w, b]`: a list of tensors that require a gradient (each one once); or of
    /// `sgd model`: the model's (or layer's) parameters that require one.
    func parameterList(_ entry: Entry) throws -> [Tensor] {
        let items: [Value]
        switch entry.value {
        case .list(let values): items = values
        case .tensor: items = [entry.value]
        // A model's or a layer's trainable parameters (frozen ones left out), as PyTorch's
        // `SGD(model.parameters())`: the tensors it has now, whatever is added later.
        case .model(let m): return m.parameters.filter(\.requiresGrad).uniqued()
        case .layer(let l): return l.parameters.filter(\.requiresGrad).uniqued()
        default: throw typeError(entry, expected: "a model, a layer or a list of tensors, as in [w, b]", what: "the tensors")
        }
        var tensors: [Tensor] = []
        for (index, item) in items.enumerated() {
            guard case .tensor(let t) = item else {
                throw ScriptError("\(name): item \(index + 1) of the list is \(item.kindWithArticle), not a tensor", at: entry.location)
            }
            guard t.requiresGrad else {
                throw ScriptError("\(name): item \(index + 1) of the list does not require a gradient; make it with param", at: entry.location)
            }
            guard !tensors.contains(where: { $0 === t }) else {
                throw ScriptError("\(name): item \(index + 1) of the list is a tensor already in it", at: entry.location)
            }
            tensors.append(t)
        }
        return tensors
    }
}

private extension Array where Element == Tensor {
    /// The tensors in order, each once (a layer used twice in a model lists its parameters twice).
    func uniqued() -> [Tensor] {
        var seen = Set<ObjectIdentifier>()
        return filter { seen.insert(ObjectIdentifier($0)).inserted }
    }
}
