import DLEngine

/// Properties (`x.shape`, `x.grad`, `model.layers`, `history.loss`) and methods. A method is any built-in
/// called on its first argument: `model.add(relu)` is `add model relu`, `x.sum(axis=0)` is `sum x axis=0`.
extension Session {
    /// The properties of each kind of value, for lookup, completion and suggestions.
    static let properties: [String: [String]] = [
        "tensor": ["shape", "grad", "T", "size", "numel", "ndim", "requires_grad", "item"],
        "model": ["layers", "parameters", "training"],
        "layer": ["weight", "bias", "parameters", "training"],
        "data set": ["x", "y", "size", "classes", "name"],
        "history": ["loss", "accuracy", "val_loss", "val_accuracy", "epochs", "step", "lr", "restored_epoch"],
        "schedule": ["name", "steps"],
        "optimizer": ["lr", "name", "schedule"],
        "list": ["size"],
    ]

    func member(of value: Value, _ name: String, at location: SourceLocation) throws -> Value {
        if let property = try property(of: value, name, at: location) { return property }
        if builtins[name] != nil { return .method(BoundMethod(name: name, receiver: value)) }
        if ["model", "layer"].contains(value.kind), let advice = Suggestions.otherLibrariesMembers[name] {
            throw ScriptError("\(value.kindWithArticle) has no member '\(name)'; \(advice)", at: location)
        }
        var known = Session.properties[value.kind] ?? []
        if case .figures(let f) = value { known = f.entries.map(\.name) }
        var has = "has"
        if case .figures = value { has = "have" }
        throw ScriptError("\(value.kindWithArticle) \(has) no member '\(name)'" + suggestion(for: name, among: known + Array(builtins.keys)), at: location)
    }

    private func property(of value: Value, _ name: String, at location: SourceLocation) throws -> Value? {
        func numbers(_ xs: [Float?]) throws -> Value {
            .tensor(Tensor(xs.map { $0 ?? .nan }))
        }
        switch (value, name) {
        case (.tensor(let t), "shape"): return .list(t.shape.map { .number(Double($0)) })
        case (.tensor(let t), "grad"): return t.grad.map { .tensor($0) } ?? Value.none
        case (.tensor(let t), "T"): return .tensor(try wrap(location) { try t.transposed() })
        // NumPy's size, PyTorch's numel(): the number of elements.
        case (.tensor(let t), "size"), (.tensor(let t), "numel"): return .number(Double(t.count))
        case (.tensor(let t), "ndim"): return .number(Double(t.rank))
        case (.tensor(let t), "requires_grad"): return .boolean(t.requiresGrad)
        case (.tensor(let t), "item"): return .number(Double(try wrap(location) { try t.item() }))
        case (.model(let m), "layers"): return .list(m.layers.map { .layer($0) })
        case (.model(let m), "parameters"): return .number(Double(m.parameterCount))
        case (.model(let m), "training"): return .boolean(m.isTraining)
        case (.layer(let l), "parameters"): return .number(Double(l.parameterCount))
        case (.layer(let l), "training"): return .boolean(l.isTraining)
        case (.layer(let l), "weight"), (.layer(let l), "bias"):
            guard let t = l.state.first(where: { $0.name == name })?.tensor else {
                throw ScriptError("\(l.description) has no \(name)", at: location)
            }
            return .tensor(t)
        case (.dataset(let d), "x"): return .tensor(d.inputs)
        case (.dataset(let d), "y"):
            switch d.targets {
            case .classes(let labels, _):
                try wrap(location) { try MemoryBudget.check(labels.count, of: Float.self, shape: [labels.count]) }
                return .tensor(Tensor(labels.map(Float.init)))
            case .values(let t): return .tensor(t)
            }
        case (.dataset(let d), "size"): return .number(Double(d.count))
        case (.dataset(let d), "classes"): return d.classCount.map { .number(Double($0)) } ?? Value.none
        case (.dataset(let d), "name"): return .string(d.name)
        case (.history(let h), "loss"): return try numbers(h.epochs.map(\.loss))
        case (.history(let h), "accuracy"): return try numbers(h.epochs.map(\.accuracy))
        case (.history(let h), "lr"): return try numbers(h.epochs.map(\.learningRate))
        case (.history(let h), "restored_epoch"): return h.restoredEpoch.map { .number(Double($0)) } ?? Value.none
        case (.schedule(let s), "name"): return .string(s.name)
        case (.schedule(let s), "steps"): return .number(Double(s.stepCount))
        case (.history(let h), "val_loss"), (.history(let h), "val_accuracy"):
            // Without validation data there are no such figures: say so rather than give a column of NaNs.
            guard h.epochs.contains(where: { $0.validationLoss != nil }) else {
                throw ScriptError("this fit had no validation data, so no \(name) (fit ... validation=DATA or validation_split=0.2)", at: location)
            }
            return try numbers(h.epochs.map(name == "val_loss" ? \.validationLoss : \.validationAccuracy))
        // The epochs completed, as the summary counts them (an epoch stopped part-way is not one).
        case (.history(let h), "epochs"): return .number(Double(h.completedEpochs))
        case (.history(let h), "step"): return .string(h.step.map { "\($0)" } ?? "none")
        // A metric asked for with fit ... metrics=[...]: its figure per epoch (`history.precision`, `history.val_top2`).
        case (.history(let h), _) where h.last?.metrics.contains(where: { $0.name == name }) == true:
            return try numbers(h.epochs.map { $0.metrics.first { $0.name == name }?.value })
        case (.optimizer(let o), "lr"): return .number(Double(o.learningRate))
        case (.optimizer(let o), "name"): return .string(o.name)
        case (.optimizer(let o), "schedule"): return o.schedule.map { .schedule($0) } ?? Value.none
        case (.list(let items), "size"): return .number(Double(items.count))
        case (.figures(let f), _): return f[name].map { .number($0) }
        default: return nil
        }
    }

    /// The properties that `object.name = value` may change, by kind.
    static let settableProperties: [String: [String]] = [
        "optimizer": ["lr", "schedule"],
        "model": ["training"],
        "layer": ["training"],
        "tensor": ["requires_grad"],
    ]

    /// `object.name = value`: sets one of the ``settableProperties``, or says which can be set.
    func setProperty(of object: Value, _ name: String, to value: Value, at location: SourceLocation) throws {
        func boolean() throws -> Bool {
            guard case .boolean(let b) = value else {
                throw ScriptError("\(name) must be true or false, not \(value.kindWithArticle)", at: location)
            }
            return b
        }
        switch (object, name) {
        case (.optimizer(let o), "lr"):
            guard case .number(let lr) = value, lr.isFinite, lr >= 0, lr <= Double(Float.greatestFiniteMagnitude) else {
                throw ScriptError("lr must be a finite number >= 0, not \(display(value) ?? value.kind)", at: location)
            }
            o.learningRate = Float(lr)
        case (.optimizer(let o), "schedule"): try setSchedule(of: o, to: value, at: location)
        case (.model(let m), "training"): m.isTraining = try boolean()
        case (.layer(let l), "training"): l.isTraining = try boolean()
        case (.tensor(let t), "requires_grad"): t.requiresGrad = try boolean()
        default:
            let settable = Session.settableProperties[object.kind] ?? []
            let known = (Session.properties[object.kind] ?? []).contains(name)
            throw ScriptError("cannot assign to \(object.kindWithArticle)'s \(name)"
                + (known ? " (it is read-only)" : "")
                + (settable.isEmpty ? "" : "; what can be set: " + settable.joined(separator: ", ")), at: location)
        }
    }

    func callMethod(_ method: BoundMethod, positional: [Call.Entry], keywords: [String: Call.Entry], at location: SourceLocation) throws -> Value {
        guard let builtin = builtins[method.name] else {
            throw ScriptError("unknown method '\(method.name)'", at: location)
        }
        return try invoke(builtin, positional: [Call.Entry(value: method.receiver, location: location)] + positional,
                          keywords: keywords, at: location)
    }

    /// Runs engine code, turning its errors into located script errors.
    func wrap<R>(_ location: SourceLocation, _ body: () throws -> R) throws -> R {
        do { return try body() } catch let error as EngineError {
            throw ScriptError(error.description, at: location)
        }
    }
}
