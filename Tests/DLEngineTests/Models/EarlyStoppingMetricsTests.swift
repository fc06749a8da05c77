import Testing
@testable import DLEngine

/// Early stopping on the metrics a fit records (`monitor=val_f1`), `mode=auto`'s direction for each, and
/// Keras's `baseline`, on histories written down by hand and in a real fit.
@Suite struct EarlyStoppingMetricsTests {
    /// A record whose only figures besides the loss are the metrics `figures` (name → value).
    static func record(_ epoch: Int, _ figures: [String: Float]) -> EpochRecord {
        EpochRecord(epoch: epoch, loss: figures["loss"] ?? 1, accuracy: 0.5, validationLoss: figures["val_loss"] ?? 1,
                    validationAccuracy: figures["val_accuracy"] ?? 0.5, isComplete: true,
                    metrics: figures.filter { !["loss", "val_loss", "val_accuracy"].contains($0.key) }
                        .sorted { $0.key < $1.key }.map { MetricFigure(name: $0.key, value: $0.value) })
    }

    /// Feeds `values` as the figure `name`; the epoch it stops at (or nil) and the best epoch.
    static func stopEpoch(_ name: String, _ values: [Float], _ rule: EarlyStopping,
                          metrics: [ClassificationMetric] = [.score(.f1, .macro)]) throws -> (stop: Int?, best: Int?) {
        var tracker = try EarlyStoppingTracker(rule, hasValidation: true,
                                               recorded: TrainingMonitor.recordedFigures(metrics: metrics, hasValidation: true))
        for (i, value) in values.enumerated()
        where tracker.observe(record(i + 1, [name: value]), epoch: i + 1, weights: { [] }) == .stop {
            return (i + 1, tracker.bestEpoch)
        }
        return (nil, tracker.bestEpoch)
    }

    @Test func aMetricIsWatchedInTheDirectionItImproves() throws {
        let f1: [Float] = [0.50, 0.60, 0.70, 0.69, 0.705, 0.68, 0.72]
        // mode auto maximizes F1. min_delta 0.01: best 0.50 (e1), 0.60 (e2), 0.70 (e3); e4: 0.69 − 0.01 ≯ 0.70,
        // wait 1; e5: 0.705 − 0.01 = 0.695 ≯ 0.70 (better by less than min_delta), wait 2 = patience: stop
        // after epoch 5, best epoch 3.
        #expect(try Self.stopEpoch("val_f1", f1, EarlyStopping(monitor: "val_f1", patience: 2, minDelta: 0.01)) == (5, 3))
        // min_delta 0: e5's 0.705 is a new best, e6 waits 1, e7's 0.72 is a new best: it never stops.
        #expect(try Self.stopEpoch("val_f1", f1, EarlyStopping(monitor: "val_f1", patience: 2)) == (nil, 7))
        // patience 1: e4 does not improve on e3, wait 1: stop after epoch 4.
        #expect(try Self.stopEpoch("val_f1", f1, EarlyStopping(monitor: "val_f1", patience: 1)) == (4, 3))
        // The training figure, without val_, the same way.
        #expect(try Self.stopEpoch("f1", f1, EarlyStopping(monitor: "f1", patience: 1)) == (4, 3))
        // mode min turns it round: e1 is the best, e2 and e3 wait: stop after epoch 3.
        #expect(try Self.stopEpoch("val_f1", f1, EarlyStopping(monitor: "val_f1", patience: 2, mode: "min")) == (3, 1))
        // top-2 accuracy grows too: 0.8, 0.9, 0.85, 0.88 with patience 2 stops after epoch 4, best epoch 2.
        #expect(try Self.stopEpoch("val_top2", [0.8, 0.9, 0.85, 0.88], EarlyStopping(monitor: "val_top2", patience: 2),
                                   metrics: [.topK(2)]) == (4, 2))
    }

    @Test func autoModeFollowsKerasDirections() {
        for name in ["accuracy", "val_accuracy", "f1", "val_f1", "precision_weighted", "val_recall_micro", "top2", "val_top5", "r2", "val_r2"] {
            #expect(TrainingMonitor.maximizes(name) == true, "\(name)")
        }
        for name in ["loss", "val_loss", "mae", "val_mae", "rmse", "mse"] { #expect(TrainingMonitor.maximizes(name) == false, "\(name)") }
        for name in ["val_", "f2", "top0", "precision_none", "val_val_loss", ""] { #expect(TrainingMonitor.maximizes(name) == nil, "\(name)") }
    }

    @Test func aBaselineMustBeBeatenWithinThePatience() throws {
        let rule = { (baseline: Double, patience: Int, minDelta: Double) in
            try EarlyStopping(monitor: "val_loss", patience: patience, minDelta: minDelta, baseline: baseline)
        }
        // Every epoch improves on the last but none reaches 0.5: the wait counts 1, 2, 3 and the fit stops
        // after patience = 3 epochs, with epoch 3 the best of them. (Keras 3's code would go on; its docs,
        // and Keras 2, stop here.)
        #expect(try Self.stopEpoch("val_loss", [0.90, 0.80, 0.70, 0.65, 0.60], rule(0.5, 3, 0)) == (3, 3))
        // Epoch 2's 0.45 beats the baseline: the wait starts again there; e3, e4 wait: stop after epoch 4.
        #expect(try Self.stopEpoch("val_loss", [0.90, 0.45, 0.50, 0.55, 0.44, 0.60], rule(0.5, 2, 0)) == (4, 2))
        // Beaten in the last epoch of the patience (e3, 0.49 < 0.5): no stop.
        #expect(try Self.stopEpoch("val_loss", [0.90, 0.80, 0.49], rule(0.5, 3, 0)) == (nil, 3))
        // min_delta applies to the baseline too: 0.495 + 0.01 ≮ 0.5, so e2 is the best but the wait goes on
        // to 2 = patience: stop after epoch 2.
        #expect(try Self.stopEpoch("val_loss", [0.90, 0.495], rule(0.5, 2, 0.01)) == (2, 2))
        // A negative baseline on a loss can never be beaten: patience 1 stops after epoch 2 (never on the
        // first epoch, as Keras).
        #expect(try Self.stopEpoch("val_loss", [0.9, 0.8, 0.7], rule(-1, 1, 0)) == (2, 2))
        // Maximized figures compare the other way: accuracy 0.5 … 0.8 never beats 0.9: stop after epoch 2.
        #expect(try Self.stopEpoch("val_accuracy", [0.5, 0.6, 0.7, 0.8],
                                   EarlyStopping(monitor: "val_accuracy", patience: 2, baseline: 0.9)) == (2, 2))
    }

    @Test func aMonitorTheFitDoesNotRecordIsRefusedListingWhatItRecords() throws {
        let recorded = TrainingMonitor.recordedFigures(metrics: [.score(.f1, .macro), .topK(2)], hasValidation: true)
        #expect(recorded == ["loss", "accuracy", "f1", "top2", "val_loss", "val_accuracy", "val_f1", "val_top2"])
        #expect(TrainingMonitor.recordedFigures(metrics: [.accuracy], hasValidation: false, hasAccuracy: false) == ["loss"])
        #expect(throws: EngineError.invalidArgument("early stopping monitors val_precision, but the fit does not record it (add \"precision\" to metrics=[...] to record it); it can monitor loss, accuracy, f1, top2, val_loss, val_accuracy, val_f1, val_top2")) {
            try EarlyStoppingTracker(try EarlyStopping(monitor: "val_precision", patience: 2), hasValidation: true, recorded: recorded)
        }
        #expect(throws: EngineError.invalidArgument("early stopping monitors accuracy, but the fit does not record it; it can monitor loss")) {
            try EarlyStoppingTracker(try EarlyStopping(monitor: "accuracy", patience: 2), hasValidation: false,
                                     recorded: TrainingMonitor.recordedFigures(hasValidation: false, hasAccuracy: false))
        }
        #expect(throws: EngineError.invalidArgument("early stopping monitors val_f1, but the fit has no validation data (give validation= or validation_split=)")) {
            try EarlyStoppingTracker(try EarlyStopping(monitor: "val_f1", patience: 2), hasValidation: false,
                                     recorded: TrainingMonitor.recordedFigures(metrics: [.score(.f1, .macro)], hasValidation: false))
        }
    }

    @Test func badBaselinesAndMonitorsAreRefused() {
        #expect(throws: EngineError.invalidArgument("early stopping: baseline must be finite, got inf")) {
            try EarlyStopping(patience: 2, baseline: .infinity)
        }
        #expect(throws: EngineError.invalidArgument("early stopping: baseline needs patience=N (the epochs in which to beat it)")) {
            try EarlyStopping(baseline: 0.5, restoreBest: true)
        }
        for bad in ["f2", "top0", "val_", "precision_none", "val_val_f1"] {
            #expect(throws: EngineError.self, "\(bad)") { try EarlyStopping(monitor: bad, patience: 1) }
        }
    }

    /// The spiral, validated on a held-out split, recording F1; `early` stops it.
    static func fit(epochs: Int, early: EarlyStopping?) throws -> History {
        var rng = RandomGenerator(seed: 11)
        let data = try Dataset.spiral(pointsPerClass: 15, classes: 3, using: &rng)
        let model = Sequential([try Linear(inputSize: 2, outputSize: 64, using: &rng), ReLU(),
                                try Linear(inputSize: 64, outputSize: 3, using: &rng)])
        var options = try TrainingOptions(epochs: epochs, batchSize: 8, loss: SoftmaxCrossEntropy(),
                                          optimizer: try Adam(learningRate: 0.05), validation: .split(0.3), earlyStopping: early)
        options.metrics = [.score(.f1, .macro)]
        return try model.fit(data, options: options, using: &rng)
    }

    @Test func aRealFitStopsWhereTheRuleSaysOnItsValidationF1() throws {
        let full = try Self.fit(epochs: 40, early: nil)
        let f1 = full.epochs.compactMap { TrainingMonitor.figure("val_f1", of: $0) }
        #expect(f1.count == 40)
        let rule = try EarlyStopping(monitor: "val_f1", patience: 3)
        let (stop, best) = try Self.stopEpoch("val_f1", f1, rule)
        let stopped = try #require(stop, "val_f1 should stop improving within 40 epochs: \(f1)")
        let early = try Self.fit(epochs: 40, early: rule)
        #expect(early.epochs == Array(full.epochs.prefix(stopped)))
        #expect(early.stopReason == .earlyStopping(epoch: stopped, monitor: "val_f1", best: try #require(best), patience: 3))
        // With a baseline no epoch beats, the stop says so.
        let unreachable = try Self.fit(epochs: 40, early: try EarlyStopping(monitor: "val_f1", patience: 3, baseline: 2))
        #expect(unreachable.epochs == Array(full.epochs.prefix(3)))
        let bestOfThree = f1.prefix(3).enumerated().max { $0.element < $1.element }.map { $0.offset + 1 }
        #expect(unreachable.stopReason == .baselineNotReached(epoch: 3, monitor: "val_f1", baseline: 2, best: try #require(bestOfThree), patience: 3))
        // A monitor the fit does not record is refused before anything is trained.
        #expect(throws: EngineError.self) { try Self.fit(epochs: 2, early: try EarlyStopping(monitor: "val_top2", patience: 1)) }
    }
}
