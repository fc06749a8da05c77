import Testing
@testable import DLScript

/// A statement that fails leaves the session exactly as it was: names, models and their weights, optimizer
/// state, the random generator. The oracle is a second session that never ran the failing statement: both
/// must then give the same `whos`, the same random draws and the same training results.
@Suite struct TransactionTests {
    /// Runs `lines` one by one and returns the outputs (errors as `error: ...`).
    @discardableResult
    func run(_ session: Session, _ lines: [String]) -> [String] {
        lines.flatMap { session.run($0).flatMap(\.recordedOutput) }
    }

    /// Runs `setup` in two sessions, `failing` in the first only (each statement must fail), then `probe`
    /// in both, and expects the same `whos` before and after and the same probe outputs.
    func expectUnchanged(setup: [String], failing: [String], probe: [String],
                         sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let (a, b) = (Session(), Session())
        run(a, setup)
        run(b, setup)
        let whosBefore = a.whos()
        for statement in failing {
            let outcomes = a.run(statement)
            #expect(outcomes.contains { $0.error != nil }, "expected '\(statement)' to fail", sourceLocation: sourceLocation)
        }
        #expect(a.whos() == whosBefore, "whos changed", sourceLocation: sourceLocation)
        #expect(run(a, probe) == run(b, probe), "the session changed", sourceLocation: sourceLocation)
    }

    @Test func theIssuesExample() {
        // The failed add draws weights for `linear 3 2` before the shape check rejects it.
        let session = Session()
        let outputs = run(session, ["seed 5", "m = sequential", "m.add(linear 2 4)", "m.add(linear 3 2)", "r = randn 3", "r"])
        #expect(outputs.contains { $0.hasPrefix("error: add: ") })
        let fresh = Session()
        #expect(run(fresh, ["seed 5", "m = sequential", "m.add(linear 2 4)", "r = randn 3", "r"]).last == outputs.last)
        #expect(run(session, ["m.layers"]) == run(fresh, ["m.layers"]))
    }

    @Test func failedStatementsDrawNothing() {
        expectUnchanged(setup: ["seed 3", "x = randn 2 2"],
                        failing: ["y = randn 4 + \"text\"", "z = randn(3) @ randn(4)", "a, b = randn 3", "w = linear 2 3 init=\"bogus\""],
                        probe: ["randn 3", "x", "ans"])
    }

    @Test func failedStatementsBindNothing() {
        expectUnchanged(setup: ["x = 1", "model = sequential"],
                        failing: ["x = unknown_name", "model = 1 + \"a\"", "del x nosuch"],
                        probe: ["x", "model"])
    }

    @Test func aFitThatFailsAfterTrainingKeepsNothing() {
        // The validation data does not fit the model; it is only evaluated after the first epoch, when the
        // weights, the momentum and the generator have moved.
        let setup = ["seed 1", "data = spiral 20 3", "bad = dataset (randn 6 5) [0, 1, 2, 0, 1, 2]", "model = sequential", "model.add(linear 2 8)",
                     "model.add(relu)", "model.add(linear 8 3)", "opt = sgd lr=0.1 momentum=0.9",
                     "fit model data epochs=1 batch=10 optimizer=opt"]
        expectUnchanged(setup: setup, failing: ["fit model data epochs=3 batch=10 optimizer=opt validation=bad"],
                        probe: ["h = fit model data epochs=2 batch=10 optimizer=opt", "h.loss", "predict model (tensor [[0.5, -0.5]])", "randn 2"])
    }

    @Test func anAdamFitThatFailsKeepsTheMoments() {
        let setup = ["seed 2", "data = spiral 20 3", "bad = dataset (randn 6 5) [0, 1, 2, 0, 1, 2]", "model = sequential", "model.add(linear 2 6)",
                     "model.add(relu)", "model.add(batchnorm 6)", "model.add(dropout 0.2)", "model.add(linear 6 3)",
                     "opt = adam lr=0.01", "fit model data epochs=1 batch=15 optimizer=opt"]
        expectUnchanged(setup: setup, failing: ["fit model data epochs=2 batch=15 optimizer=opt validation=bad"],
                        probe: ["h = fit model data epochs=2 batch=15 optimizer=opt", "h.loss", "predict model (tensor [[0.5, -0.5]])"])
    }

    @Test func backwardThatFailsKeepsTheGradients() {
        expectUnchanged(setup: ["x = param 2.0", "y = x * x", "backward y"],
                        failing: ["backward (x * (randn 3))"],
                        probe: ["x.grad", "randn 1"])
    }

    @Test func sharedAndNestedLayersArePutBack() {
        // One Linear reached by three names and two models, a model inside a model: the checkpoint
        // records a layer once per path (a model once), and every record puts back the values from
        // before the statement.
        let setup = ["seed 4", "data = spiral 20 3", "bad = dataset (randn 6 5) [0, 1, 2, 0, 1, 2]", "shared = linear 2 6",
                     "inner = sequential", "inner.add(shared)", "inner.add(relu)", "inner.add(dropout 0.3)",
                     "m = sequential", "m.add(inner)", "m.add(linear 6 3)", "other = sequential", "other.add(shared)",
                     "opt = sgd lr=0.1 momentum=0.9", "fit m data epochs=1 batch=10 optimizer=opt"]
        expectUnchanged(setup: setup, failing: ["fit m data epochs=2 batch=10 optimizer=opt validation=bad"],
                        probe: ["h = fit m data epochs=1 batch=10 optimizer=opt", "h.loss", "predict other (tensor [[0.5, -0.5]])",
                                "predict m (tensor [[0.5, -0.5]])", "randn 2"])
    }
}
