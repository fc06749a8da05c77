import Testing
@testable import DLScript

/// `:save` writes a notebook that `dlnb check` passes: failed statements are recorded with their errors
/// (which a replay then expects, and which change nothing), and a `fit` stopped by Ctrl-C as the `fit`
/// that trains exactly as much.
@Suite struct SaveReplayTests {
    /// Records every statement of `lines` as the REPL does and returns the saved notebook's text.
    func save(_ session: Session, _ lines: [String]) -> String {
        var recorder = NotebookRecorder(seed: session.seed)
        for line in lines { for outcome in session.run(line) { recorder.record(outcome) } }
        return recorder.notebook.rendered()
    }

    /// Replays `text` in a fresh session as `dlnb check` does.
    @discardableResult
    func check(_ text: String) throws -> NotebookReplay {
        let replay = NotebookReplay(try Notebook.parse(text, path: "saved.dlnb"), session: Session())
        #expect(replay.failures.isEmpty, "unexpected errors: \(replay.failures.map(\.error.message))")
        #expect(replay.matchesRecording(relativeTolerance: 1e-6), "replay differs:\n\(replay.replayed.rendered())")
        return replay
    }

    @Test func theIssuesSessionReplays() throws {
        let text = save(Session(), ["seed 5", "m = sequential", "m.add(linear 2 4)", "m.add(linear 3 2)", "r = randn 3", "r"])
        #expect(text.contains("m.add(linear 3 2)\n#> error: add: "))
        try check(text)
    }

    @Test func severalStatementsOnALineAreSavedOneByOne() throws {
        let text = save(Session(), ["seed 1; x = randn 2; y = x + \"a\"; x  # the draw"])
        #expect(text.contains("\nx  # the draw\n#> ["))
        try check(text)
    }

    @Test func anInterruptedFitIsSavedAsWhatRan() throws {
        let session = Session()
        var batches = 0
        // Ctrl-C during the 7th batch: with 60 samples in batches of 10, epoch 2's first batch.
        session.isInterruptRequested = {
            batches += 1
            return batches >= 7
        }
        let lines = ["seed 4", "data = spiral 20 3", "model = sequential", "model.add(linear 2 8)", "model.add(relu)",
                     "model.add(linear 8 3)", "opt = sgd lr=0.1 momentum=0.9",
                     "h = fit model data epochs=50 batch=10 optimizer=opt", "h.loss", "predict model (tensor [[0.3, 0.1]])"]
        let text = save(session, lines)
        #expect(text.contains("\nh = fit model data epochs=2 stop_after_batch=1 batch=10 optimizer=opt\n"))
        #expect(session.run("h.epochs").first?.output == "1")
        let replay = try check(text)
        #expect(!replay.interrupted)
    }

    @Test func rewritingAStoppedFit() {
        let stop = FitRecording.Stop(epoch: 3, batch: 7)
        #expect(FitRecording.rewrite("fit epochs=200", stoppedAt: stop) == "fit epochs=3 stop_after_batch=7")
        #expect(FitRecording.rewrite("fit(model, data, epochs=20)", stoppedAt: stop) == "fit(model, data, epochs=3, stop_after_batch=7)")
        #expect(FitRecording.rewrite("h = fit model data  # note", stoppedAt: stop) == "h = fit model data epochs=3 stop_after_batch=7  # note")
        #expect(FitRecording.rewrite("fit(model, data)", stoppedAt: stop) == "fit(model, data, epochs=3, stop_after_batch=7)")
        #expect(FitRecording.rewrite("fit()", stoppedAt: stop) == "fit(epochs=3, stop_after_batch=7)")
        #expect(FitRecording.rewrite("fit epochs=n", stoppedAt: stop) == nil)
        #expect(FitRecording.rewrite("fit epochs=5 * 2", stoppedAt: stop) == nil)
        let whole = FitRecording.Stop(epoch: 3, batch: 6)
        #expect(FitRecording.rewrite("fit epochs=200 batch=10;", stoppedAt: whole) == "fit epochs=3 stop_after_batch=6 batch=10;")
    }
}
