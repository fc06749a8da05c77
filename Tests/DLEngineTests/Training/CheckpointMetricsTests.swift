import Foundation
import Testing
@testable import DLEngine

/// A checkpoint keeps the per-epoch metrics of its history (section version 2), a resumed run continues
/// them bit for bit, and a checkpoint written before metrics were kept (version 1) still loads.
@Suite struct CheckpointMetricsTests {
    static func options(_ epochs: Int, _ optimizer: any Optimizer, validation: Dataset) throws -> TrainingOptions {
        var options = try TrainingOptions(epochs: epochs, batchSize: 16, loss: SoftmaxCrossEntropy(), optimizer: optimizer,
                                          validation: .data(validation))
        options.metrics = [.score(.f1, .macro), .topK(2)]
        return options
    }

    @Test func fourEpochsEqualTwoCheckpointedAndTwoMoreWithTheirMetrics() throws {
        var (straight, data, generator) = try TrainingCheckpointTests.model(seed: 5)
        var held = RandomGenerator(seed: 99)
        let validation = try Dataset.spiral(pointsPerClass: 10, classes: 3, using: &held)
        let whole = try straight.fit(data, options: try Self.options(4, try Adam(learningRate: 0.01), validation: validation), using: &generator)
        #expect(whole.epochs.allSatisfy { $0.metrics.map(\.name) == ["f1", "top2", "val_f1", "val_top2"] })

        var (model, _, generator2) = try TrainingCheckpointTests.model(seed: 5)
        let optimizer = try Adam(learningRate: 0.01)
        let first = try model.fit(data, options: try Self.options(2, optimizer, validation: validation), using: &generator2)
        let bytes = try TrainingCheckpoint(model: model, optimizer: optimizer, history: first, generator: generator2).encoded()
        let restored = try TrainingCheckpoint.decode(bytes, path: "run.dlnbckpt")
        #expect(restored.history == first)
        var generator3 = try RandomGenerator(state: restored.generator)
        let second = try restored.model.fit(data, options: try Self.options(2, try #require(try restored.makeOptimizer(for: restored.model)),
                                                                             validation: validation), using: &generator3)
        var combined = try #require(restored.history).continued(by: second)
        combined.duration = whole.duration
        #expect(combined == whole)
        #expect(combined.epochs.map(\.metrics) == whole.epochs.map(\.metrics))
        #expect(TrainingCheckpointTests.bits(restored.model) == TrainingCheckpointTests.bits(straight))
    }

    /// A history with metrics on its records.
    static func history() -> History {
        var history = History()
        for epoch in 1 ... 3 {
            history.append(EpochRecord(epoch: epoch, loss: 1 / Float(epoch), accuracy: 0.5, validationLoss: nil, validationAccuracy: nil,
                                       learningRate: 0.1, isComplete: true,
                                       metrics: [MetricFigure(name: "f1", value: 0.3 + Float(epoch) / 10)]))
        }
        return history
    }

    @Test func aVersionOneSectionLoadsWithoutMetrics() throws {
        let history = Self.history()
        var entry = history.checkpointEntry()
        #expect(entry["version"] as? Int == 2)
        // What a checkpoint written before metrics were kept holds: no version, no metrics.
        entry["version"] = nil
        entry["records"] = (entry["records"] as? [[String: Any]])?.map { record in record.filter { $0.key != "metrics" } }
        let old = try History.decode(checkpointEntry: entry, path: "old.dlnbckpt")
        #expect(old.epochs.map(\.loss) == history.epochs.map(\.loss))
        #expect(old.epochs.allSatisfy { $0.metrics.isEmpty })
        // Through JSON, as in a file: the same history back, metrics and all, and a baseline's stop reason.
        var stopped = history
        stopped.stopReason = .baselineNotReached(epoch: 3, monitor: "val_f1", baseline: 0.9, best: 2, patience: 3)
        let json = try JSONSerialization.jsonObject(with: try JSONSerialization.data(withJSONObject: stopped.checkpointEntry()))
        #expect(try History.decode(checkpointEntry: json, path: "new.dlnbckpt") == stopped)
        #expect(stopped.renumbered(after: 10).stopReason
                == .baselineNotReached(epoch: 13, monitor: "val_f1", baseline: 0.9, best: 12, patience: 3))
    }

    @Test func newerOrMalformedSectionsAreRefused() throws {
        func error(_ change: (inout [String: Any]) -> Void) -> String? {
            var entry = Self.history().checkpointEntry()
            change(&entry)
            do { _ = try History.decode(checkpointEntry: entry, path: "x.dlnbckpt"); return nil } catch { return "\(error)" }
        }
        #expect(error { $0["version"] = 3 }?.contains("the history's entry is of version 3, newer than this dlnb reads (2): update dlnb") == true)
        #expect(error { $0["version"] = "two" }?.contains("the history's version is malformed") == true)
        #expect(error { $0["version"] = 0 }?.contains("the history's version is malformed") == true)
        let records = Self.history().checkpointEntry()["records"] as? [[String: Any]] ?? []
        func withMetrics(_ metrics: Any) -> (inout [String: Any]) -> Void {
            { entry in entry["records"] = records.map { record in record.merging(["metrics": metrics]) { $1 } } }
        }
        #expect(error(withMetrics("f1"))?.contains("the history's record has a malformed metrics list") == true)
        #expect(error(withMetrics([["name": "f1"]]))?.contains("the history's record has a malformed metric") == true)
        #expect(error(withMetrics([["name": "", "value": "3f800000"]]))?.contains("the history's record has a malformed metric") == true)
        #expect(error(withMetrics([["name": "f1", "value": 0.5]]))?.contains("the history's record has a malformed metric") == true)
    }
}
