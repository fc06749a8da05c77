import Foundation

/// A history as a training checkpoint holds it (every field, the figures as float32 bit patterns so that
/// they come back exactly), and a history continued by the fit after a resume.
extension History {
    /// Appends one epoch's record, as `fit` does (records beyond ``maximumRecords`` are thinned the same
    /// way): for callers that follow a fit through its `onEpoch` callback.
    public mutating func append(_ record: EpochRecord) { epochs.append(record) }

    /// The largest epoch number a history read from a file may hold (2⁴⁰), so that numbering a resumed
    /// run on can never overflow.
    public static let maximumEpochNumber = 1 << 40

    /// This history followed by `later`'s epochs, numbered on from this one's last epoch (as Keras's
    /// `initial_epoch` numbers a resumed run); the stop reason and training step are `later`'s, the
    /// durations and epoch counts add up.
    public func continued(by later: History) -> History {
        let offset = epochs.last?.epoch ?? 0
        var combined = self
        for record in later.epochs { combined.epochs.append(record.renumbered(by: offset)) }
        combined.recordedEpochs = recordedEpochs + later.recordedEpochs
        combined.completedEpochs = completedEpochs + later.completedEpochs
        combined.stopReason = later.stopReason.map { $0.renumbered(by: offset) }
        combined.restoredEpoch = later.restoredEpoch.map { $0 + offset }
        combined.duration = duration + later.duration
        combined.step = later.step ?? step
        return combined
    }

    /// The same history with its epochs numbered on from `offset` (epoch 1 becomes `offset + 1`): a fit
    /// that continues a resumed run, as Keras numbers a fit from its `initial_epoch`.
    public func renumbered(after offset: Int) -> History {
        var moved = self
        moved.epochs = []
        moved.spacing = 1  // the records are already thinned: keep them all
        for record in epochs { moved.epochs.append(record.renumbered(by: offset)) }
        moved.spacing = spacing
        (moved.recordedEpochs, moved.completedEpochs) = (recordedEpochs, completedEpochs)
        moved.stopReason = stopReason.map { $0.renumbered(by: offset) }
        moved.restoredEpoch = restoredEpoch.map { $0 + offset }
        return moved
    }

    /// The version of the history's entry: 1 without metrics, 2 with each record's `"metrics"`
    /// (`[{"name": "f1", "value": bits}, ...]`, in the record's order). A file of version 1 reads as a
    /// history without metrics; one of a later version is refused.
    static let checkpointVersion = 2

    /// The JSON entry of a checkpoint.
    func checkpointEntry() -> [String: Any] {
        func figure(_ value: Float?) -> Any { value.map(ExactNumber.encode) ?? NSNull() }
        var entry: [String: Any] = [
            "version": History.checkpointVersion,
            "records": epochs.map { r -> [String: Any] in
                var record: [String: Any] = [
                    "epoch": r.epoch, "loss": ExactNumber.encode(r.loss), "accuracy": figure(r.accuracy),
                    "val_loss": figure(r.validationLoss), "val_accuracy": figure(r.validationAccuracy),
                    "lr": figure(r.learningRate), "complete": r.isComplete]
                if !r.metrics.isEmpty {
                    record["metrics"] = r.metrics.map { ["name": $0.name, "value": ExactNumber.encode($0.value)] as [String: Any] }
                }
                return record
            },
            "spacing": spacing, "recorded_epochs": recordedEpochs, "completed_epochs": completedEpochs,
            "duration": ExactNumber.encode(duration),
        ]
        if let stopReason { entry["stop"] = stopReason.checkpointEntry() }
        if let restoredEpoch { entry["restored_epoch"] = restoredEpoch }
        if let step { entry["step"] = step.checkpointEntry() }
        return entry
    }

    /// The history a checkpoint's entry describes.
    /// - Throws: ``EngineError/file(path:_:)`` naming what is malformed.
    static func decode(checkpointEntry any: Any?, path: String) throws -> History {
        func fail(_ text: String) -> EngineError { .file(path: path, "the history's \(text)") }
        guard let entry = any as? [String: Any], let records = entry["records"] as? [[String: Any]],
              let spacing = entry["spacing"] as? Int, spacing >= 1,
              let recorded = entry["recorded_epochs"] as? Int, let completed = entry["completed_epochs"] as? Int,
              recorded >= records.count, recorded <= History.maximumEpochNumber, completed >= 0, completed <= recorded,
              let duration = ExactNumber.double(entry["duration"]) else { throw fail("entry is malformed") }
        let version = entry["version"] ?? 1
        guard let version = version as? Int, version >= 1 else { throw fail("version is malformed") }
        guard version <= History.checkpointVersion else {
            throw fail("entry is of version \(version), newer than this dlnb reads (\(History.checkpointVersion)): update dlnb")
        }
        func optional(_ record: [String: Any], _ key: String) throws -> Float? {
            if record[key] == nil || record[key] is NSNull { return nil }
            guard let value = ExactNumber.float(record[key]) else { throw fail("record has a malformed \(key)") }
            return value
        }
        func metrics(of record: [String: Any]) throws -> [MetricFigure] {
            guard let written = record["metrics"] else { return [] }
            guard let list = written as? [[String: Any]] else { throw fail("record has a malformed metrics list") }
            return try list.map { item in
                guard let name = item["name"] as? String, !name.isEmpty, let value = ExactNumber.float(item["value"]) else {
                    throw fail("record has a malformed metric")
                }
                return MetricFigure(name: name, value: value)
            }
        }
        var history = History()
        var previous = 0
        for record in records {
            guard let epoch = record["epoch"] as? Int, epoch > previous, epoch <= History.maximumEpochNumber, let loss = ExactNumber.float(record["loss"]),
                  let complete = record["complete"] as? Bool else { throw fail("records are malformed") }
            previous = epoch
            history.epochs.append(EpochRecord(
                epoch: epoch, loss: loss, accuracy: try optional(record, "accuracy"),
                validationLoss: try optional(record, "val_loss"), validationAccuracy: try optional(record, "val_accuracy"),
                learningRate: try optional(record, "lr"), isComplete: complete,
                metrics: version >= 2 ? try metrics(of: record) : []))
        }
        guard history.epochs.count == records.count else { throw fail("records are more than \(History.maximumRecords)") }
        history.spacing = spacing
        history.recordedEpochs = recorded
        history.completedEpochs = completed
        history.duration = duration
        if let stop = entry["stop"] { history.stopReason = try StopReason(checkpointEntry: stop, path: path) }
        if let restored = entry["restored_epoch"] {
            guard let epoch = restored as? Int, (1 ... History.maximumEpochNumber).contains(epoch) else { throw fail("restored epoch is malformed") }
            history.restoredEpoch = epoch
        }
        if let step = entry["step"] { history.step = try TrainingStep(checkpointEntry: step, path: path) }
        return history
    }
}

extension EpochRecord {
    /// The same record with its epoch number moved on by `offset`.
    public func renumbered(by offset: Int) -> EpochRecord {
        EpochRecord(epoch: epoch + offset, loss: loss, accuracy: accuracy, validationLoss: validationLoss,
                    validationAccuracy: validationAccuracy, learningRate: learningRate, isComplete: isComplete,
                    metrics: metrics)
    }
}

extension StopReason {
    func renumbered(by offset: Int) -> StopReason {
        switch self {
        case let .requested(epoch, batch): return .requested(epoch: epoch + offset, batch: batch)
        case let .nonFiniteLoss(epoch, batch): return .nonFiniteLoss(epoch: epoch + offset, batch: batch)
        case let .earlyStopping(epoch, monitor, best, patience):
            return .earlyStopping(epoch: epoch + offset, monitor: monitor, best: best + offset, patience: patience)
        case let .baselineNotReached(epoch, monitor, baseline, best, patience):
            return .baselineNotReached(epoch: epoch + offset, monitor: monitor, baseline: baseline, best: best + offset, patience: patience)
        }
    }

    func checkpointEntry() -> [String: Any] {
        switch self {
        case let .requested(epoch, batch): return ["kind": "requested", "epoch": epoch, "batch": batch]
        case let .nonFiniteLoss(epoch, batch): return ["kind": "non_finite_loss", "epoch": epoch, "batch": batch]
        case let .earlyStopping(epoch, monitor, best, patience):
            return ["kind": "early_stopping", "epoch": epoch, "monitor": monitor, "best": best, "patience": patience]
        case let .baselineNotReached(epoch, monitor, baseline, best, patience):
            return ["kind": "baseline_not_reached", "epoch": epoch, "monitor": monitor, "baseline": ExactNumber.encode(baseline),
                    "best": best, "patience": patience]
        }
    }

    init(checkpointEntry any: Any, path: String) throws {
        let range = 0 ... History.maximumEpochNumber
        guard let entry = any as? [String: Any], let epoch = entry["epoch"] as? Int, range.contains(epoch) else {
            throw EngineError.file(path: path, "the history's stop reason is malformed")
        }
        if let kind = entry["kind"] as? String, ["early_stopping", "baseline_not_reached"].contains(kind) {
            guard let monitor = entry["monitor"] as? String, let best = entry["best"] as? Int, range.contains(best),
                  let patience = entry["patience"] as? Int, patience >= 0 else {
                throw EngineError.file(path: path, "the history's stop reason is malformed")
            }
            guard kind == "baseline_not_reached" else {
                self = .earlyStopping(epoch: epoch, monitor: monitor, best: best, patience: patience)
                return
            }
            guard let baseline = ExactNumber.double(entry["baseline"]), baseline.isFinite else {
                throw EngineError.file(path: path, "the history's stop reason is malformed")
            }
            self = .baselineNotReached(epoch: epoch, monitor: monitor, baseline: baseline, best: best, patience: patience)
            return
        }
        guard let batch = entry["batch"] as? Int, batch >= 0 else {
            throw EngineError.file(path: path, "the history's stop reason is malformed")
        }
        switch entry["kind"] as? String {
        case "requested": self = .requested(epoch: epoch, batch: batch)
        case "non_finite_loss": self = .nonFiniteLoss(epoch: epoch, batch: batch)
        default: throw EngineError.file(path: path, "the history's stop reason is of an unknown kind")
        }
    }
}

extension TrainingStep {
    func checkpointEntry() -> [String: Any] {
        switch self {
        case .fusedDense: return ["kind": "fused_dense"]
        case .layerKernels(let fused):
            return ["kind": "layer_kernels", "fused": fused.map { [$0.lowerBound, $0.upperBound] }]
        case .autodiff(let reason): return ["kind": "autodiff", "reason": reason]
        }
    }

    init(checkpointEntry any: Any, path: String) throws {
        let entry = any as? [String: Any]
        switch entry?["kind"] as? String {
        case "fused_dense": self = .fusedDense
        case "layer_kernels":
            // Checkpoints written before fused runs were recorded have no "fused" list.
            let runs = entry?["fused"] as? [[Int]] ?? []
            guard runs.allSatisfy({ $0.count == 2 && 1 <= $0[0] && $0[0] <= $0[1] }) else {
                throw EngineError.file(path: path, "the history's training step is malformed")
            }
            self = .layerKernels(fused: runs.map { $0[0] ... $0[1] })
        case "autodiff": self = .autodiff(reason: entry?["reason"] as? String ?? "")
        default: throw EngineError.file(path: path, "the history's training step is malformed")
        }
    }
}
