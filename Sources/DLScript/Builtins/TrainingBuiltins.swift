import DLEngine

let trainingBuiltins: [Builtin] = [
    Builtin("fit", "fit [MODEL] [DATA] [epochs=1] [batch=32] [optimizer=OPT] [loss=LOSS] [shuffle=true] [l1=0] [l2=0] [validation=DATA] [validation_split=F] [stop_after_batch=B] [verbose=1] [checkpoint=FILE] [every=N]",
            "Trains a model on a data set in shuffled mini-batches; without names it uses the session's current model, data, optimizer and loss. stop_after_batch=B ends the last epoch after its batch B (how :save records a fit stopped by Ctrl-C). On a terminal a progress line and a live loss curve follow the fit; verbose=0 turns them off. checkpoint=FILE every=N saves a checkpoint (see checkpoint) every N epochs (default: a tenth of the epochs) and when the fit ends.",
            example: "fit model data epochs=200 batch=20 optimizer=opt loss=softmax_ce\nfit epochs=50",
            category: .training,
            keywords: ["epochs", "batch", "optimizer", "loss", "shuffle", "l1", "l2", "validation", "validation_split", "stop_after_batch", "verbose", "checkpoint", "every"]) { call in
        let (model, data) = try call.modelAndData()
        let session = call.session
        let optimizer: any Optimizer
        if let entry = call.keywords["optimizer"] {
            guard case .optimizer(let o) = entry.value else {
                throw call.typeError(entry, expected: "an optimizer (\(OptimizerRegistry.names.joined(separator: ", ")))", what: "optimizer")
            }
            optimizer = o
        } else if let current = session.currentOptimizer {
            optimizer = current
        } else {
            optimizer = try SGD(learningRate: 0.01)
        }
        let loss = try call.loss(for: model, data)
        var validation: Validation?
        if let entry = call.keywords["validation"] {
            guard case .dataset(let d) = entry.value else { throw call.typeError(entry, expected: "a data set", what: "validation") }
            validation = .data(d)
        } else if call.has("validation_split") {
            validation = .split(try call.float(nil, "validation_split", "validation_split"))
        }
        let options = try TrainingOptions(
            epochs: try call.integer(nil, "epochs", "epochs", default: 1),
            batchSize: try call.integer(nil, "batch", "batch", default: 32),
            shuffle: try call.boolean(nil, "shuffle", "shuffle", default: true),
            loss: loss, optimizer: optimizer,
            regularizer: try Regularizer(l1: try call.float(nil, "l1", "l1", default: 0), l2: try call.float(nil, "l2", "l2", default: 0)),
            validation: validation)
        session.noteCurrent(.model(model))
        session.noteCurrent(.dataset(data))
        session.noteCurrent(.optimizer(optimizer))
        session.noteCurrent(.loss(loss))
        let stopAfterBatch = call.has("stop_after_batch") ? try call.integer(nil, "stop_after_batch", "stop_after_batch") : nil
        if let stopAfterBatch, stopAfterBatch < 1 {
            throw ScriptError("fit: stop_after_batch must be at least 1, not \(stopAfterBatch)", at: call.keywords["stop_after_batch"]?.location ?? call.location)
        }
        let verbose = try call.integer(nil, "verbose", "verbose", default: 1)
        guard verbose == 0 || verbose == 1 else {
            throw ScriptError("fit: verbose must be 0 (no progress display) or 1, not \(verbose)", at: call.keywords["verbose"]?.location ?? call.location)
        }
        let checkpointing = try FitCheckpointing.make(call, model: model, optimizer: optimizer, sampleCount: data.count, options: options)
        var interruptedAt: FitRecording.Stop?
        // Progress only: the figures and the stop request, never the parameters, so the fast step keeps
        // them in its own buffers for the whole fit.
        let history = try model.fit(data, options: options, using: &session.generator, progress: { progress in
            if verbose == 1 { session.onTrainingProgress?(progress) }
            if let stopAfterBatch, progress.epoch == progress.epochs, progress.batch >= stopAfterBatch { return .stop }
            guard session.isInterruptRequested() else { return .proceed }
            interruptedAt = FitRecording.Stop(epoch: progress.epoch, batch: progress.batch)
            return .stop
        }, onEpoch: checkpointing.map { saver in { saver.epochEnded($0) } })
        checkpointing?.fitEnded(history)
        if case .requested? = history.stopReason, let interruptedAt {
            session.wasInterrupted = true
            session.interruptedFit = interruptedAt
        }
        // After a resume: this fit's epochs numbered on; `plot loss` draws the whole run.
        let shown = session.recordFit(of: model, history)
        session.currentHistory = session.trainingRun?.history ?? shown
        return .history(shown)
    },
]
