import Foundation

/// Everything a training run needs to go on exactly where it stopped, in one `.dlnbckpt` file: the model
/// (architecture, weights, running statistics and the generators of its Dropout/DropConnect masks), the
/// optimizer's kind, hyperparameters and per-parameter state, the learning-rate schedule, the history and
/// the random generator that shuffles the batches. Training 100 epochs gives the same bits as training 50,
/// saving, loading (in another process) and training 50 more.
///
/// The file is an ``ArchiveContainer`` with the magic `DLNBCKPT`. Its JSON header holds
/// ```
/// "model":      {"layers": [...]}                 as in a .dlnbmodel file; its tensors are "model/NAME"
/// "optimizer":  see OptimizerSnapshot+File         its state vectors are "optimizer/PARAMETER/SLOT"
/// "schedule":   {"name", "arguments", "state"}     numbers as 16 hexadecimal digits of a Double
/// "history":    {"records": [...], ...}            figures as float32 bit patterns
/// "generator":  {"words": [4 × hex], "spare": hex} the session's generator (xoshiro256** state)
/// "layer_generators": [{"words", "spare"}, ...]    one per Dropout/DropConnect layer, in model order
/// "names":      {"model": "model", "optimizer": "opt", "schedule": "s"}   what the session called them
/// ```
/// The optimizer, schedule and history may be absent. Written atomically; read with every check of
/// ``ArchiveContainer`` and of the model file, so a truncated or foreign file gives a one-line error.
public struct TrainingCheckpoint {
    public static let version: UInt32 = 1

    public var model: Sequential
    public var optimizer: OptimizerSnapshot?
    public var schedule: ScheduleSnapshot?
    public var history: History?
    /// The state of the generator that shuffles the batches (the session's).
    public var generator: RandomGenerator.State
    /// The names the saving session gave the model, optimizer and schedule (keys `"model"`, `"optimizer"`,
    /// `"schedule"`).
    public var names: [String: String]

    /// A checkpoint of `model` trained by `optimizer` (its state for the model's parameters).
    /// - Throws: as ``OptimizerSnapshot/init(of:parameters:)``.
    public init(model: Sequential, optimizer: (any Optimizer)?, schedule: (any LearningRateSchedule)? = nil, history: History?,
                generator: RandomGenerator, names: [String: String] = [:]) throws {
        self.model = model
        self.optimizer = try optimizer.map { try OptimizerSnapshot(of: $0, parameters: model.state) }
        self.schedule = schedule.map(ScheduleSnapshot.init(of:))
        (self.history, self.generator, self.names) = (history, generator.state, names)
    }

    /// The file's bytes.
    public func encoded() throws -> Data {
        var container = ArchiveContainer()
        container.header["model"] = ["layers": try model.layers.map(LayerCodec.encode)]
        container.arrays = model.state.map { ("model/" + $0.name, $0.tensor.shape, $0.tensor.data) }
        if let optimizer {
            let (entry, arrays) = optimizer.encoded(prefix: "optimizer/")
            container.header["optimizer"] = entry
            container.arrays += arrays
        }
        if let schedule { container.header["schedule"] = schedule.checkpointEntry() }
        if let history { container.header["history"] = history.checkpointEntry() }
        container.header["generator"] = Self.entry(generator)
        container.header["layer_generators"] = model.randomizedLayers.map { Self.entry($0.generator.state) }
        container.header["names"] = names
        return try container.encoded(.checkpoint, version: Self.version)
    }

    /// Saves the checkpoint to `path`, atomically.
    public func save(to path: String) throws { try AtomicFile.write(try encoded(), to: path) }

    /// Reads a checkpoint file.
    /// - Throws: ``EngineError/file(path:_:)`` for a missing, truncated, corrupt or malformed file or a
    ///   file of another kind.
    public static func load(from path: String) throws -> TrainingCheckpoint {
        try decode(try AtomicFile.read(path), path: path)
    }

    /// Reads a checkpoint from a file's bytes (`path` only for messages).
    public static func decode(_ bytes: Data, path: String) throws -> TrainingCheckpoint {
        let (container, _) = try ArchiveContainer.decode(bytes, .checkpoint, version: version, path: path)
        func fail(_ text: String) -> EngineError { .file(path: path, text) }
        guard let modelEntry = container.header["model"] as? [String: Any],
              let layers = modelEntry["layers"] as? [[String: Any]] else { throw fail("the model's entry is malformed") }
        let tensors = try container.arrays.filter { $0.name.hasPrefix("model/") }.map {
            (name: String($0.name.dropFirst(6)), tensor: try Tensor(shape: $0.shape, data: $0.values))
        }
        let model = try Sequential(ModelArchive(layers: layers, tensors: tensors), path: path)
        let header = container.header
        guard let generator = header["generator"].flatMap(state), let names = header["names"] as? [String: String] else {
            throw fail("the random generator's or the names' entry is malformed")
        }
        let layerGenerators = (header["layer_generators"] as? [Any])?.compactMap(state)
        let randomized = model.randomizedLayers
        guard let layerGenerators, layerGenerators.count == randomized.count else {
            throw fail("the Dropout/DropConnect generators' entry does not fit the model")
        }
        for (layer, state) in zip(randomized, layerGenerators) { layer.generator = try RandomGenerator(state: state) }
        var checkpoint = try TrainingCheckpoint(model: model, optimizer: nil, history: nil,
                                                generator: try RandomGenerator(state: generator), names: names)
        if let entry = header["optimizer"] {
            checkpoint.optimizer = try OptimizerSnapshot.decode(entry, arrays: container, prefix: "optimizer/", path: path)
        }
        if let entry = header["schedule"] { checkpoint.schedule = try ScheduleSnapshot(checkpointEntry: entry, path: path) }
        if let entry = header["history"] { checkpoint.history = try History.decode(checkpointEntry: entry, path: path) }
        return checkpoint
    }

    /// Copies the checkpoint's weights, buffers and mask generators into `target`, which must have the same
    /// architecture (a model the session already holds under the checkpoint's name).
    /// - Throws: ``EngineError/invalidArgument(_:)`` naming how the models differ; nothing is copied then.
    public func copyModel(into target: Sequential) throws {
        let ours = try JSONSerialization.data(withJSONObject: try model.layers.map(LayerCodec.encode), options: [.sortedKeys])
        let theirs = try? JSONSerialization.data(withJSONObject: try target.layers.map(LayerCodec.encode), options: [.sortedKeys])
        let (source, destination) = (model.state, target.state)
        guard ours == theirs, source.map(\.name) == destination.map(\.name),
              zip(source, destination).allSatisfy({ $0.tensor.shape == $1.tensor.shape }) else {
            throw EngineError.invalidArgument("the checkpoint holds another model: \(model.description), not \(target.description)")
        }
        for (from, to) in zip(source, destination) { try to.tensor.assign(from.tensor.data) }
        for (from, to) in zip(model.randomizedLayers, target.randomizedLayers) { to.generator = from.generator }
    }

    /// The schedule restored, with its arguments and state; `optimizer`'s own schedule (one object) when
    /// the saved one was the optimizer's (``Optimizer/schedule``).
    public func makeSchedule(attachedTo optimizer: (any Optimizer)? = nil) throws -> (any LearningRateSchedule)? {
        if let attached = optimizer?.schedule, schedule == self.optimizer?.schedule { return attached }
        return try schedule?.make()
    }

    /// The optimizer restored for `target`'s parameters (``model`` or a model ``copyModel(into:)`` filled).
    public func makeOptimizer(for target: Sequential) throws -> (any Optimizer)? {
        try optimizer.map { try $0.make(for: target.state) }
    }

    private static func entry(_ state: RandomGenerator.State) -> [String: Any] {
        var entry: [String: Any] = ["words": state.words.map(ExactNumber.encode)]
        if let spare = state.spareNormal { entry["spare"] = ExactNumber.encode(spare) }
        return entry
    }

    private static func state(_ any: Any) -> RandomGenerator.State? {
        guard let entry = any as? [String: Any], let written = entry["words"] as? [Any], written.count == 4 else { return nil }
        let words = written.compactMap(ExactNumber.word)
        guard words.count == 4, words.contains(where: { $0 != 0 }) else { return nil }
        if entry["spare"] == nil { return RandomGenerator.State(words: words, spareNormal: nil) }
        guard let spare = ExactNumber.double(entry["spare"]), spare.isFinite else { return nil }
        return RandomGenerator.State(words: words, spareNormal: spare)
    }
}

extension Sequential {
    /// The layers with generators of their own (Dropout, DropConnect), nested models' included, in order.
    var randomizedLayers: [any RandomizedLayer] {
        layers.flatMap { layer -> [any RandomizedLayer] in
            if let model = layer as? Sequential { return model.randomizedLayers }
            return (layer as? any RandomizedLayer).map { [$0] } ?? []
        }
    }
}

extension TrainingCheckpoint {
    /// Moves a checkpoint taken in a fit's `onEpoch` callback past the schedule's step that the fit takes
    /// right after the callback (a per-epoch schedule steps once the epoch's record is made), so that it
    /// holds what the next epoch starts from: the schedule's state after the step and the optimizer's rate
    /// for the next update. The step is taken on a copy; `schedule` itself is left alone.
    /// - Parameters:
    ///   - schedule: the fit's schedule, as it is in the callback.
    ///   - record: the epoch that ended; an incomplete one is not followed by a step.
    ///   - hasValidation: whether the fit has validation data (what a plateau schedule watches).
    public mutating func stepSchedule(_ schedule: any LearningRateSchedule, after record: EpochRecord,
                                      hasValidation: Bool) throws {
        guard schedule.interval == .epoch, record.isComplete, var optimizer else { return }
        let copy = try ScheduleSnapshot(of: schedule).make()
        let proxy = try DLEngine.makeOptimizer(named: optimizer.name, options: optimizer.options)
        let metric = (copy as? ReduceLROnPlateau)
            .flatMap { TrainingMonitor.figure($0.monitoredFigure(hasValidation: hasValidation), of: record) }
        let attached = optimizer.schedule == ScheduleSnapshot(of: schedule)
        try copy.advance(optimizer: proxy, metric: metric.map(Double.init))
        optimizer.options["lr"] = proxy.learningRate
        // The fit's schedule is the optimizer's own: it is saved there too, stepped alike.
        if attached { optimizer.schedule = ScheduleSnapshot(of: copy) }
        self.optimizer = optimizer
        self.schedule = ScheduleSnapshot(of: copy)
    }
}
