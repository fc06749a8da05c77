import DLEngine
import Foundation

/// `checkpoint` and `resume`: a training run saved in one `.dlnbckpt` file and brought back, in this
/// session or another process, so that the next `fit` continues it bit for bit.
let checkpointBuiltins: [Builtin] = [
    Builtin("checkpoint", "checkpoint FILE [model=MODEL] [optimizer=OPT] [schedule=SCHED]",
            "Saves a training run to FILE (.dlnbckpt), atomically: the model (weights, running statistics, Dropout generators), the optimizer's kind, settings and state, the learning-rate schedule and its state, the history, and the session's random generator; without names, the session's current model and optimizer and the model's last schedule. resume FILE brings it back. fit ... checkpoint=FILE every=N saves during a fit.",
            example: "fit model data epochs=5 optimizer=opt\ncheckpoint \"run.dlnbckpt\"",
            category: .training, keywords: ["model", "optimizer", "schedule"]) { call in
        try call.expectPositional(1...1, usage: "checkpoint \"run.dlnbckpt\"")
        let name = try call.string(0, nil, "the file name")
        let session = call.session
        let model = try call.model(nil, "model")
        var optimizer = session.currentOptimizer
        if let entry = call.keywords["optimizer"] {
            guard case .optimizer(let o) = entry.value else { throw call.typeError(entry, expected: "an optimizer", what: "optimizer") }
            optimizer = o
        }
        let schedule = try call.schedule() ?? session.schedule(of: model)
        let checkpoint = try session.trainingCheckpoint(model: model, optimizer: optimizer, schedule: schedule,
                                                        history: session.history(of: model), generator: session.generator)
        try checkpoint.save(to: session.outputPath(name))
        return .string("saved \(name): " + checkpoint.contents)
    },
    Builtin("resume", "resume FILE",
            "Restores a training run saved by checkpoint (or fit ... checkpoint=FILE), looking for FILE where files are written, then where they are read: binds the model, optimizer and schedule to the names they had when saved (model and opt if they had none), and restores the history and the session's random generator, so that the next fit continues exactly: its history goes on from the checkpoint's epochs, and it takes the saved schedule unless it names one. A model already bound to that name must have the same layers and takes the saved weights.",
            example: "fit model data epochs=5 optimizer=opt checkpoint=\"run.dlnbckpt\"\nresume \"run.dlnbckpt\"\nfit data epochs=5",
            category: .training) { call in
        try call.expectPositional(1...1, usage: "resume \"run.dlnbckpt\"")
        let name = try call.string(0, nil, "the file name")
        let session = call.session
        // Where `checkpoint` wrote it (a notebook's --out folder) first, then where files are read from.
        let written = session.outputPath(name)
        let checkpoint = try TrainingCheckpoint.load(from: FileManager.default.fileExists(atPath: written) ? written : session.inputPath(name))
        let modelName = try call.boundName(checkpoint.names["model"], default: "model", for: "model", file: name)
        let optimizerName = try call.boundName(checkpoint.names["optimizer"], default: "opt", for: "optimizer", file: name)
        var model = checkpoint.model
        if case .model(let existing)? = session.variables[modelName] {
            do { try checkpoint.copyModel(into: existing) } catch let error as EngineError {
                throw ScriptError("resume: \(name) does not fit '\(modelName)': \(error.description); del \(modelName) to take the checkpoint's model",
                                  at: call.positional[0].location)
            }
            model = existing
        }
        let optimizer = try checkpoint.makeOptimizer(for: model)
        let schedule = try checkpoint.makeSchedule(attachedTo: optimizer)
        let scheduleName = try checkpoint.names["schedule"].map { try call.boundName($0, default: "", for: "schedule", file: name) }
        session.generator = try RandomGenerator(state: checkpoint.generator)
        try session.assign(.model(model), to: [modelName], at: call.location)
        if let optimizer { try session.assign(.optimizer(optimizer), to: [optimizerName], at: call.location) }
        if let schedule, let scheduleName { try session.assign(.schedule(schedule), to: [scheduleName], at: call.location) }
        session.currentHistory = checkpoint.history
        session.trainingRun = TrainingRun(model: model, history: checkpoint.history ?? History(), continues: true, schedule: schedule)
        let next = (checkpoint.history?.last?.epoch ?? 0) + 1
        return .string("resumed \(name): model '\(modelName)'" + (optimizer.map { _ in ", optimizer '\(optimizerName)'" } ?? "")
            + (scheduleName.map { ", schedule '\($0)'" } ?? "")
            + ", " + checkpoint.contents + "; the next fit of \(modelName) continues at epoch \(next)")
    },
]

extension TrainingCheckpoint {
    /// What a checkpoint holds, for the statements' output: `adam state, 50 epochs of history, generator`.
    var contents: String {
        var parts = ["\(model.layers.count) layer\(model.layers.count == 1 ? "" : "s")"]
        if let optimizer { parts.append("\(optimizer.name) state") }
        if let schedule { parts.append("\(schedule.name) at step \(schedule.state["step"].flatMap { Int(exactly: $0) } ?? 0)") }
        if let history { parts.append("\(history.recordedEpochs) epoch\(history.recordedEpochs == 1 ? "" : "s") of history") }
        parts.append("random generator")
        return parts.joined(separator: ", ")
    }
}

extension Call {
    /// The name `resume` binds: the one the checkpoint records, else `fallback`.
    /// - Throws: when the recorded name is not a name a statement could bind (a malformed file).
    func boundName(_ recorded: String?, default fallback: String, for what: String, file: String) throws -> String {
        guard let recorded else { return fallback }
        let isIdentifier = recorded.first.map { $0.isLetter || $0 == "_" } == true
            && recorded.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } && recorded.count <= 200
        guard isIdentifier, session.builtins[recorded] == nil, !["true", "false", "none", "and", "or", "not", "ans"].contains(recorded) else {
            throw ScriptError("resume: \(file) names its \(what) '\(recorded.prefix(40))', which is not a name a session can bind", at: location)
        }
        return recorded
    }
}
