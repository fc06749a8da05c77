import DLEngine
import Foundation
import Testing
@testable import DLScript

/// The training-loop statements: schedules, early stopping and `verbose=2` from the language, and every
/// bad setting refused with a one-line error at its keyword, leaving the session as it was.
@Suite struct TrainingLoopTests {
    static let setup = """
        seed 3
        data = spiral 20 3
        model = sequential
        model.add(linear 2 16)
        model.add(relu)
        model.add(linear 16 3)
        opt = sgd lr=0.1
        """

    func session() -> Session {
        let session = Session()
        for outcome in session.run(TrainingLoopTests.setup) where outcome.error != nil { Issue.record("setup: \(outcome.error!.message)") }
        return session
    }

    /// The error of `source`, as `line:column: message`; the weights and the schedule's step count are
    /// unchanged afterwards.
    func failure(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        let session = session()
        _ = session.run("sched = step_lr step_size=2")
        let before = session.run("predict model (tensor [[0.3, 0.2]])\nsched.steps").map(\.output)
        guard let error = session.run(source).compactMap(\.error).first else {
            Issue.record("expected an error from \(source)", sourceLocation: sourceLocation)
            return ""
        }
        let after = session.run("predict model (tensor [[0.3, 0.2]])\nsched.steps").map(\.output)
        #expect(before == after, "the failed statement changed the session", sourceLocation: sourceLocation)
        return "\(error.location.column): \(error.message)"
    }

    @Test func badSettingsAreRefusedAtTheirKeyword() {
        #expect(failure("fit epochs=3 patience=-1") == "14: fit: early stopping: patience must be ≥ 0, got -1")
        #expect(failure("fit epochs=3 patience=2 monitor=val_acc")
            == "25: fit: early stopping: unknown monitor 'val_acc'; it watches loss, accuracy or a metric of metrics=[...] (precision, recall or f1, with _micro or _weighted; top2, top3, ...), with val_ in front for its validation figure")
        #expect(failure("fit epochs=3 patience=2 monitor=val_loss")
            == "25: fit: early stopping monitors val_loss, but the fit has no validation data (give validation= or validation_split=)")
        #expect(failure("fit epochs=3 patience=2 mode=up") == "25: fit: early stopping: mode must be min, max or auto, not 'up'")
        #expect(failure("fit epochs=3 min_delta=0.1")
            == "14: fit: min_delta= refines early stopping; give patience=N (stop after N epochs without improvement) or restore_best=true too")
        #expect(failure("fit epochs=3 verbose=5") == "14: fit: verbose must be 0 (silent), 1 (progress bar) or 2 (one line per epoch), not 5")
        #expect(failure("fit epochs=3 schedule=opt").hasPrefix("14: fit: schedule must be a schedule (step_lr, multi_step_lr, "))
        #expect(failure("fit epochs=3 schedule=(step_lr stepsize=3)") == "32: unknown keyword 'stepsize' for step_lr; did you mean 'step_size'?")
        #expect(failure("fit epochs=3 schedule=(cosine_annealing_lr t_max=0)") == "44: cosine_annealing_lr: t_max must be a whole number ≥ 1, got 0")
        #expect(failure("s = exponential_lr gamma=-0.5") == "20: exponential_lr: gamma must be a finite number > 0, got -0.5")
        #expect(failure("s = one_cycle_lr max_lr=0.1 total_steps=10 anneal_strategy=cosine")
            == "44: one_cycle_lr: anneal_strategy must be one of \"cos\", \"linear\", got \"cosine\"")
        #expect(failure("s = multi_step_lr milestones=[2, 1.5]") == "19: multi_step_lr: milestones must be a whole number, not 1.5")
        #expect(failure("s = step_lr") == "5: step_lr: missing step_size= (usage: step_lr step_size=... [gamma=0.1])")
        #expect(failure("s = nosuch_lr step_size=2").hasPrefix("5: unknown name 'nosuch_lr'"))
        // A schedule shorter than the run: 60 samples in batches of 32 is 2 steps an epoch, 10 epochs 20 steps.
        #expect(failure("fit epochs=10 schedule=(one_cycle_lr max_lr=0.1 total_steps=15)")
            == "15: fit: one_cycle_lr: the fit takes 20 steps (one per batch) but only 15 of total_steps=15 are left; give a larger total_steps (epochs × batches per epoch) or train fewer epochs")
        #expect(failure("fit epochs=3 schedule=(reduce_lr_on_plateau monitor=val_loss)")
            == "14: fit: reduce_lr_on_plateau monitors val_loss, but the fit has no validation data (give validation= or validation_split=)")
        #expect(failure("plot schedule reduce_lr_on_plateau \"k.png\"").hasPrefix("15: plot schedule: reduce_lr_on_plateau follows the monitored figure"))
        #expect(failure("plot schedule sched \"k.png\" steps=3") == "29: plot schedule: step_lr steps once per epoch; give epochs=, not steps=")
        #expect(failure("plot schedule sched \"k.png\" epochs=0") == "29: plot schedule: epochs must be between 1 and 100000, not 0")
    }

    @Test func aScheduleContinuesAcrossFitsAndTheHistoryRecordsItsRates() {
        let session = session()
        let out = session.run("""
            sched = step_lr step_size=2 gamma=0.5
            h = fit epochs=3 schedule=sched
            h.lr
            h = fit epochs=3 schedule=sched
            h.lr
            sched.steps
            sched
            """).map { outcome in outcome.error.map { "error: \($0.message)" } ?? outcome.output }
        #expect(out == [nil, nil, "[0.10, 0.10, 0.05]", nil, "[0.050, 0.025, 0.025]", "6",
                        "step_lr step_size=2 gamma=0.5 (step 6)"])
    }

    @Test func verboseTwoPrintsOneLinePerEpochAndRestoreBestIsReported() {
        let session = session()
        // mode=max on the loss: the first epoch is the "best", so patience 2 stops after epoch 3 and the
        // weights of epoch 1 come back.
        let out = session.run("fit epochs=10 batch=10 patience=2 mode=max restore_best=true verbose=2")[0]
        let lines = (out.output ?? "").split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(3)) == ["epoch 1/10 - loss 1.0564 - accuracy 0.3667 - lr 0.1",
                                           "epoch 2/10 - loss 1.0214 - accuracy 0.5 - lr 0.1",
                                           "epoch 3/10 - loss 0.9908 - accuracy 0.5167 - lr 0.1"])
        #expect(lines.count == 4 && lines[3].hasSuffix(": loss 0.9908, accuracy 0.5167 (stopped early at epoch 3: loss had not improved for 2 epochs since epoch 1; restored the weights of epoch 1)"))
        #expect(session.run("h = ans\nh.restored_epoch").last?.output == "1")
        // The same statement in a fresh session gives the same text (nothing varies but the duration).
        let again = Self().session().run("fit epochs=10 batch=10 patience=2 mode=max restore_best=true verbose=2")[0]
        #expect(OutputComparison.withoutVariableParts(again.output ?? "") == OutputComparison.withoutVariableParts(out.output ?? ""))
    }

    @Test func restoreBestGivesTheBestEpochsWeights() {
        // Restoring epoch 1's weights equals training one epoch from the same start.
        let a = session(), b = session()
        _ = a.run("fit epochs=6 batch=10 patience=100 mode=max restore_best=true")
        _ = b.run("fit epochs=1 batch=10")
        let probe = "predict model (tensor [[0.3, 0.2], [-0.5, 0.1]])"
        #expect(a.run(probe).first?.output == b.run(probe).first?.output)
    }
}
