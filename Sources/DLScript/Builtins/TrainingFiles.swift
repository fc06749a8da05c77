import DLEngine
import Foundation

/// `save` and `load` for the parts of a training run saved alone: an optimizer with its state as a
/// `.dlnbopt` file (PyTorch's `optimizer.state_dict()`), and a history as CSV (Keras's `CSVLogger`) or
/// JSON (Keras's `history.history`). The `save` and `load` built-ins hand these over to
/// ``saveTrainingState(path:name:)`` and ``loadTrainingState(path:name:)``.
extension Call {
    /// `save OPT FILE [model=MODEL]`, `save HISTORY FILE` and `save TABLE FILE.csv`; `nil` for other values. The optimizer's
    /// state is saved under the names of `model`'s tensors (default: the current model), which a load
    /// for another model checks.
    func saveTrainingState(path: String, name: String) throws -> Value? {
        switch positional[0].value {
        case .optimizer(let optimizer):
            guard let model = try modelKeyword() ?? session.currentModel else {
                throw ScriptError("save: an optimizer's state belongs to a model's parameters; name it: save opt \"\(name)\" model=MODEL", at: location)
            }
            try OptimizerSnapshot.save(optimizer, for: model, to: path)
            return .string("saved \(name) (\(optimizer.name) and its state for \(model.state.count) tensors)")
        case .history(let history):
            try refuseModelKeyword(for: "a history")
            guard ["csv", "json"].contains(fileExtension(name)) else {
                throw ScriptError("save: a history is saved as .csv (Keras's CSVLogger) or .json (Keras's history.history), not '\(name)'",
                                  at: positional[1].location)
            }
            try history.save(to: path)
            return .string("saved \(name) (\(history.epochs.count) epochs)")
        case .table(let table):
            try refuseModelKeyword(for: "a table")
            guard fileExtension(name) == "csv" else {
                throw ScriptError("save: a table of runs is saved as .csv, not '\(name)'", at: positional[1].location)
            }
            try AtomicFile.write(Data(table.csv.utf8), to: path)
            return .string("saved \(name) (\(table.rows.count) run\(table.rows.count == 1 ? "" : "s"))")
        default:
            try refuseModelKeyword(for: positional[0].value.kindWithArticle)
            return nil
        }
    }

    /// `load FILE.dlnbopt [model=MODEL]` (an optimizer whose state is bound to `model`'s parameters, by
    /// default the current model's) and `load FILE.json` (a history); a checkpoint is pointed to
    /// `resume`. `nil` for other files.
    func loadTrainingState(path: String, name: String) throws -> Value? {
        let head = FileHandle(forReadingAtPath: path).flatMap { handle -> Data? in
            defer { try? handle.close() }
            return try? handle.read(upToCount: 8)
        } ?? Data()
        let ending = fileExtension(name)
        let others = ["label", "labels", "header", "array", "into", "target"]
        if head == Data("DLNBCKPT".utf8) || (head.isEmpty && ending == "dlnbckpt") {
            throw ScriptError("load: \(name) is a training checkpoint; bring it back with resume \"\(name)\"", at: positional[0].location)
        }
        if head == Data("DLNBOPTM".utf8) || ending == "dlnbopt" {
            if let extra = others.first(where: has), let entry = keywords[extra] {
                throw ScriptError("load: \(extra)= does not apply to an optimizer file", at: entry.location)
            }
            guard let model = try modelKeyword() ?? session.currentModel else {
                throw ScriptError("load: an optimizer's state belongs to a model's parameters; name it: load \"\(name)\" model=MODEL", at: location)
            }
            let optimizer = try OptimizerSnapshot.load(from: path, for: model)
            session.noteCurrent(.optimizer(optimizer))
            return .optimizer(optimizer)
        }
        try refuseModelKeyword(for: "this kind of file")
        if ending == "json" {
            if let extra = others.first(where: has), let entry = keywords[extra] {
                throw ScriptError("load: \(extra)= does not apply to a history (.json)", at: entry.location)
            }
            return .history(try History.loadJSON(from: path))
        }
        return nil
    }

    /// The `model=` keyword's model, if given.
    private func modelKeyword() throws -> Sequential? {
        guard let entry = keywords["model"] else { return nil }
        guard case .model(let model) = entry.value else { throw typeError(entry, expected: "a model", what: "model") }
        return model
    }

    private func refuseModelKeyword(for what: String) throws {
        if let entry = keywords["model"] {
            throw ScriptError("\(name): model= applies to an optimizer's state, not to \(what)", at: entry.location)
        }
    }
}
