import Foundation
import Testing
@testable import DLEngine

/// Checkpoint, optimizer and history files: what they hold, and the one-line errors for files that are
/// truncated, corrupt, of another kind or for another model.
@Suite struct CheckpointFilesTests {
    static func trained() throws -> (Sequential, any Optimizer, History, RandomGenerator) {
        var (model, data, generator) = try TrainingCheckpointTests.model(seed: 4)
        let optimizer = try Adam(learningRate: 0.01)
        let options = try TrainingOptions(epochs: 2, batchSize: 32, loss: SoftmaxCrossEntropy(), optimizer: optimizer)
        let history = try model.fit(data, options: options, using: &generator)
        return (model, optimizer, history, generator)
    }

    @Test func everyTruncationOfACheckpointIsAnError() throws {
        let (model, optimizer, history, generator) = try Self.trained()
        let schedule = try ScheduleRegistry.make("reduce_lr_on_plateau", arguments: Arguments(["mode": .text("max"), "factor": .number(0.3)]))
        try schedule.begin(optimizer: optimizer, steps: 5)
        for metric in [0.5, 0.25, 0.25, 0.25] { try schedule.advance(optimizer: optimizer, metric: metric) }
        let bytes = try TrainingCheckpoint(model: model, optimizer: optimizer, schedule: schedule, history: history,
                                           generator: generator).encoded()
        let restored = try TrainingCheckpoint.decode(bytes, path: "c")
        #expect(restored.schedule == ScheduleSnapshot(of: schedule))
        let again = try #require(try restored.makeSchedule())
        #expect(again.state == schedule.state)
        #expect(again.arguments.values == schedule.arguments.values)
        #expect(again.state.count >= 3)
        #expect(restored.history == history)
        for length in stride(from: 0, to: bytes.count, by: 7) {
            let message = errorMessage { try TrainingCheckpoint.decode(bytes.prefix(length), path: "c") }
            #expect(message.hasPrefix("c: "), "\(length) bytes: \(message)")
            #expect(!message.contains("\n"))
        }
        #expect(errorMessage { try TrainingCheckpoint.decode(bytes.prefix(100), path: "c") } == "c: the file is truncated (its header is cut off)")
        var corrupt = bytes
        corrupt[corrupt.count - 10] ^= 1
        #expect(errorMessage { try TrainingCheckpoint.decode(corrupt, path: "c") } == "c: the file is corrupt (checksum mismatch)")
    }

    @Test func aFileOfAnotherKindSaysWhatItIs() throws {
        let (model, optimizer, _, _) = try Self.trained()
        let modelFile = try ModelArchive(layers: model.layers.map(LayerCodec.encode), tensors: model.state).encoded()
        #expect(errorMessage { try TrainingCheckpoint.decode(modelFile, path: "m") }
                == "m: is a dlnb model file (.dlnbmodel), not a dlnb training checkpoint (.dlnbckpt)")
        #expect(errorMessage { try TrainingCheckpoint.decode(Data("epoch,loss\n1,0.5\n".utf8), path: "h.csv") }
                == "h.csv: not a dlnb training checkpoint (.dlnbckpt) (wrong magic number)")
        let folder = try TemporaryFolder()
        try OptimizerSnapshot.save(optimizer, for: model, to: folder.path + "/o.dlnbopt")
        #expect(errorMessage { try TrainingCheckpoint.load(from: folder.path + "/o.dlnbopt") }
                == "\(folder.path)/o.dlnbopt: is a dlnb optimizer file (.dlnbopt), not a dlnb training checkpoint (.dlnbckpt)")
    }

    @Test func aCheckpointOfAnotherModelIsRefusedAndCopiesNothing() throws {
        let (model, optimizer, history, generator) = try Self.trained()
        let checkpoint = try TrainingCheckpoint(model: model, optimizer: optimizer, history: history, generator: generator)
        var other = RandomGenerator(seed: 9)
        let wider = Sequential([try Linear(inputSize: 2, outputSize: 17, using: &other), ReLU(),
                                try Linear(inputSize: 17, outputSize: 3, using: &other)])
        let before = TrainingCheckpointTests.bits(wider)
        #expect(errorMessage { try checkpoint.copyModel(into: wider) }.hasPrefix("the checkpoint holds another model: "))
        #expect(TrainingCheckpointTests.bits(wider) == before)
        // The same architecture takes the weights.
        let (same, _, _) = try TrainingCheckpointTests.model(seed: 99)
        try checkpoint.copyModel(into: same)
        #expect(TrainingCheckpointTests.bits(same) == TrainingCheckpointTests.bits(model))
    }

    @Test func anOptimizerFileRestoresItsStateForTheSameModelOnly() throws {
        let (model, optimizer, _, _) = try Self.trained()
        let folder = try TemporaryFolder()
        let path = folder.path + "/opt.dlnbopt"
        try OptimizerSnapshot.save(optimizer, for: model, to: path)
        let loaded = try OptimizerSnapshot.load(from: path, for: model)
        #expect(try OptimizerSnapshot(of: loaded, parameters: model.state) == OptimizerSnapshot(of: optimizer, parameters: model.state))
        #expect(loaded.learningRate == 0.01)
        var other = RandomGenerator(seed: 9)
        let wider = Sequential([try Linear(inputSize: 2, outputSize: 17, using: &other), ReLU(),
                                try Linear(inputSize: 17, outputSize: 3, using: &other)])
        #expect(errorMessage { try OptimizerSnapshot.load(from: path, for: wider) }
                == "\(path): it was saved for another model ('0.weight' is [2, 16] there, '0.weight' is [2, 17] here)")
        // An optimizer that trained another model cannot be saved for this one.
        #expect(errorMessage { try OptimizerSnapshot.save(optimizer, for: wider, to: path) }
                == "the adam optimizer holds state for 4 tensors that are not the model's (it trained another model)")
    }

    /// The fuzz target's seeds (written byte by byte by Tests/Fuzz/make_seeds.py) are valid files: the
    /// format the script writes is the one the reader reads.
    @Test func theFuzzSeedsLoad() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/Corpus/FuzzCheckpoint").path
        let adam = try TrainingCheckpoint.load(from: folder + "/adam.dlnbckpt")
        #expect(adam.names == ["model": "net", "optimizer": "o"])
        #expect(adam.history?.epochs.map(\.loss) == [1.25, 0.75])
        #expect(adam.history?.stopReason == .requested(epoch: 2, batch: 1))
        #expect(try adam.makeOptimizer(for: adam.model)?.learningRate == 0.01)
        #expect(try adam.makeSchedule()?.stepCount == 2)
        let dropout = try TrainingCheckpoint.load(from: folder + "/dropout.dlnbckpt")
        #expect(dropout.model.randomizedLayers.first?.generator.state.words == [1, 2, 3, 4])
        #expect(try dropout.makeSchedule()?.name == "reduce_lr_on_plateau")
        _ = try TrainingCheckpoint.load(from: folder + "/bare.dlnbckpt")
        var generator = RandomGenerator(seed: 1)
        let model = Sequential([try Linear(inputSize: 2, outputSize: 3, using: &generator)])
        #expect(try OptimizerSnapshot.load(from: folder + "/adam.dlnbopt", for: model).name == "adam")
    }

    /// The CSV and JSON forms, written out by hand.
    @Test func historiesSaveAsCSVAndJSON() throws {
        var history = History()
        history.append(EpochRecord(epoch: 1, loss: 1.5, accuracy: 0.25, validationLoss: 2, validationAccuracy: nil, isComplete: true))
        history.append(EpochRecord(epoch: 2, loss: 0.75, accuracy: 0.5, validationLoss: .nan, validationAccuracy: nil, isComplete: true))
        #expect(history.csv() == "epoch,loss,accuracy,val_loss\n1,1.5,0.25,2.0\n2,0.75,0.5,nan\n")
        #expect(history.json() == "{\"epoch\": [1, 2], \"loss\": [1.5, 0.75], \"accuracy\": [0.25, 0.5], \"val_loss\": [2.0, null]}\n")
        let folder = try TemporaryFolder()
        try history.save(to: folder.path + "/h.json")
        let loaded = try History.loadJSON(from: folder.path + "/h.json")
        #expect(loaded.epochs.map(\.loss) == [1.5, 0.75])
        #expect(loaded.epochs.map(\.validationLoss) == [2, nil])
        // Keras's history.history, dumped with json.dump: no epoch list.
        let keras = try folder.write("keras.json", text: "{\"loss\": [0.9, 0.4], \"accuracy\": [0.6, 0.8]}")
        #expect(try History.loadJSON(from: keras).epochs.map(\.epoch) == [1, 2])
        let bad = try folder.write("bad.json", text: "{\"loss\": [0.9, 0.4], \"accuracy\": [0.6]}")
        #expect(errorMessage { try History.loadJSON(from: bad) } == "\(bad): \"accuracy\" is not a list of 2 numbers")
        #expect(errorMessage { try history.save(to: folder.path + "/h.txt") } == "\(folder.path)/h.txt: a history is saved as .csv or .json")
    }

    /// The `metrics=` figures are columns too, beside the loss and accuracy of their side, and come back.
    @Test func historiesSaveTheirMetrics() throws {
        var history = History()
        history.append(EpochRecord(epoch: 1, loss: 1.5, accuracy: 0.25, validationLoss: 2, validationAccuracy: 0.5, isComplete: true,
                                   metrics: [MetricFigure(name: "f1", value: 0.125), MetricFigure(name: "top2", value: 0.75),
                                             MetricFigure(name: "val_f1", value: 0.375)]))
        history.append(EpochRecord(epoch: 2, loss: 0.75, accuracy: 0.5, validationLoss: 1, validationAccuracy: 0.5, isComplete: true,
                                   metrics: [MetricFigure(name: "f1", value: 0.5), MetricFigure(name: "val_f1", value: 0.25)]))
        #expect(history.csv() == "epoch,loss,accuracy,f1,top2,val_loss,val_accuracy,val_f1\n1,1.5,0.25,0.125,0.75,2.0,0.5,0.375\n2,0.75,0.5,0.5,,1.0,0.5,0.25\n")
        #expect(history.json() == "{\"epoch\": [1, 2], \"loss\": [1.5, 0.75], \"accuracy\": [0.25, 0.5], \"f1\": [0.125, 0.5], \"top2\": [0.75, null], \"val_loss\": [2.0, 1.0], \"val_accuracy\": [0.5, 0.5], \"val_f1\": [0.375, 0.25]}\n")
        let folder = try TemporaryFolder()
        try history.save(to: folder.path + "/h.json")
        #expect(try History.loadJSON(from: folder.path + "/h.json").epochs == history.epochs)
        // Keras's history.history with a metric: its keys come back as metrics.
        let keras = try folder.write("keras.json", text: "{\"val_precision\": [0.5, 0.75], \"loss\": [0.9, 0.4], \"precision\": [0.25, 0.5]}")
        #expect(try History.loadJSON(from: keras).epochs.map { $0.metrics.map(\.name) } == [["precision", "val_precision"], ["precision", "val_precision"]])
        let bad = try folder.write("bad.json", text: "{\"loss\": [0.9, 0.4], \"f1\": \"high\"}")
        #expect(errorMessage { try History.loadJSON(from: bad) } == "\(bad): \"f1\" is not a list of 2 numbers")
    }
}
