import Foundation
import Testing
import DLEngine

/// Building, describing, saving and loading models.
@Suite struct SequentialTests {
    func spiralModel(_ rng: inout RandomGenerator) throws -> Sequential {
        try Sequential {
            try Linear(inputSize: 2, outputSize: 100, using: &rng)
            ReLU()
            try Linear(inputSize: 100, outputSize: 3, using: &rng)
        }
    }

    @Test func summaryListsShapesAndCounts() throws {
        var rng = RandomGenerator(seed: 1)
        let model = try spiralModel(&rng)
        #expect(model.parameterCount == 2 * 100 + 100 + 100 * 3 + 3)
        let lines = model.summary().split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("Layer") && lines[0].contains("Output shape") && lines[0].hasSuffix("Parameters"))
        #expect(lines[2].hasPrefix("Linear(2 → 100)") && lines[2].contains("[100]") && lines[2].hasSuffix("300"))
        #expect(lines[3].hasPrefix("ReLU") && lines[3].hasSuffix(" 0"))
        #expect(lines[4].contains("[3]") && lines[4].hasSuffix("303"))
        #expect(lines.last == "Total parameters: 603")
    }

    @Test func addChecksShapesWhenKnown() throws {
        var rng = RandomGenerator(seed: 1)
        let model = Sequential()
        try model.add(try Linear(inputSize: 2, outputSize: 100, using: &rng))
        try model.add(ReLU())
        let error = #expect(throws: EngineError.self) {
            try model.add(try Linear(inputSize: 50, outputSize: 3, using: &rng))
        }
        #expect(error?.description == "shape mismatch in add Linear: [100] and [50]")
        #expect(model.layers.count == 2)
    }

    @Test func dataThatDoesNotFitIsAClearError() throws {
        var rng = RandomGenerator(seed: 1)
        let model = try spiralModel(&rng)
        let data = try Dataset(inputs: Tensor.zeros([4, 3]), targets: .classes([0, 1, 2, 0], classCount: 3))
        let options = try TrainingOptions(epochs: 1, loss: SoftmaxCrossEntropy(), optimizer: SGD(learningRate: 0.1))
        let error = #expect(throws: EngineError.self) { try model.fit(data, options: options, using: &rng) }
        #expect(error?.description.contains("samples of shape [3]") == true)
        #expect(error?.description.contains("[3] and [2]") == true)
    }

    @Test func saveLoadPredictGivesIdenticalOutputs() throws {
        var rng = RandomGenerator(seed: 2)
        let model = try Sequential {
            try Linear(inputSize: 2, outputSize: 8, using: &rng)
            try BatchNorm1d(features: 8)
            try LeakyReLU(slope: 0.05)
            try Dropout(rate: 0.5, using: &rng)
            try Linear(inputSize: 8, outputSize: 3, using: &rng)
            Softmax()
        }
        let data = try Dataset.spiral(pointsPerClass: 20, classes: 3, using: &rng)
        try model.fit(data, options: TrainingOptions(epochs: 2, batchSize: 10, loss: SoftmaxCrossEntropy(),
                                                     optimizer: SGD(learningRate: 0.1)), using: &rng)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-\(UUID()).dlnbmodel").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try Sequential.load(from: path)
        #expect(loaded.description == model.description)
        #expect(try loaded.predict(data.inputs).data == model.predict(data.inputs).data)
    }

    @Test func damagedModelFilesGiveClearErrors() throws {
        var rng = RandomGenerator(seed: 3)
        let model = try spiralModel(&rng)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-\(UUID()).dlnbmodel").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))

        func message(for damaged: Data) throws -> String? {
            try damaged.write(to: URL(fileURLWithPath: path))
            return #expect(throws: EngineError.self) { try Sequential.load(from: path) }?.description
        }
        #expect(try message(for: bytes.prefix(bytes.count - 100))?.contains("truncated") == true)
        #expect(try message(for: bytes.prefix(20))?.contains("truncated") == true)
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x40
        #expect(try message(for: flipped)?.contains("corrupt (checksum mismatch)") == true)
        #expect(try message(for: Data("hello".utf8))?.contains("not a dlnb model file") == true)
        var future = bytes
        future[8] = 9
        #expect(try message(for: future)?.contains("version 9 is not supported") == true)
        let missing = #expect(throws: EngineError.self) { try Sequential.load(from: path + ".missing") }
        #expect(missing?.description.hasSuffix("no such file") == true)
    }
}

/// What users care about: the article's spiral network learns the spiral.
@Suite struct SpiralTrainingTests {
    /// The 2-100-3 ReLU network of the article, trained 200 epochs in batches of 20.
    func trainSpiral(_ optimizer: any Optimizer, seed: UInt64 = 42) throws -> (History, Float) {
        var rng = RandomGenerator(seed: seed)
        let data = try Dataset.spiral(pointsPerClass: 100, classes: 3, using: &rng)
        let model = try Sequential {
            try Linear(inputSize: 2, outputSize: 100, using: &rng)
            ReLU()
            try Linear(inputSize: 100, outputSize: 3, using: &rng)
        }
        let options = try TrainingOptions(epochs: 200, batchSize: 20, loss: SoftmaxCrossEntropy(), optimizer: optimizer)
        let history = try model.fit(data, options: options, using: &rng)
        return (history, try model.accuracy(data))
    }

    @Test func sgdWithMomentumLearnsTheSpiral() throws {
        let (history, accuracy) = try trainSpiral(try SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.001))
        #expect(history.epochs.count == 200 && history.stopReason == nil)
        #expect(accuracy >= 0.97, "accuracy \(accuracy)")
        #expect(history.epochs[199].loss < history.epochs[0].loss / 5)
    }

    @Test func adamLearnsTheSpiral() throws {
        let (_, accuracy) = try trainSpiral(try Adam(learningRate: 0.01))
        #expect(accuracy >= 0.97, "accuracy \(accuracy)")
    }

    @Test func sameSeedSameResults() throws {
        var rng1 = RandomGenerator(seed: 5), rng2 = RandomGenerator(seed: 5)
        func run(_ rng: inout RandomGenerator) throws -> [Float] {
            let data = try Dataset.spiral(pointsPerClass: 20, classes: 3, using: &rng)
            let model = try Sequential {
                try Linear(inputSize: 2, outputSize: 16, using: &rng)
                ReLU()
                try Linear(inputSize: 16, outputSize: 3, using: &rng)
            }
            try model.fit(data, options: TrainingOptions(epochs: 5, batchSize: 8, loss: SoftmaxCrossEntropy(),
                                                         optimizer: SGD(learningRate: 0.1, momentum: 0.9)), using: &rng)
            return try model.predict(data.inputs).data
        }
        #expect(try run(&rng1) == run(&rng2))
    }

    @Test func callbackStopsTrainingKeepingWhatWasLearnt() throws {
        var rng = RandomGenerator(seed: 6)
        let data = try Dataset.spiral(pointsPerClass: 30, classes: 3, using: &rng)
        let model = try Sequential { try Linear(inputSize: 2, outputSize: 3, using: &rng) }
        let before = model.parameters[0].data
        var calls = 0
        let history = try model.fit(data, options: TrainingOptions(epochs: 10, batchSize: 10, loss: SoftmaxCrossEntropy(),
                                                                   optimizer: SGD(learningRate: 0.1)), using: &rng,
                                    onBatch: { progress in
                                        calls += 1
                                        return progress.epoch == 2 && progress.batch == 4 ? .stop : .proceed
                                    })
        #expect(calls == 9 + 4)
        #expect(history.stopReason == .requested(epoch: 2, batch: 4))
        #expect(history.epochs.count == 2 && history.epochs[0].isComplete && !history.epochs[1].isComplete)
        #expect(model.parameters[0].data != before)
    }

    @Test func nonFiniteLossStopsTrainingAndSaysWhy() throws {
        var rng = RandomGenerator(seed: 7)
        let data = try Dataset.spiral(pointsPerClass: 30, classes: 3, using: &rng)
        let model = try Sequential { try Linear(inputSize: 2, outputSize: 3, using: &rng) }
        let history = try model.fit(data, options: TrainingOptions(epochs: 50, batchSize: 10, loss: MeanSquaredError(),
                                                                   optimizer: SGD(learningRate: 1e6)), using: &rng)
        guard case .nonFiniteLoss? = history.stopReason else {
            Issue.record("expected a non-finite loss stop, got \(String(describing: history.stopReason))")
            return
        }
        #expect(history.stopReason!.description.contains("NaN or infinite"))
        #expect(model.parameters.allSatisfy { $0.data.allSatisfy(\.isFinite) })
    }

    @Test func validationSplitAndRegularization() throws {
        var rng = RandomGenerator(seed: 8)
        let data = try Dataset.spiral(pointsPerClass: 50, classes: 3, using: &rng)
        let model = try Sequential {
            try Linear(inputSize: 2, outputSize: 32, using: &rng)
            ReLU()
            try Linear(inputSize: 32, outputSize: 3, using: &rng)
        }
        let history = try model.fit(data, options: TrainingOptions(
            epochs: 3, batchSize: 16, loss: SoftmaxCrossEntropy(), optimizer: SGD(learningRate: 0.1),
            regularizer: Regularizer(l2: 0.01), validation: .split(0.2)), using: &rng)
        #expect(history.epochs.allSatisfy { $0.validationLoss != nil && $0.validationAccuracy != nil })
        #expect(throws: EngineError.self) { try Regularizer(l1: -1) }
    }

    @Test func removeLastTakesTheLayerAndItsPenalty() throws {
        var rng = RandomGenerator(seed: 1)
        let first = try Linear(inputSize: 2, outputSize: 3, using: &rng), second = try Linear(inputSize: 3, outputSize: 2, using: &rng)
        let model = Sequential()
        try model.add(first)
        try model.add(second, regularizer: try Regularizer(l2: 0.5))
        #expect(model.layerRegularizers.count == 1)
        #expect(try model.removeLast() === second)
        #expect(model.layers.count == 1 && model.layers[0] === first)
        #expect(model.layerRegularizers.isEmpty)
        // The next layer at that place has no penalty of its own.
        try model.add(try Linear(inputSize: 3, outputSize: 2, using: &rng))
        #expect(model.layerRegularizers.isEmpty)
        _ = try model.removeLast()
        _ = try model.removeLast()
        #expect(throws: EngineError.self) { try model.removeLast() }
    }

    @Test func aModelCannotContainItself() throws {
        let model = Sequential([ReLU()])
        #expect(throws: EngineError.self) { try model.add(model) }
        let inner = Sequential(), outer = Sequential()
        try outer.add(inner)
        #expect(throws: EngineError.self) { try inner.add(outer) }  // outer ⊃ inner ⊃ outer
        #expect(model.layers.count == 1 && inner.layers.isEmpty)
        #expect(model.description == "Sequential(ReLU())")
    }

    @Test func nestingIsLimited() throws {
        var model = Sequential([ReLU()])
        for _ in 1 ..< Sequential.maximumNesting { let outer = Sequential(); try outer.add(model); model = outer }
        #expect(throws: EngineError.self) { try Sequential().add(model) }  // one level too many
        // A model added twice at each level doubles: refused once the count passes the limit.
        var doubled = Sequential([ReLU()]), levels = 0
        do {
            while levels < 40 { let outer = Sequential(); try outer.add(doubled); try outer.add(doubled); doubled = outer; levels += 1 }
        } catch {}
        #expect(levels == 18)  // level k holds 3 · 2^k − 1 models and layers: level 19 would pass 1,000,000
    }

    @Test func aLayerAddedInsideAModelCountsForTheModelsItIsIn() throws {
        // B twice in A: one more layer in B is two more in A, which that add would take past the limit.
        let inner = Sequential([any Layer](repeating: ReLU(), count: 499_998))
        let outer = Sequential([inner, inner])
        #expect(throws: EngineError.self) { try inner.add(ReLU()) }
        #expect(inner.layers.count == 499_998)
        try outer.add(ReLU())  // the outer model itself has room for one more
    }

    @Test func modelFilesNestedTooDeepAreRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-nest-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var model = Sequential([ReLU()])
        for _ in 1 ..< Sequential.maximumNesting { model = Sequential([model]) }
        try model.save(to: folder + "/ok.dlnbmodel")
        #expect(try Sequential.load(from: folder + "/ok.dlnbmodel").description == model.description)
        try Sequential([model]).save(to: folder + "/deep.dlnbmodel")
        #expect(throws: EngineError.self) { try Sequential.load(from: folder + "/deep.dlnbmodel") }
    }
}
