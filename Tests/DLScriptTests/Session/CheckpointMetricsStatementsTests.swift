import Foundation
import Testing
@testable import DLScript
@testable import DLEngine

/// `fit ... metrics=[f1]`, `checkpoint`, `resume` in a fresh session, `fit` on: the history's metrics go
/// on as in a straight run, bit for bit.
@Suite struct CheckpointMetricsStatementsTests {
    @Test func fourEpochsWithF1EqualTwoCheckpointResumeTwo() throws {
        let statements = try CheckpointStatementsTests()
        // The validation data from a seed of its own, so that the resuming session makes the same.
        let setup = "seed 99\nval = spiral 10 3\n" + CheckpointStatementsTests.setup("adam lr=0.01")
        let straight = statements.session()
        statements.run(straight, setup + "\nfit net data epochs=4 batch=16 optimizer=o metrics=[f1] validation=val verbose=0")
        let first = statements.session()
        let out = statements.run(first, setup + "\nfit net data epochs=2 batch=16 optimizer=o metrics=[f1] validation=val verbose=0\ncheckpoint \"f1.dlnbckpt\"")
        #expect(!out.contains { $0.hasPrefix("error") }, "\(out)")
        let second = statements.session()
        let resumed = statements.run(second, "seed 99\nval = spiral 10 3\nseed 7\ndata = spiral 40 3\nresume \"f1.dlnbckpt\"\nh = fit data epochs=2 batch=16 metrics=[f1] validation=val verbose=0\nh.f1")
        #expect(!resumed.contains { $0.hasPrefix("error") }, "\(resumed)")
        let whole = try #require(straight.currentHistory), run = try #require(second.currentHistory)
        #expect(whole.epochs.allSatisfy { $0.metrics.map(\.name) == ["f1", "val_f1"] })
        #expect(run.epochs.map(\.metrics) == whole.epochs.map(\.metrics))
        #expect(run.epochs == whole.epochs)
    }
}
