import DLEngine

/// The statements that take models and data to other engines and back: `export` (ONNX, a PyTorch module
/// file), and the `save`/`load` forms for `.npy`, `.npz`, `.csv` and `.safetensors` files, which the
/// `save` and `load` built-ins hand over to ``saveInterop(_:path:name:)`` and ``loadInterop(_:path:name:)``.
let interopBuiltins: [Builtin] = [
    Builtin("export", "export MODEL FILE [input=[C, H, W]]",
            "Writes a model for other engines: FILE.onnx (ONNX opset 17, for ONNX Runtime) or FILE.py (a PyTorch nn.Sequential; its weights: save MODEL \"FILE.safetensors\").",
            example: "model = sequential\nmodel.add(linear 2 16)\nmodel.add(relu)\nmodel.add(linear 16 3)\nexport model \"model.onnx\"\nexport model \"model.py\"\nsave model \"model.safetensors\"",
            category: .models, keywords: ["input"]) { call in
        try call.expectPositional(1...2, usage: "export model \"model.onnx\"")
        let hasModel = call.positional.count == 2
        let model = try call.model(hasModel ? 0 : nil)
        let fileIndex = hasModel ? 1 : 0
        let name = try call.string(fileIndex, nil, "the file name")
        let path = call.session.outputPath(name)
        let inputShape = try call.shape("input")
        if let inputShape, let entry = call.keywords["input"] {
            do { _ = try model.outputShape(for: inputShape) } catch let error as EngineError {
                throw ScriptError("export: input=\(EngineError.format(inputShape)) does not fit the model: \(error.description)", at: entry.location)
            }
        }
        switch fileExtension(name) {
        case "onnx": try model.exportONNX(to: path, inputShape: inputShape)
        case "py": try model.savePyTorchModule(to: path, inputShape: inputShape)
        default:
            throw ScriptError("export: '\(name)' needs the ending .onnx (ONNX Runtime) or .py (PyTorch); weights go with save model \"FILE.safetensors\"",
                              at: call.positional[fileIndex].location)
        }
        return .string("wrote \(name)")
    },
]

/// The lower-cased ending of a file name after its last dot (`"npz"`), or `""`.
func fileExtension(_ name: String) -> String {
    guard let dot = name.lastIndex(of: "."), !name[name.index(after: dot)...].contains("/") else { return "" }
    return name[name.index(after: dot)...].lowercased()
}

extension Call {
    /// A shape given by keyword as a list of positive whole numbers (`input=[1, 28, 28]`), or `nil`.
    func shape(_ keyword: String) throws -> [Int]? {
        guard let entry = keywords[keyword] else { return nil }
        let sizes: [Double]
        switch entry.value {
        case .tensor(let t) where t.rank == 1 && t.count > 0: sizes = t.data.map(Double.init)
        case .list(let items) where !items.isEmpty:
            sizes = try items.map { item in
                guard case .number(let v) = item else { throw typeError(entry, expected: "a list of sizes such as [1, 28, 28]", what: keyword) }
                return v
            }
        default: throw typeError(entry, expected: "a list of sizes such as [1, 28, 28]", what: keyword)
        }
        return try sizes.map { v in
            guard v >= 1 else {
                throw ScriptError("\(name): \(keyword) must list sizes of at least 1, such as [1, 28, 28]", at: entry.location)
            }
            return try wholeNumber(v, keyword, at: entry.location)
        }
    }

    /// `save VALUE FILE` for the interchange formats: a tensor as `.npy`/`.npz`, a data set as
    /// `.npz`/`.csv`, a model as `.safetensors`. Returns `nil` for a model with another ending (the
    /// `.dlnbmodel` format, which `save` handles).
    func saveInterop(path: String, name: String) throws -> Value? {
        let ending = fileExtension(name), place = positional[1].location
        switch positional[0].value {
        case .tensor(let t):
            switch ending {
            case "npy": try t.saveNPY(to: path)
            case "npz": try t.saveNPZ(to: path)
            default: throw ScriptError("save: a tensor is saved as .npy or .npz, not '\(name)'", at: place)
            }
        case .dataset(let d):
            switch ending {
            case "npz": try d.saveNPZ(to: path)
            case "csv": try d.saveCSV(to: path)
            default: throw ScriptError("save: a data set is saved as .npz (inputs and labels) or .csv, not '\(name)'", at: place)
            }
        case .model(let m) where ending == "safetensors":
            try m.saveSafetensors(to: path)
        case .model:
            return nil
        default:
            throw typeError(positional[0], expected: "a model, a tensor, a data set, an optimizer or a history", what: "what to save")
        }
        return .string("saved \(name)")
    }

    /// `load FILE` for `.npz` archives (a data set when it holds inputs and labels, else the array named
    /// by `array=` or its only one) and `load FILE into=MODEL` for `.safetensors` weights; `nil` for other
    /// endings, which `load` handles.
    func loadInterop(path: String, name: String) throws -> Value? {
        let ending = fileExtension(name)
        if has("into"), ending != "safetensors" {
            throw ScriptError("load: into= loads .safetensors weights into a model; '\(name)' is not a .safetensors file",
                              at: keywords["into"]?.location ?? location)
        }
        if has("array"), ending != "npz" {
            throw ScriptError("load: array= picks an array of a .npz archive; '\(name)' is not one",
                              at: keywords["array"]?.location ?? location)
        }
        if ending == "npz" || ending == "safetensors",
           let extra = ["label", "labels", "header", "target"].first(where: has), let entry = keywords[extra] {
            throw ScriptError("load: \(extra)= does not apply to a .\(ending) file", at: entry.location)
        }
        switch ending {
        case "npz":
            if has("array") { return .tensor(try Tensor.loadNPZ(path, array: try string(nil, "array", "array"))) }
            guard try Dataset.npzHoldsDataset(path) else { return .tensor(try Tensor.loadNPZ(path)) }
            let data = try Dataset.loadNPZ(path)
            session.noteCurrent(.dataset(data))
            return .dataset(data)
        case "safetensors":
            guard let entry = keywords["into"] else {
                throw ScriptError("load: weights from '\(name)' go into a model of the same architecture: load \"\(name)\" into=model",
                                  at: positional[0].location)
            }
            guard case .model(let model) = entry.value else { throw typeError(entry, expected: "a model", what: "into") }
            let count = try model.loadSafetensors(from: path)
            return .string("loaded \(count) tensors from \(name)")
        default:
            return nil
        }
    }
}
