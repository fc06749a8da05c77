import Foundation

/// The `.dlnbopt` file (an optimizer saved alone) and the optimizer's part of a checkpoint, in the layout
/// of ``ArchiveContainer``.
///
/// Header entry (JSON): `{"name": "adam", "options": {"lr": BITS, ...}, "slots": ["m", "v"],
/// "states": [{"parameter": "0.weight", "step": 50}, ...], "schedule": {...}}` (the schedule attached to it,
/// when there is one, as ``ScheduleSnapshot`` writes it), the options as their float32 bit patterns (so
/// they come back exactly); each state vector is the array `PREFIX + parameter + "/" + slot`. A `.dlnbopt`
/// file's header also lists the model's parameters (`"parameters": [{"name", "shape"}]`), so that loading
/// it for another model says so.
extension OptimizerSnapshot {
    public static let fileVersion: UInt32 = 1

    /// The header entry and arrays of this snapshot, the arrays' names starting with `prefix`.
    func encoded(prefix: String) -> (header: [String: Any], arrays: [(name: String, shape: [Int], values: [Float])]) {
        var entries: [[String: Any]] = [], arrays: [(name: String, shape: [Int], values: [Float])] = []
        for (parameter, state) in states.sorted(by: { $0.key < $1.key }) {
            entries.append(["parameter": parameter, "step": state.step])
            for (slot, values) in zip(slotNames, state.slots) {
                arrays.append((prefix + parameter + "/" + slot, [values.count], values))
            }
        }
        var header: [String: Any] = [
            "name": name, "options": options.mapValues(ExactNumber.encode), "slots": slotNames, "states": entries,
        ]
        if let schedule { header["schedule"] = schedule.checkpointEntry() }
        return (header, arrays)
    }

    /// The snapshot a header entry and a container's arrays describe.
    /// - Throws: ``EngineError/file(path:_:)`` naming what is missing or malformed.
    static func decode(_ entry: Any?, arrays container: ArchiveContainer, prefix: String, path: String) throws -> OptimizerSnapshot {
        func fail(_ text: String) -> EngineError { .file(path: path, "the optimizer's \(text)") }
        guard let entry = entry as? [String: Any], let name = entry["name"] as? String,
              let written = entry["options"] as? [String: Any], let slots = entry["slots"] as? [String],
              let states = entry["states"] as? [[String: Any]] else { throw fail("entry is malformed") }
        var options: [String: Float] = [:]
        for (key, value) in written {
            guard let number = ExactNumber.float(value) else { throw fail("option '\(key)' is malformed") }
            options[key] = number
        }
        var snapshot = OptimizerSnapshot(name: name, options: options, slotNames: slots, states: [:])
        if let attached = entry["schedule"] { snapshot.schedule = try ScheduleSnapshot(checkpointEntry: attached, path: path) }
        for state in states {
            guard let parameter = state["parameter"] as? String, let step = state["step"] as? Int else {
                throw fail("state entry is malformed")
            }
            var vectors: [[Float]] = []
            for slot in slots {
                guard let array = container.array(prefix + parameter + "/" + slot) else {
                    throw fail("state '\(slot)' of '\(parameter)' is missing")
                }
                vectors.append(array.values)
            }
            snapshot.states[parameter] = ParameterState(step: step, slots: vectors)
        }
        return snapshot
    }

    init(name: String, options: [String: Float], slotNames: [String], states: [String: ParameterState]) {
        (self.name, self.options, self.slotNames, self.states) = (name, options, slotNames, states)
    }

    /// Saves `optimizer` with its state for `model`'s parameters to a `.dlnbopt` file, atomically.
    /// - Throws: as ``init(of:parameters:)``, or ``EngineError/file(path:_:)`` when it cannot be written.
    public static func save(_ optimizer: any Optimizer, for model: Sequential, to path: String) throws {
        let snapshot = try OptimizerSnapshot(of: optimizer, parameters: model.state)
        var (header, arrays) = snapshot.encoded(prefix: "")
        header["parameters"] = model.state.map { ["name": $0.name, "shape": $0.tensor.shape] as [String: Any] }
        let container = ArchiveContainer(header: ["optimizer": header], arrays: arrays)
        try AtomicFile.write(try container.encoded(.optimizer, version: fileVersion), to: path)
    }

    /// Loads a `.dlnbopt` file as a new optimizer whose state belongs to `model`'s parameters.
    /// - Throws: ``EngineError/file(path:_:)`` for a missing, truncated or corrupt file, a file of
    ///   another kind, or one saved for another model (naming the first parameter that differs).
    public static func load(from path: String, for model: Sequential) throws -> any Optimizer {
        let (container, _) = try ArchiveContainer.decode(try AtomicFile.read(path), .optimizer, version: fileVersion, path: path)
        let entry = container.header["optimizer"] as? [String: Any]
        guard let listed = entry?["parameters"] as? [[String: Any]] else {
            throw EngineError.file(path: path, "the optimizer's entry is malformed")
        }
        let saved = listed.compactMap { item -> (String, [Int])? in
            guard let name = item["name"] as? String, let shape = item["shape"] as? [Int] else { return nil }
            return (name, shape)
        }
        let current = model.state.map { ($0.name, $0.tensor.shape) }
        guard saved.count == listed.count, saved.map(\.0) == current.map(\.0), saved.map(\.1) == current.map(\.1) else {
            let differs = zip(saved, current).first { $0.0 != $1.0 || $0.1 != $1.1 }
            let detail = differs.map { "'\($0.0.0)' is \(EngineError.format($0.0.1)) there, '\($0.1.0)' is \(EngineError.format($0.1.1)) here" }
                ?? "\(saved.count) tensors there, \(current.count) here"
            throw EngineError.file(path: path, "it was saved for another model (\(detail))")
        }
        let snapshot = try decode(entry, arrays: container, prefix: "", path: path)
        do {
            return try snapshot.make(for: model.state)
        } catch let error as EngineError {
            if case .file = error { throw error }
            throw EngineError.file(path: path, error.description)
        }
    }
}
