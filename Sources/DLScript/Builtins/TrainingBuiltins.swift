import DLEngine

let trainingBuiltins: [Builtin] = [
    Builtin("fit", "fit [MODEL] [DATA] [epochs=1] [batch=32] [optimizer=OPT] [loss=LOSS] [shuffle=true] [l1=0] [l2=0] [validation=DATA] [validation_split=F] [schedule=SCHED] [patience=N] [monitor=\"auto\"] [min_delta=0] [mode=\"auto\"] [baseline=X] [restore_best=false] [start_from_epoch=0] [stop_after_batch=B] [verbose=1] [checkpoint=FILE] [every=N] [metrics=[NAME...]] [class_weight=[W, ...]]",
            "Trains a model on a data set in shuffled mini-batches; without names it uses the session's current model, data, optimizer and loss. schedule= sets the learning rate as it goes (see Schedules); without it, the optimizer's own schedule (sgd ... schedule=SCHED, opt.schedule = SCHED) runs, and giving both is an error. patience=N stops after N epochs in which the monitored figure (monitor=val_loss, loss, val_accuracy, accuracy, or a metric the fit records: f1, val_f1, val_top2, ...; \"auto\": val_loss with validation data, else loss) did not improve by min_delta (Keras's EarlyStopping; mode=\"auto\" maximizes accuracies, precision, recall, F1 and top-k, minimizes losses); baseline=X also stops it after N epochs if none beat X; restore_best=true then puts back the best epoch's weights when the fit ends, stopped early or not. metrics=[\"precision\", \"f1_weighted\", \"top2\"] records classification metrics every epoch (see Metrics). stop_after_batch=B ends the last epoch after its batch B (how :save records a fit stopped by Ctrl-C). verbose=1: on a terminal a progress line and a live loss curve follow the fit; 0: nothing; 2: one line per epoch, also in notebooks and logs. checkpoint=FILE every=N saves a checkpoint (see checkpoint) every N epochs (default: a tenth of the epochs) and when the fit ends. class_weight=[1, 5, 0.5] (one weight per class, with softmax_ce or bce) scales each sample's training loss by its class's weight, the mean taken over the batch size as Keras does (softmax_ce weight= divides by the weights' sum, as PyTorch); validation reports the unweighted loss.",
            example: "fit model data epochs=200 batch=20 optimizer=opt loss=softmax_ce\nfit epochs=50\nfit epochs=100 validation_split=0.2 patience=10 restore_best=true schedule=(cosine_annealing_lr t_max=100) verbose=2",
            category: .training,
            keywords: ["epochs", "batch", "optimizer", "loss", "shuffle", "l1", "l2", "validation", "validation_split", "schedule", "patience", "monitor", "min_delta", "mode", "baseline", "restore_best", "start_from_epoch", "stop_after_batch", "verbose", "checkpoint", "every", "metrics", "class_weight"],
            wordKeywords: ["monitor", "mode"]) { call in
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
        var options = try TrainingOptions(
            epochs: try call.integer(nil, "epochs", "epochs", default: 1),
            batchSize: try call.integer(nil, "batch", "batch", default: 32),
            shuffle: try call.boolean(nil, "shuffle", "shuffle", default: true),
            loss: try call.classWeighted(loss, data), optimizer: optimizer,
            regularizer: try Regularizer(l1: try call.float(nil, "l1", "l1", default: 0), l2: try call.float(nil, "l2", "l2", default: 0)),
            validation: validation, schedule: try call.fitSchedule(optimizer: optimizer, model: model),
            earlyStopping: try call.earlyStopping())
        options.metrics = try call.metrics()
        if call.has("class_weight") { options.validationLoss = loss }
        session.noteCurrent(.model(model))
        session.noteCurrent(.dataset(data))
        session.noteCurrent(.optimizer(optimizer))
        session.noteCurrent(.loss(loss))
        let stopAfterBatch = call.has("stop_after_batch") ? try call.integer(nil, "stop_after_batch", "stop_after_batch") : nil
        if let stopAfterBatch, stopAfterBatch < 1 {
            throw ScriptError("fit: stop_after_batch must be at least 1, not \(stopAfterBatch)", at: call.keywords["stop_after_batch"]?.location ?? call.location)
        }
        let verbose = try call.verbosity()
        let checkpointing = try FitCheckpointing.make(call, model: model, optimizer: optimizer, sampleCount: data.count, options: options)
        var interruptedAt: FitRecording.Stop?
        // Progress only: the figures and the stop request, never the parameters, so the fast step keeps
        // them in its own buffers for the whole fit. The front end's two callbacks are read once here,
        // not from the session every batch (each read is an access-checked property and a retain).
        let onProgress = verbose == 1 ? session.onTrainingProgress : nil
        let isInterruptRequested = session.isInterruptRequested
        let history = try call.wrapEngine { try model.fit(data, options: options, using: &session.generator, progress: { progress in
            onProgress?(progress)
            if let stopAfterBatch, progress.epoch == progress.epochs, progress.batch >= stopAfterBatch { return .stop }
            guard isInterruptRequested() else { return .proceed }
            interruptedAt = FitRecording.Stop(epoch: progress.epoch, batch: progress.batch)
            return .stop
        }, onEpoch: session.epochCallback(verbose: verbose, epochs: options.epochs, checkpointing: checkpointing)) }
        checkpointing?.fitEnded(history)
        if case .requested? = history.stopReason, let interruptedAt {
            session.wasInterrupted = true
            session.interruptedFit = interruptedAt
        }
        // After a resume: this fit's epochs numbered on; `plot loss` draws the whole run.
        let shown = session.recordFit(of: model, history, schedule: options.schedule)
        session.currentHistory = session.trainingRun?.history ?? shown
        return .history(shown)
    },
]
