import DLEngine
import Testing
@testable import DLScript

/// `fit ... monitor=val_f1 baseline=X` from the language: any figure the fit records can be monitored,
/// `baseline=` is Keras's, and every bad setting is refused at its keyword before anything is trained.
@Suite struct EarlyStoppingKeywordTests {
    func failure(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        TrainingLoopTests().failure(source, sourceLocation: sourceLocation)
    }

    @Test func badMonitorsAndBaselinesAreRefusedAtTheirKeyword() {
        // A metric the fit does not record: the error names it and lists what can be monitored.
        #expect(failure("fit epochs=3 patience=2 monitor=val_f1 validation_split=0.2")
            == "25: fit: early stopping monitors val_f1, but the fit does not record it (add \"f1\" to metrics=[...] to record it); it can monitor loss, accuracy, val_loss, val_accuracy")
        #expect(failure("fit epochs=3 patience=2 monitor=val_precision validation_split=0.2 metrics=[f1, \"top2\"]")
            == "25: fit: early stopping monitors val_precision, but the fit does not record it (add \"precision\" to metrics=[...] to record it); it can monitor loss, accuracy, f1, top2, val_loss, val_accuracy, val_f1, val_top2")
        #expect(failure("fit epochs=3 patience=2 monitor=val_f1 metrics=[f1]")
            == "25: fit: early stopping monitors val_f1, but the fit has no validation data (give validation= or validation_split=)")
        #expect(failure("fit epochs=3 patience=2 monitor=f2")
            == "25: fit: early stopping: unknown monitor 'f2'; it watches loss, accuracy or a metric of metrics=[...] (precision, recall or f1, with _micro or _weighted; top2, top3, ...), with val_ in front for its validation figure")
        #expect(failure("fit epochs=3 patience=2 monitor=3") == "25: fit: monitor must be a string, not a number")
        // baseline: a number, with a patience.
        #expect(failure("fit epochs=3 patience=2 baseline=true") == "25: fit: baseline must be a number (the value the monitored figure must beat), not a boolean")
        #expect(failure("fit epochs=3 patience=2 baseline=\"0.5\"") == "25: fit: baseline must be a number, not a string")
        #expect(failure("fit epochs=3 baseline=0.5")
            == "14: fit: baseline= refines early stopping; give patience=N (stop after N epochs without improvement) or restore_best=true too")
        #expect(failure("fit epochs=3 restore_best=true baseline=0.5")
            == "32: fit: early stopping: baseline needs patience=N (the epochs in which to beat it)")
        #expect(failure("fit epochs=3 patience=1 baseline=(1/0)") == "25: fit: early stopping: baseline must be finite, got inf")
    }

    @Test func aNegativeBaselineOnALossStopsAfterThePatience() {
        let session = TrainingLoopTests().session()
        // No loss goes below -1: patience 1 stops after epoch 2 (never after the first, as Keras).
        let out = session.run("fit epochs=10 batch=20 patience=1 baseline=-1 verbose=2")[0]
        let lines = (out.output ?? "").split(separator: "\n").map(String.init)
        #expect(out.error == nil && lines.count == 3)
        #expect(lines.last?.hasSuffix("(stopped early at epoch 2: loss had not beaten the baseline -1.0 in 1 epoch (the best: epoch 2))") == true, "\(lines)")
    }

    @Test func validationF1IsMonitoredAndPrinted() throws {
        let session = TrainingLoopTests().session()
        let out = session.run("fit epochs=30 batch=10 validation_split=0.25 metrics=[f1] patience=2 monitor=val_f1 restore_best=true verbose=2")
        #expect(out.allSatisfy { $0.error == nil })
        let lines = (out.first?.output ?? "").split(separator: "\n").map(String.init)
        #expect(lines.first?.contains(" - f1 ") == true && lines.first?.contains(" - val_f1 ") == true)
        // The rule worked by hand on the printed val_f1 figures (patience 2, min_delta 0, maximized).
        let epochs = lines.dropLast()
        let f1 = epochs.compactMap { line in line.components(separatedBy: " - val_f1 ").last.flatMap { Double($0.prefix { $0 != " " }) } }
        #expect(f1.count == epochs.count)
        var (best, bestEpoch, wait, stop) = (-Double.infinity, 0, 0, nil as Int?)
        for (i, value) in f1.enumerated() {
            wait += 1
            if value > best { (best, bestEpoch, wait) = (value, i + 1, 0) } else if wait >= 2 && i > 0 { stop = i + 1; break }
        }
        let stopped = try #require(stop, "val_f1 should stop improving within 30 epochs: \(f1)")
        #expect(epochs.count == stopped)
        #expect(lines.last?.hasSuffix("(stopped early at epoch \(stopped): val_f1 had not improved for 2 epochs since epoch \(bestEpoch); restored the weights of epoch \(bestEpoch))") == true, "\(lines)")
    }
}
