import DLEngine
import Testing
@testable import DLScript

/// `fit verbose=2` shows each epoch's line as the epoch ends (to ``Session/onStreamedOutput``, which the
/// REPL, `-e`, stdin and `dlnb run` print), not when the fit returns; the statement's output, what a
/// notebook records, keeps the same text.
@Suite struct VerboseLiveTests {
    /// 60 samples in batches of 30: two batches, so two polls for Ctrl-C, per epoch.
    static let setup = """
        seed 3
        data = spiral 20 3
        model = sequential
        model.add(linear 2 8)
        model.add(relu)
        model.add(linear 8 3)
        opt = sgd lr=0.1
        """

    /// Runs `statement` after the setup, recording in one list, in order, each poll for Ctrl-C (one after
    /// every batch) as "batch" and each streamed line as itself.
    func events(_ statement: String) -> (events: [String], outcome: Session.Outcome) {
        let session = Session()
        for outcome in session.run(VerboseLiveTests.setup) where outcome.error != nil { Issue.record("setup: \(outcome.error!.message)") }
        var events: [String] = []
        session.isInterruptRequested = { events.append("batch"); return false }
        session.onStreamedOutput = { events.append($0) }
        let outcome = session.run(statement)[0]
        return (events, outcome)
    }

    @Test func eachEpochsLineComesBeforeTheNextEpochsBatches() {
        let (events, outcome) = events("fit epochs=3 batch=30 verbose=2")
        #expect(outcome.error == nil)
        let lines = events.filter { $0 != "batch" }
        #expect(lines.count == 3 && lines.enumerated().allSatisfy { $0.element.hasPrefix("epoch \($0.offset + 1)/3 - loss ") })
        // The order: two batches, epoch 1's line, two batches, epoch 2's line, ... (no line waits for the fit).
        #expect(events.map { $0 == "batch" ? $0 : String($0.prefix(9)) }
                == ["batch", "batch", "epoch 1/3", "batch", "batch", "epoch 2/3", "batch", "batch", "epoch 3/3"])
        // The statement's output holds the same lines, first, then the summary; the runner skips the ones
        // it already printed.
        let output = (outcome.output ?? "").split(separator: "\n").map(String.init)
        #expect(Array(output.prefix(3)) == lines && output.count == 4 && output[3].hasPrefix("trained 3 epochs in "))
        #expect(outcome.streamedLines == 3)
    }

    @Test func theOutputIsTheSameTextWithOrWithoutALiveSink() {
        let live = events("fit epochs=3 batch=30 verbose=2 validation_split=0.2").outcome.output
        let session = Session()
        _ = session.run(VerboseLiveTests.setup)
        let quiet = session.run("fit epochs=3 batch=30 verbose=2 validation_split=0.2")[0]
        #expect(quiet.streamedLines == 0)
        #expect(OutputComparison.withoutVariableParts(live ?? "") == OutputComparison.withoutVariableParts(quiet.output ?? ""))
    }

    @Test func linesShownBeforeTheFitInTheSameStatementStayInOrder() {
        // A line the statement showed before the fit is streamed ahead of the first epoch's line, so the
        // streamed lines are always the first lines of the output.
        let (events, outcome) = events("[print(\"before\"), fit(epochs=2, batch=60, verbose=2)]")
        #expect(outcome.error == nil)
        let lines = events.filter { $0 != "batch" }
        #expect(lines.count == 3 && lines[0] == "before" && lines[1].hasPrefix("epoch 1/2"))
        let output = (outcome.output ?? "").split(separator: "\n").map(String.init)
        #expect(Array(output.prefix(3)) == lines && outcome.streamedLines == 3)
    }

    @Test func verboseZeroAndOneStreamNothing() {
        #expect(events("fit epochs=2 batch=30 verbose=1").events.allSatisfy { $0 == "batch" })
        #expect(events("fit epochs=2 batch=30 verbose=0").events.allSatisfy { $0 == "batch" })
    }
}
