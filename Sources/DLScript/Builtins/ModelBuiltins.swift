import Foundation
import DLEngine

let modelBuiltins: [Builtin] = [
    Builtin("sequential", "sequential [LAYER...]", "A model whose layers run one after another; add more with model.add(layer).",
            example: "model = sequential\nmodel.add(linear 2 100)\nmodel.add(relu)\nmodel.add(linear 100 3)",
            category: .models, callsWhenMentioned: true) { call in
        let model = Sequential()
        for i in call.positional.indices { try model.add(try call.layer(i, "layer \(i + 1)")) }
        call.session.noteCurrent(.model(model))
        return .model(model)
    },
    Builtin("add", "add MODEL LAYER [l1=0] [l2=0] | add TABLE NAME HISTORY", "Appends a layer to a model (also model.add(layer)), optionally with an L1/L2 penalty on its weights; or a run to a table (runs.add(lr, h)).",
            example: "model = sequential\nmodel.add(linear 2 100)\nmodel.add(relu)", category: .models, keywords: ["l1", "l2"]) { call in
        if case .table(let table)? = call.argument(0)?.value { return try call.addRun(to: table) }
        try call.expectPositional(2...2, usage: "model.add(linear 2 100)")
        let model = try call.model(0)
        if case .builtin(let b) = call.positional[1].value {
            throw ScriptError("add: \(b.name) needs its arguments here, like \(b.signature)", at: call.positional[1].location)
        }
        let regularizer = try Regularizer(l1: try call.float(nil, "l1", "l1", default: 0), l2: try call.float(nil, "l2", "l2", default: 0))
        var layer = try call.layer(1)
        // `batchnorm C` after a layer that makes feature maps normalizes each channel of the maps.
        if let norm = layer as? BatchNorm1d, model.producesFeatureMaps {
            layer = try BatchNorm2d(channels: norm.features, momentum: norm.momentum, eps: norm.eps)
        }
        try model.add(layer, regularizer: regularizer)
        call.session.noteCurrent(.model(model))
        return .none
    },
    Builtin("pop", "pop MODEL", "Removes the model's last layer (and its L1/L2 penalty) and returns it, as Keras's model.pop() (also model.pop()).",
            example: "model = sequential\nmodel.add(linear 2 3)\nmodel.add(relu)\nmodel.pop()", category: .models) { call in
        try call.expectPositional(1...1, usage: "model.pop()")
        let model = try call.model(0)
        return .layer(try model.removeLast())
    },
    Builtin("summary", "summary [MODEL]", "A table of the model's layers: output shapes and parameter counts, then the training step fit will take (fused dense step, layer-kernel step and which layers run fused, or the autodiff step and why), worked out for the session's data.",
            example: "summary model", category: .models, callsWhenMentioned: true) { call in
        try call.expectPositional(0...1, usage: "summary model")
        let model = try call.model(0)
        let input = call.session.currentData.map { Array($0.inputs.shape.dropFirst()) }
        let table = model.summary(inputShape: model.expectedInputShape ?? input)
        return .string(table + (call.plannedStep(model).map { "\nTraining step: \($0)" } ?? ""))
    },
    Builtin("predict", "predict [MODEL] X", "The model's outputs (class scores) for inputs X, or for a data set's inputs, in evaluation mode.",
            example: "predict model (tensor [[0.1, 0.2]])", category: .models) { call in
        try call.expectPositional(1...2, usage: "predict model X")
        let hasModel = call.positional.count == 2
        let model = try call.model(hasModel ? 0 : nil)
        let inputIndex = hasModel ? 1 : 0
        if case .dataset(let d) = call.positional[inputIndex].value { return .tensor(try model.predict(d.inputs)) }
        return .tensor(try model.predict(try call.tensor(inputIndex, nil, "X")))
    },
    Builtin("evaluate", "evaluate [MODEL] [DATA] [loss=LOSS]", "The model's mean loss and accuracy on a data set, labelled (loss 0.0945, accuracy 0.9733; e.loss and e.accuracy give each); on real-valued targets, the loss, MAE, RMSE and R2 (e.mae, e.rmse, e.r2).",
            example: "evaluate model test", category: .models, keywords: ["loss"], callsWhenMentioned: true) { call in
        let (model, data) = try call.modelAndData()
        let loss = try call.loss(for: model, data)
        if data.hasValueTargets { return try call.regressionEvaluation(model, data, loss: loss) }
        let result = try model.evaluate(data, loss: loss)
        return .figures(Figures([("loss", Double(result.loss))] + (result.accuracy.map { [("accuracy", Double($0))] } ?? [])))
    },
    Builtin("accuracy", "accuracy [MODEL] [DATA]", "The fraction of samples whose predicted class is the label.",
            example: "accuracy model data", category: .models, callsWhenMentioned: true) { call in
        let (model, data) = try call.modelAndData()
        guard !data.hasValueTargets else {
            throw ScriptError("accuracy: the data set has real-valued targets (regression), not class labels; its figures are evaluate's loss, mae, rmse and r2",
                              at: call.positional.first?.location ?? call.location)
        }
        return .number(Double(try model.accuracy(data)))
    },
    Builtin("save", "save VALUE FILE [model=MODEL]",
            "Saves, atomically: a model to .dlnbmodel (layers and weights) or .safetensors (PyTorch's state dict), a tensor to .npy or .npz, a data set to .npz or .csv, an optimizer with its state for a model's parameters (model=, default the current model) to .dlnbopt, a history to .csv or .json (Keras's forms), a table of runs to .csv.",
            example: "save model \"spiral.dlnbmodel\"\nsave data \"spiral.npz\"", category: .models, keywords: ["model"]) { call in
        try call.expectPositional(2...2, usage: "save model \"file.dlnbmodel\"")
        let path = call.session.outputPath(try call.string(1, nil, "the file name"))
        if let saved = try call.saveTrainingState(path: path, name: try call.string(1, nil, "the file name")) { return saved }
        if let saved = try call.saveInterop(path: path, name: try call.string(1, nil, "the file name")) { return saved }
        let model = try call.model(0)
        try model.save(to: path)
        return .string("saved \(try call.string(1, nil, "the file name"))")
    },
    Builtin("load", "load FILE [label=COLUMN] [labels=FILE] [target=\"values\"|\"classes\"] [header=true|false] [array=NAME] [into=MODEL] [model=MODEL]",
            "Loads a model (.dlnbmodel), a CSV data set (the label column by name or index, default the last), NPY / IDX arrays (with labels=FILE, a data set), a NumPy .npz archive (inputs and labels: a data set; else array=NAME), .safetensors weights into=MODEL, an optimizer (.dlnbopt) with its state for model=MODEL (default the current model), or a history (.json); models, NPY and IDX files are told by their content. target=\"values\" reads a CSV or NPY data set's labels as real-valued (regression) targets; numbers that are not whole need it (or target=\"classes\").",
            example: "save model \"spiral.dlnbmodel\"\nmodel = load \"spiral.dlnbmodel\"", category: .models,
            keywords: ["label", "labels", "header", "array", "into", "target", "model"]) { call in
        try call.expectPositional(1...1, usage: "load \"file.csv\" label=\"class\"")
        let name = try call.string(0, nil, "the file name")
        let path = call.session.inputPath(name)
        if let loaded = try call.loadTrainingState(path: path, name: name) { return loaded }
        if let loaded = try call.loadInterop(path: path, name: name) { return loaded }
        let kind = FileKind.of(path, name: name)
        let labels = call.has("labels") ? call.session.inputPath(try call.string(nil, "labels", "labels")) : nil
        /// Refuses the keywords that do not apply to this kind of file.
        func refuse(_ names: [String], for kind: String) throws {
            if let name = names.first(where: { call.has($0) }), let entry = call.keywords[name] {
                throw ScriptError("load: \(name)= does not apply to \(kind)", at: entry.location)
            }
        }
        if kind == .model {
            try refuse(["label", "labels", "header", "target"], for: "a model file")
            let model = try Sequential.load(from: path)
            call.session.noteCurrent(.model(model))
            return .model(model)
        }
        if kind == .csv {
            try refuse(["labels"], for: "a CSV file (its labels are a column: label=NAME)")
            var column = CSVColumn.last
            if let entry = call.keywords["label"] {
                switch entry.value {
                case .string(let s): column = .name(s)
                case .number: column = .index(try call.integer(nil, "label", "label"))
                default: throw call.typeError(entry, expected: "a column name or index", what: "label")
                }
            }
            let header = call.has("header") ? try call.boolean(nil, "header", "header", default: true) : nil
            let data = try Dataset.loadCSV(path: path, label: column, header: header, target: try call.targetKind())
            call.session.noteCurrent(.dataset(data))
            return .dataset(data)
        }
        guard let kind else {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                throw ScriptError("load: '\(name)' is a folder, not a file", at: call.positional[0].location)
            }
            if name.hasSuffix(".dlnb") {
                throw ScriptError("load: '\(name)' is a notebook: replay its statements with :load \(name) at the prompt, or dlnb run \(name)", at: call.positional[0].location)
            }
            throw ScriptError("load: cannot tell the kind of '\(name)' from its content or its name (.dlnbmodel, .csv, .npy, .npz, .safetensors, IDX files such as train-images-idx3-ubyte)", at: call.positional[0].location)
        }
        let isNPY = kind == .npy
        try refuse(["label", "header"], for: "NPY and IDX files (give the labels' file: labels=FILE)")
        if !isNPY { try refuse(["target"], for: "IDX files (their labels are classes)") }
        guard let labels else {
            try refuse(["target"], for: "an array without labels=FILE")
            return .tensor(isNPY ? try Tensor.loadNPY(path) : try Tensor.loadIDX(path))
        }
        let data = isNPY ? try Dataset.loadNPY(inputs: path, labels: labels, target: try call.targetKind())
            : try Dataset.loadIDX(images: path, labels: labels)
        call.session.noteCurrent(.dataset(data))
        return .dataset(data)
    },
]

extension Sequential {
    /// Whether the model's output is feature maps `[C, H, W]`: its last layer that changes shapes makes
    /// feature maps (a convolution, a pooling, a 2-d batch normalization: their registrations say so).
    var producesFeatureMaps: Bool {
        for layer in layers.reversed() {
            switch LayerRegistry.registration(of: layer)?.output {
            case .featureMaps?: return true
            case .vectors?: return false
            default: continue  // activations, dropout and normalization keep the shape
            }
        }
        return false
    }
}

extension Call {
    /// `[MODEL] [DATA]` arguments, each falling back to the session's current one.
    func modelAndData() throws -> (Sequential, Dataset) {
        try expectPositional(0...2, usage: "\(name) model data")
        let (model, data) = try modelAndData(in: positional[...], what: "each argument")
        guard let m = model ?? session.currentModel else {
            throw ScriptError("\(name): no model given and none made yet (model = sequential)", at: location)
        }
        guard let d = data ?? session.currentData else {
            throw ScriptError("\(name): no data given and none made yet (data = spiral 100 3)", at: location)
        }
        return (m, d)
    }

    /// At most one model and one data set among `entries`, in any order; anything else is an error.
    func modelAndData(in entries: ArraySlice<Entry>, what: String) throws -> (Sequential?, Dataset?) {
        var model: Sequential?, data: Dataset?
        for entry in entries {
            switch entry.value {
            case .model(let m) where model == nil: model = m
            case .dataset(let d) where data == nil: data = d
            default: throw typeError(entry, expected: "a model or a data set", what: what)
            }
        }
        return (model, data)
    }

    /// The `loss=` keyword, else the session's current loss, else the usual one for the targets:
    /// softmax cross-entropy for classes scored by several outputs, BCE for one output, MSE for values.
    /// The step `fit` would train `model` on, with the session's data (or, without data that fits, one
    /// zero sample of the shape the model expects) and the loss `fit` would pick; `nil` when neither
    /// gives an input shape.
    func plannedStep(_ model: Sequential) -> TrainingStep? {
        var data = session.currentData
        if let d = data, (try? model.outputShape(for: Array(d.inputs.shape.dropFirst()))) == nil { data = nil }
        if data == nil, let shape = model.expectedInputShape, let inputs = try? Tensor.zeros([1] + shape),
           let outputs = try? model.outputShape(for: shape) {
            let classes = outputs.count == 1 ? Swift.max(outputs[0], 2) : 2
            data = try? Dataset(inputs: inputs, targets: .classes([0], classCount: classes))
        }
        guard let data, let loss = try? loss(for: model, data) else { return nil }
        return try? model.plannedStep(for: data, loss: loss)
    }

    func loss(for model: Sequential, _ data: Dataset) throws -> any Loss {
        if let entry = keywords["loss"] {
            guard case .loss(let l) = entry.value else { throw typeError(entry, expected: "a loss (\(LossRegistry.names.joined(separator: ", ")))", what: "loss") }
            try checkLoss(l, fits: data, model: model, given: true)
            return l
        }
        if let current = session.currentLoss {
            try checkLoss(current, fits: data, model: model, given: false)
            return current
        }
        guard case .classes = data.targets else { return MeanSquaredError() }
        let outputs = try? model.outputShape(for: Array(data.inputs.shape.dropFirst()))
        return outputs == [1] ? BinaryCrossEntropy() : SoftmaxCrossEntropy()
    }
}
