/// Turns layers into the JSON-compatible descriptions of a `.dlnbmodel` file and back: the one place
/// that knows every layer type by name. A new layer type adds a case to both functions.
enum LayerCodec {
    /// The layer's type and constructor arguments (its tensors are saved separately, by name).
    static func encode(_ layer: any Layer) throws -> [String: Any] {
        switch layer {
        case let l as Linear:
            return ["type": "Linear", "input": l.inputSize, "output": l.outputSize, "bias": l.bias != nil]
        case let l as DropConnect:
            return ["type": "DropConnect", "input": l.inputSize, "output": l.outputSize, "bias": l.bias != nil,
                    "rate": Double(l.rate)]
        case let l as BatchNorm1d:
            return ["type": "BatchNorm1d", "features": l.features, "momentum": Double(l.momentum), "eps": Double(l.eps)]
        case let l as BatchNorm2d:
            return ["type": "BatchNorm2d", "channels": l.channels, "momentum": Double(l.momentum), "eps": Double(l.eps)]
        case let l as Conv2D:
            return ["type": "Conv2D", "input": l.inputChannels, "output": l.outputChannels, "kernel": l.kernelSize,
                    "stride": l.stride, "padding": l.padding, "dilation": l.dilation, "bias": l.bias != nil]
        case let l as MaxPool2D: return ["type": "MaxPool2D", "kernel": l.kernelSize, "stride": l.stride, "padding": l.padding]
        case let l as AvgPool2D: return ["type": "AvgPool2D", "kernel": l.kernelSize, "stride": l.stride, "padding": l.padding]
        case is Flatten: return ["type": "Flatten"]
        case let l as Dropout: return ["type": "Dropout", "rate": Double(l.rate)]
        case let l as LeakyReLU: return ["type": "LeakyReLU", "slope": Double(l.slope)]
        case let l as Softmax: return ["type": "Softmax", "axis": l.axis]
        case is ReLU: return ["type": "ReLU"]
        case is Sigmoid: return ["type": "Sigmoid"]
        case is Tanh: return ["type": "Tanh"]
        case let m as Sequential: return ["type": "Sequential", "layers": try m.layers.map(encode)]
        default:
            throw EngineError.invalidArgument("cannot save a layer of type \(layer.name)")
        }
    }

    /// A fresh layer from its description; its tensors are then loaded by name.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for an unknown type or a missing or bad field.
    static func decode(_ entry: [String: Any], using generator: inout RandomGenerator) throws -> any Layer {
        func int(_ key: String) throws -> Int {
            guard let v = entry[key] as? Int else { throw EngineError.invalidArgument("layer entry lacks '\(key)'") }
            return v
        }
        func float(_ key: String) throws -> Float {
            guard let v = entry[key] as? Double else { throw EngineError.invalidArgument("layer entry lacks '\(key)'") }
            return Float(v)
        }
        func bool(_ key: String) throws -> Bool {
            guard let v = entry[key] as? Bool else { throw EngineError.invalidArgument("layer entry lacks '\(key)'") }
            return v
        }
        switch entry["type"] as? String {
        case "Linear":
            return try Linear(inputSize: int("input"), outputSize: int("output"), bias: bool("bias"), using: &generator)
        case "DropConnect":
            return try DropConnect(inputSize: int("input"), outputSize: int("output"), rate: float("rate"),
                                   bias: bool("bias"), using: &generator)
        case "BatchNorm1d": return try BatchNorm1d(features: int("features"), momentum: float("momentum"), eps: float("eps"))
        case "BatchNorm2d": return try BatchNorm2d(channels: int("channels"), momentum: float("momentum"), eps: float("eps"))
        case "Conv2D":
            return try Conv2D(inputChannels: int("input"), outputChannels: int("output"), kernelSize: int("kernel"),
                              stride: int("stride"), padding: int("padding"), dilation: int("dilation"),
                              bias: bool("bias"), using: &generator)
        case "MaxPool2D": return try MaxPool2D(kernelSize: int("kernel"), stride: int("stride"), padding: int("padding"))
        case "AvgPool2D": return try AvgPool2D(kernelSize: int("kernel"), stride: int("stride"), padding: int("padding"))
        case "Flatten": return Flatten()
        case "Dropout": return try Dropout(rate: float("rate"), using: &generator)
        case "LeakyReLU": return try LeakyReLU(slope: float("slope"))
        case "Softmax": return Softmax(axis: try int("axis"))
        case "ReLU": return ReLU()
        case "Sigmoid": return Sigmoid()
        case "Tanh": return Tanh()
        case "Sequential":
            guard let entries = entry["layers"] as? [[String: Any]] else {
                throw EngineError.invalidArgument("layer entry lacks 'layers'")
            }
            return Sequential(try entries.map { try decode($0, using: &generator) })
        case let other:
            throw EngineError.invalidArgument("unknown layer type \(other.map { "'\($0)'" } ?? "(missing)")")
        }
    }
}

extension Sequential {
    /// Saves the architecture and every tensor (weights and running statistics) to a `.dlnbmodel` file,
    /// atomically; see ``ModelArchive`` for the format.
    /// - Throws: ``EngineError/file(path:_:)`` when the file cannot be written.
    public func save(to path: String) throws {
        let archive = ModelArchive(layers: try layers.map(LayerCodec.encode), tensors: state)
        try AtomicFile.write(try archive.encoded(), to: path)
    }

    /// Loads a model saved by ``save(to:)``.
    /// - Throws: ``EngineError/file(path:_:)`` for a missing, truncated, corrupt or malformed file.
    public static func load(from path: String) throws -> Sequential {
        let archive = try ModelArchive.decode(try AtomicFile.read(path), path: path)
        var generator = RandomGenerator(seed: 0)  // the initial values are replaced by the saved ones
        do {
            try LayerCodec.checkDeclaredSizes(archive.layers, held: archive.tensors.reduce(0) { $0 + $1.tensor.count })
            let model = Sequential(try archive.layers.map { try LayerCodec.decode($0, using: &generator) })
            let saved = Dictionary(archive.tensors.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
            let expected = model.state
            guard expected.count == saved.count else {
                throw EngineError.invalidArgument("it holds \(saved.count) tensors where its layers need \(expected.count)")
            }
            for (name, tensor) in expected {
                guard let values = saved[name], values.shape == tensor.shape else {
                    throw EngineError.invalidArgument("tensor '\(name)' is missing or has the wrong shape")
                }
                try tensor.assign(values.data)
            }
            return model
        } catch let error as EngineError {
            if case .file = error { throw error }
            throw EngineError.file(path: path, "not a valid model: \(error.description)")
        }
    }
}
