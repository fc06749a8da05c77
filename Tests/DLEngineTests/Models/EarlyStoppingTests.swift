import Testing
@testable import DLEngine

/// Early stopping: Keras's rule on a history written down by hand, and in a real fit: where it stops, and
/// that `restoreBest` leaves the model with the weights a fit of exactly the best epoch's length gives,
/// whether the patience ran out or not.
@Suite struct EarlyStoppingTests {
    static func record(_ epoch: Int, validationLoss: Float) -> EpochRecord {
        EpochRecord(epoch: epoch, loss: 1, accuracy: nil, validationLoss: validationLoss, validationAccuracy: nil, isComplete: true)
    }

    /// Feeds `losses` as validation losses; returns the epoch it stops at (or nil) and the best epoch.
    static func stopEpoch(_ losses: [Float], _ rule: EarlyStopping) throws -> (stop: Int?, best: Int?) {
        var tracker = try EarlyStoppingTracker(rule, hasValidation: true)
        for (i, loss) in losses.enumerated() where tracker.observe(record(i + 1, validationLoss: loss), epoch: i + 1, weights: { [] }) == .stop {
            return (i + 1, tracker.bestEpoch)
        }
        return (nil, tracker.bestEpoch)
    }

    @Test func stopsAtTheEpochWorkedOutByHand() throws {
        let losses: [Float] = [1.00, 0.80, 0.70, 0.72, 0.695, 0.70, 0.71, 0.60]
        // patience 2, min_delta 0.01 (mode auto: min for a loss). best ← 1.00 (e1), 0.80 (e2), 0.70 (e3);
        // e4: 0.72 + 0.01 ≮ 0.70, wait 1; e5: 0.695 + 0.01 = 0.705 ≮ 0.70 (better by less than min_delta),
        // wait 2 ≥ patience: stop after epoch 5, best epoch 3.
        #expect(try Self.stopEpoch(losses, EarlyStopping(patience: 2, minDelta: 0.01)) == (5, 3))
        // min_delta 0: e5's 0.695 < 0.70 is a new best; e6, e7 wait 1, 2: stop after epoch 7, best epoch 5.
        #expect(try Self.stopEpoch(losses, EarlyStopping(patience: 2)) == (7, 5))
        // patience 0 stops at the first epoch that does not improve (e4), never on the first epoch.
        #expect(try Self.stopEpoch(losses, EarlyStopping(patience: 0)) == (4, 3))
        // start_from_epoch 3: epochs 1-3 are not watched; e4 (0.72) is the first best, e5 improves,
        // e6 and e7 wait: stop after epoch 7.
        #expect(try Self.stopEpoch(losses, EarlyStopping(patience: 2, startFromEpoch: 3)) == (7, 5))
        // mode max on the same figures: best 1.00 at e1, e2 and e3 wait: stop after epoch 3.
        #expect(try Self.stopEpoch(losses, EarlyStopping(patience: 2, mode: "max")) == (3, 1))
        // Without patience it never stops, but still knows the best epoch (e8, 0.60).
        #expect(try Self.stopEpoch(losses, EarlyStopping(restoreBest: true)) == (nil, 8))
    }

    @Test func accuracyIsMaximizedInAutoMode() throws {
        let tracker = try EarlyStoppingTracker(try EarlyStopping(monitor: "val_accuracy", patience: 1), hasValidation: true)
        #expect(tracker.maximize)
        let loss = try EarlyStoppingTracker(try EarlyStopping(monitor: "auto", patience: 1), hasValidation: false)
        #expect(loss.monitor == "loss" && !loss.maximize)
    }

    /// The spiral with few points and a wide network, validated on a held-out split: its validation loss
    /// falls, then rises as it overfits.
    static func fit(epochs: Int, early: EarlyStopping?) throws -> (History, [Float]) {
        var rng = RandomGenerator(seed: 11)
        let data = try Dataset.spiral(pointsPerClass: 15, classes: 3, using: &rng)
        let model = Sequential([try Linear(inputSize: 2, outputSize: 64, using: &rng), ReLU(),
                                try Linear(inputSize: 64, outputSize: 3, using: &rng)])
        let options = try TrainingOptions(epochs: epochs, batchSize: 8, loss: SoftmaxCrossEntropy(),
                                          optimizer: try Adam(learningRate: 0.05), validation: .split(0.3), earlyStopping: early)
        let history = try model.fit(data, options: options, using: &rng)
        return (history, model.parameters.flatMap(\.data))
    }

    @Test func aRealFitStopsWhereTheRuleSaysAndRestoresTheBestWeights() throws {
        let (full, _) = try Self.fit(epochs: 60, early: nil)
        let losses = full.epochs.compactMap(\.validationLoss)
        // Where the rule stops on the full run's validation losses (the same run up to the stop).
        let (stop, best) = try Self.stopEpoch(losses, EarlyStopping(patience: 5))
        let stopped = try #require(stop), bestEpoch = try #require(best)
        #expect(bestEpoch < stopped && stopped < 60, "the validation loss should rise within 60 epochs: \(losses)")
        let (early, weights) = try Self.fit(epochs: 60, early: try EarlyStopping(patience: 5, restoreBest: true))
        #expect(early.epochs.count == stopped)
        #expect(early.stopReason == .earlyStopping(epoch: stopped, monitor: "val_loss", best: bestEpoch, patience: 5))
        #expect(early.restoredEpoch == bestEpoch)
        #expect(early.epochs == Array(full.epochs.prefix(stopped)))
        // The restored weights are those of a fit that ran exactly to the best epoch.
        let (_, atBest) = try Self.fit(epochs: bestEpoch, early: nil)
        #expect(weights == atBest)
        // Patience that never runs out: the fit runs to its end and still restores the best epoch
        // (the best of the first `stopped` + 3 epochs).
        let end = stopped + 3
        let bestOfRun = losses.prefix(end).enumerated().min { $0.element < $1.element }!.offset + 1
        let (ran, ranWeights) = try Self.fit(epochs: end, early: try EarlyStopping(patience: 1000, restoreBest: true))
        #expect(ran.stopReason == nil && ran.epochs.count == end)
        #expect(ran.restoredEpoch == (bestOfRun == end ? nil : bestOfRun))
        let (_, atBestOfRun) = try Self.fit(epochs: bestOfRun, early: nil)
        #expect(ranWeights == atBestOfRun)
        // Without restore_best the model keeps the last epoch's weights.
        let (kept, keptWeights) = try Self.fit(epochs: 60, early: try EarlyStopping(patience: 5))
        let (_, atStop) = try Self.fit(epochs: stopped, early: nil)
        #expect(kept.restoredEpoch == nil && keptWeights == atStop)
    }

    @Test func badSettingsAreRefusedNamingTheKeyword() {
        #expect(throws: EngineError.invalidArgument("early stopping: patience must be ≥ 0, got -1")) { try EarlyStopping(patience: -1) }
        #expect(throws: EngineError.invalidArgument("early stopping: unknown monitor 'val_acc'; it watches loss, accuracy or a metric of metrics=[...] (precision, recall or f1, with _micro or _weighted; top2, top3, ...), with val_ in front for its validation figure")) {
            try EarlyStopping(monitor: "val_acc")
        }
        #expect(throws: EngineError.invalidArgument("early stopping: mode must be min, max or auto, not 'least'")) { try EarlyStopping(mode: "least") }
        #expect(throws: EngineError.invalidArgument("early stopping: min_delta must be finite, got nan")) { try EarlyStopping(minDelta: .nan) }
        #expect(throws: EngineError.invalidArgument("early stopping: start_from_epoch must be ≥ 0, got -2")) { try EarlyStopping(startFromEpoch: -2) }
        #expect(throws: EngineError.invalidArgument("early stopping monitors val_loss, but the fit has no validation data (give validation= or validation_split=)")) {
            try EarlyStoppingTracker(try EarlyStopping(monitor: "val_loss", patience: 3), hasValidation: false)
        }
    }
}
