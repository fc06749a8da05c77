import DLEngine
import Foundation

/// The model the session last fitted or resumed, and its history: what `checkpoint` saves as the history.
///
/// After `resume`, the run continues: the next `fit` of its model gives a history that holds the
/// checkpoint's epochs and the new ones, numbered on (as Keras's `initial_epoch` numbers a resumed run),
/// so 50 epochs, a checkpoint, a resume and 50 more give the same history as 100 epochs straight. Without
/// a resume, each `fit` has a history of its own, numbered from 1, as before.
public struct TrainingRun {
    /// The model (the session's object, compared by identity).
    public let model: Sequential
    /// Its history: the last fit's, or the resumed run's so far.
    public let history: History
    /// Whether the next fit of the model continues this history (after `resume`).
    public let continues: Bool
    /// The schedule of its last fit, or the resumed one: a resumed run's next fit takes it when it names
    /// none, so that `fit epochs=50` after `resume` goes on with the same rates.
    public let schedule: (any LearningRateSchedule)?
}

extension Session {
    /// Records the fit of `model` that gave `history`, and returns it as the statement shows it: numbered
    /// on from the resumed run's last epoch when `model` is that run's (Keras's `initial_epoch`), whose
    /// history then holds both.
    func recordFit(of model: Sequential, _ history: History, schedule: (any LearningRateSchedule)?) -> History {
        guard let run = trainingRun, run.model === model, run.continues else {
            trainingRun = TrainingRun(model: model, history: history, continues: false, schedule: schedule)
            return history
        }
        trainingRun = TrainingRun(model: model, history: run.history.continued(by: history), continues: true, schedule: schedule)
        return history.renumbered(after: run.history.last?.epoch ?? 0)
    }

    /// The history so far of the run that the next fit of `model` continues, if it continues one.
    func continuedHistory(of model: Sequential) -> History? {
        guard let run = trainingRun, run.model === model, run.continues else { return nil }
        return run.history
    }

    /// The schedule the next fit of `model` takes when it names none: the resumed run's.
    func continuedSchedule(of model: Sequential) -> (any LearningRateSchedule)? {
        guard let run = trainingRun, run.model === model, run.continues else { return nil }
        return run.schedule
    }

    /// The schedule `checkpoint` saves with `model`: its last fit's, or its resumed run's.
    func schedule(of model: Sequential) -> (any LearningRateSchedule)? {
        guard let run = trainingRun, run.model === model else { return nil }
        return run.schedule
    }

    /// The history `checkpoint` saves with `model`: its last fit's, or its resumed run's.
    func history(of model: Sequential) -> History? {
        guard let run = trainingRun, run.model === model else { return nil }
        return run.history
    }

    /// The name the session gives `object` (a model or optimizer), the first in alphabetical order when it
    /// has several; `nil` when it has none.
    func name(of object: AnyObject) -> String? {
        variables.keys.sorted().first { name in
            switch variables[name] {
            case .model(let m)?: return m === object
            case .optimizer(let o)?: return o === object
            case .schedule(let s)?: return s === object
            default: return false
            }
        }
    }

    /// A checkpoint of `model` and `optimizer` as they are now, with `history` and `generator`, and the
    /// names the session gives them.
    func trainingCheckpoint(model: Sequential, optimizer: (any Optimizer)?, schedule: (any LearningRateSchedule)?,
                            history: History?, generator: RandomGenerator) throws -> TrainingCheckpoint {
        var names: [String: String] = [:]
        names["model"] = name(of: model)
        if let optimizer { names["optimizer"] = name(of: optimizer) }
        if let schedule { names["schedule"] = name(of: schedule) }
        return try TrainingCheckpoint(model: model, optimizer: optimizer, schedule: schedule, history: history,
                                      generator: generator, names: names)
    }
}

/// `fit ... checkpoint=FILE every=N`: a checkpoint written every N epochs of the run (counted as its
/// history numbers them) and when the fit ends, however it ends; `{epoch}` in FILE is replaced by the
/// epoch, to keep one file per save. Follows the fit through its `onEpoch`
/// callback, where the parameters and the optimizer's state are current; the generator that the fit
/// holds is followed by a ``GeneratorTrace``. A checkpoint that cannot be written is reported in the
/// fit's output and training goes on.
final class FitCheckpointing {
    private let session: Session
    private let model: Sequential
    private let optimizer: any Optimizer
    private let schedule: (any LearningRateSchedule)?
    private let hasValidation: Bool
    private let name: String, path: String
    private let every: Int, epochs: Int
    private let earlier: History?
    private var trace: GeneratorTrace
    private var partial = History()
    private var saves: [Int] = []
    private var failure: String?

    /// `nil` when the call has no `checkpoint=`.
    /// - Throws: for `every=` without `checkpoint=`, an `every` below 1, or a folder that does not exist.
    static func make(_ call: Call, model: Sequential, optimizer: any Optimizer, sampleCount: Int,
                     options: TrainingOptions) throws -> FitCheckpointing? {
        guard call.has("checkpoint") else {
            if let entry = call.keywords["every"] {
                throw ScriptError("fit: every= needs checkpoint=FILE (where to write the checkpoints)", at: entry.location)
            }
            return nil
        }
        let name = try call.string(nil, "checkpoint", "checkpoint")
        let every = try call.integer(nil, "every", "every", default: Swift.max(1, (options.epochs + 9) / 10))
        guard every >= 1 else {
            throw ScriptError("fit: every must be at least 1 (epochs between checkpoints), not \(every)",
                              at: call.keywords["every"]?.location ?? call.location)
        }
        let path = call.session.outputPath(name)
        let folder = (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw ScriptError("fit: cannot write checkpoint '\(name)': the folder \(folder) does not exist",
                              at: call.keywords["checkpoint"]?.location ?? call.location)
        }
        return FitCheckpointing(session: call.session, model: model, optimizer: optimizer, options: options, name: name,
                                path: path, every: every, trace: GeneratorTrace(call.session.generator, sampleCount: sampleCount, options: options))
    }

    private init(session: Session, model: Sequential, optimizer: any Optimizer, options: TrainingOptions, name: String,
                 path: String, every: Int, trace: GeneratorTrace) {
        (self.session, self.model, self.optimizer, self.name, self.path) = (session, model, optimizer, name, path)
        (self.every, self.epochs, schedule, hasValidation) = (every, options.epochs, options.schedule, options.validation != nil)
        self.trace = trace
        earlier = session.continuedHistory(of: model)
    }

    /// The fit's `onEpoch`: saves when the run's epoch number is a multiple of `every` (the fit's last
    /// epoch is saved by ``fitEnded(_:)``, with the whole history).
    func epochEnded(_ record: EpochRecord) {
        partial.append(record)
        let generator = trace.endOfEpoch()
        let history = earlier?.continued(by: partial) ?? partial
        guard record.isComplete, record.epoch < epochs, let epoch = history.last?.epoch, epoch % every == 0 else { return }
        save(history, generator, after: record)
    }

    /// After the fit: the last checkpoint, with the whole history and the generator as the fit left it;
    /// reports what was written.
    func fitEnded(_ history: History) {
        let run = earlier?.continued(by: history) ?? history
        save(run, session.generator)
        if let failure {
            session.emit("checkpoint: \(failure); training went on")
        } else if let last = saves.last {
            session.emit("wrote checkpoint \(name) \(saves.count) time\(saves.count == 1 ? "" : "s"), the last at epoch \(last)")
        }
    }

    /// Saves the run; `record`: in `onEpoch`, the epoch that ended, which the schedule's step follows.
    private func save(_ history: History, _ generator: RandomGenerator, after record: EpochRecord? = nil) {
        // `{epoch}` in the name (Keras's `ModelCheckpoint("run-{epoch}.keras")`) keeps one file per save.
        let epoch = String(history.last?.epoch ?? 0)
        do {
            var checkpoint = try session.trainingCheckpoint(model: model, optimizer: optimizer, schedule: schedule,
                                                            history: history, generator: generator)
            if let schedule, let record { try checkpoint.stepSchedule(schedule, after: record, hasValidation: hasValidation) }
            try checkpoint.save(to: path.replacingOccurrences(of: "{epoch}", with: epoch))
            saves.append(history.last?.epoch ?? 0)
        } catch {
            failure = failure ?? "could not write \(name.replacingOccurrences(of: "{epoch}", with: epoch)): \(error)"
        }
    }
}
