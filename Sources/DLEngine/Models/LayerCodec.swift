/// Turns layers into the JSON-compatible descriptions of a `.dlnbmodel` file and back, through the
/// ``LayerRegistry``: each entry is a registration's tag under `type` and its saved parameters'
/// values (integers, numbers as `Double`, flags as `Bool`). A nested ``Sequential`` is the one
/// container: `{"type": "Sequential", "layers": [...]}`.
enum LayerCodec {
    /// The layer's type and constructor arguments (its tensors are saved separately, by name).
    static func encode(_ layer: any Layer) throws -> [String: Any] {
        if let model = layer as? Sequential { return ["type": "Sequential", "layers": try model.layers.map(encode)] }
        guard let registered = layer as? any RegisteredLayer else {
            throw EngineError.invalidArgument("cannot save a layer of type \(layer.name)")
        }
        let registration = type(of: registered).registration
        var entry: [String: Any] = ["type": registration.tag]
        for (key, value) in registered.configuration.values {
            switch value {
            case .integer(let v): entry[key] = v
            case .number(let v): entry[key] = v
            case .flag(let v): entry[key] = v
            case .text(let v): entry[key] = v
            case .integers(let v): entry[key] = v
            case .numbers(let v): entry[key] = v
            }
        }
        return entry
    }

    /// A fresh layer from its description; its tensors are then loaded by name.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for an unknown type or a missing or bad field.
    static func decode(_ entry: [String: Any], using generator: inout RandomGenerator, depth: Int = 1) throws -> any Layer {
        let type = entry["type"] as? String
        if type == "Sequential" {
            guard let entries = entry["layers"] as? [[String: Any]] else {
                throw EngineError.invalidArgument("layer entry lacks 'layers'")
            }
            // The model holding these entries is one level up; ``Sequential/add(_:regularizer:)``'s limit.
            guard depth < Sequential.maximumNesting else {
                throw EngineError.invalidArgument("models are nested more than \(Sequential.maximumNesting) deep")
            }
            return Sequential(try entries.map { try decode($0, using: &generator, depth: depth + 1) })
        }
        guard let type, let registration = LayerRegistry.tagged(type) else {
            throw EngineError.invalidArgument("unknown layer type \(type.map { "'\($0)'" } ?? "(missing)")")
        }
        let (arguments, missing) = savedArguments(entry, registration)
        if let missing { throw EngineError.invalidArgument("layer entry lacks '\(missing)'") }
        return try registration.make(arguments.withDefaults(of: registration.parameters), &generator)
    }

    /// The number of values the tensors of the layer an entry describes hold (a nested model's layers
    /// added up), from the registry's ``LayerRegistration/stateCount`` and without building anything;
    /// saturating at `Int.max`. Unknown types and missing fields count as nothing here: decoding names them.
    static func declaredStateCount(_ entry: [String: Any]) -> Int {
        if entry["type"] as? String == "Sequential" {
            return Arguments.sum((entry["layers"] as? [[String: Any]] ?? []).map(declaredStateCount))
        }
        guard let type = entry["type"] as? String, let registration = LayerRegistry.tagged(type) else { return 0 }
        return registration.stateCount(savedArguments(entry, registration).arguments)
    }

    /// The saved parameters' values found in `entry`, and the first one missing or of the wrong kind.
    private static func savedArguments(_ entry: [String: Any], _ registration: LayerRegistration)
        -> (arguments: Arguments, missing: String?) {
        var arguments = Arguments(), missing: String?
        for parameter in registration.parameters where parameter.isSaved {
            let value: Argument?
            switch parameter.kind {
            case .integer: value = (entry[parameter.key] as? Int).map(Argument.integer)
            case .number: value = (entry[parameter.key] as? Double).map(Argument.number)
            case .flag: value = (entry[parameter.key] as? Bool).map(Argument.flag)
            case .initializer, .text: value = (entry[parameter.key] as? String).map(Argument.text)
            case .shape: value = (entry[parameter.key] as? [Int]).map(Argument.integers)
            case .numbers: value = (entry[parameter.key] as? [Double]).map(Argument.numbers)
            }
            if let value { arguments.values[parameter.key] = value } else if missing == nil { missing = parameter.key }
        }
        return (arguments, missing)
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
        return try Sequential(archive, path: path)
    }

    /// The model an archive describes (a `.dlnbmodel` file's, or a checkpoint's).
    /// - Throws: ``EngineError/file(path:_:)`` when its layers or tensors do not make a valid model.
    convenience init(_ archive: ModelArchive, path: String) throws {
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
            self.init(model.layers)
        } catch let error as EngineError {
            if case .file = error { throw error }
            throw EngineError.file(path: path, "not a valid model: \(error.description)")
        }
    }
}
