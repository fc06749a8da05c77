import DLEngine
import Foundation

/// The keywords of `fit` beyond the data, optimizer and loss: early stopping (Keras's names, as separate
/// keywords), the verbosity, and the per-epoch lines of `verbose=2`.
extension Call {
    /// The early-stopping keywords: `patience=N` stops after N epochs without improvement; `monitor=`,
    /// `min_delta=`, `mode=`, `baseline=`, `start_from_epoch=` refine what counts; `restore_best=true` puts back the
    /// best epoch's weights at the end (with or without `patience=`). `nil` when none is given.
    func earlyStopping() throws -> EarlyStopping? {
        let keys = ["patience", "monitor", "min_delta", "mode", "baseline", "restore_best", "start_from_epoch"]
        guard keys.contains(where: has) else { return nil }
        if !has("patience") && !has("restore_best") {
            let given = keys.first(where: has)!
            throw ScriptError("fit: \(given)= refines early stopping; give patience=N (stop after N epochs without improvement) or restore_best=true too",
                              at: keywords[given]?.location ?? location)
        }
        let patience = has("patience") ? try integer(nil, "patience", "patience") : nil
        if let entry = keywords["baseline"], case .boolean = entry.value {
            throw typeError(entry, expected: "a number (the value the monitored figure must beat)", what: "baseline")
        }
        let rule = { try EarlyStopping(
            monitor: try string(nil, "monitor", "monitor", default: "auto"), patience: patience,
            minDelta: try number(nil, "min_delta", "min_delta", default: 0), mode: try string(nil, "mode", "mode", default: "auto"),
            baseline: has("baseline") ? try number(nil, "baseline", "baseline") : nil,
            restoreBest: try boolean(nil, "restore_best", "restore_best", default: false),
            startFromEpoch: try integer(nil, "start_from_epoch", "start_from_epoch", default: 0)) }
        do { return try rule() } catch let error as EngineError {
            // The engine's message names the setting; the error points at its keyword.
            let text = error.description
            let place = keys.first { text.contains(" \($0) ") || text.contains("\($0) must") || text.contains("\($0) needs")
                || ($0 == "monitor" && text.contains("monitor '")) }
                .flatMap { keywords[$0]?.location } ?? location
            throw ScriptError("fit: " + text, at: place)
        }
    }

    /// `verbose=0|1|2`, Keras's: 0 silent, 1 the progress bar and live curve (on a terminal), 2 one line per epoch.
    func verbosity() throws -> Int {
        let verbose = try integer(nil, "verbose", "verbose", default: 1)
        guard (0...2).contains(verbose) else {
            throw ScriptError("fit: verbose must be 0 (silent), 1 (progress bar) or 2 (one line per epoch), not \(verbose)",
                              at: keywords["verbose"]?.location ?? location)
        }
        return verbose
    }
}

extension Session {
    /// `verbose=2`'s line for an epoch: `epoch 3/10 - loss 0.4123 - accuracy 0.83 - val_loss 0.5 -
    /// val_accuracy 0.8 - lr 0.1`, each figure a number alone (``NumberFormat``). No durations, so a notebook replays it byte for byte.
    static func epochLine(_ record: EpochRecord, of epochs: Int) -> String {
        var parts = ["epoch \(record.epoch)/\(epochs)", "loss \(NumberFormat.string(record.loss))"]
        if let a = record.accuracy { parts.append("accuracy \(NumberFormat.string(a))") }
        parts += record.metrics.filter { !$0.name.hasPrefix("val_") }.map { "\($0.name) \(NumberFormat.string($0.value))" }
        if let l = record.validationLoss { parts.append("val_loss \(NumberFormat.string(l))") }
        if let a = record.validationAccuracy { parts.append("val_accuracy \(NumberFormat.string(a))") }
        parts += record.metrics.filter { $0.name.hasPrefix("val_") }.map { "\($0.name) \(NumberFormat.string($0.value))" }
        if let lr = record.learningRate { parts.append("lr \(format(Double(lr)))") }
        return parts.joined(separator: " - ") + (record.isComplete ? "" : " (stopped part-way)")
    }
}

extension Session {
    /// What `fit` does as each epoch ends: `verbose=2` shows the epoch's line at once (to
    /// ``onStreamedOutput``: the REPL, `-e` and a pipe print it as the epoch ends, a notebook's output keeps
    /// it in order), and a checkpoint may be saved. `nil` when neither applies, so a fit keeps its
    /// parameters in its fast step's buffers between epochs.
    func epochCallback(verbose: Int, epochs: Int, checkpointing: FitCheckpointing?) -> ((EpochRecord) -> Void)? {
        guard verbose == 2 || checkpointing != nil else { return nil }
        return { [self] record in
            checkpointing?.epochEnded(record)
            if verbose == 2 { emit(Session.epochLine(record, of: epochs), live: true) }
        }
    }
}

extension Call {
    /// Runs the engine's fit, pointing its errors about the schedule or early stopping at their keywords.
    func wrapEngine<R>(_ body: () throws -> R) throws -> R {
        do { return try body() } catch let error as EngineError {
            let text = error.description
            var place = location
            if let entry = keywords["schedule"], case .schedule(let schedule) = entry.value, text.hasPrefix(schedule.name) {
                place = entry.location
            } else if text.hasPrefix("metrics"), let entry = keywords["metrics"] {
                place = entry.location
            } else if text.hasPrefix("early stopping"),
                      let entry = keywords["monitor"] ?? keywords["patience"] ?? keywords["restore_best"] {
                place = entry.location
            }
            throw ScriptError(text.hasPrefix("fit:") ? text : "fit: " + text, at: place)
        }
    }
}
