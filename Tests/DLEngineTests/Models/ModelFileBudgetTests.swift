import Foundation
import Testing
@testable import DLEngine

/// Model files whose layer descriptions ask for more than the file holds, and the bounded fit history.
@Suite struct ModelFileBudgetTests {
    @Test func layersLargerThanTheFileAreRefusedBeforeBuilding() throws {
        // Eight 40000 × 40000 layers and no tensors: a few hundred bytes with a valid checksum (the
        // report's 591-byte file). Built first, they would take 51 GB.
        let layers: [[String: Any]] = (0 ..< 8).map { _ in ["type": "Linear", "input": 40_000, "output": 40_000, "bias": true] }
        let bytes = try ModelArchive(layers: layers, tensors: []).encoded()
        #expect(bytes.count < 700)
        let folder = try TemporaryFolder()
        let path = try folder.write("huge.dlnbmodel", [UInt8](bytes))
        #expect(errorMessage { try Sequential.load(from: path) }
                == "\(path): not a valid model: its layers declare 12800320000 parameters, but it holds 0 values")
        // Sizes whose product overflows Int say so too.
        let overflow: [[String: Any]] = [["type": "Conv2D", "input": 1 << 40, "output": 1 << 40, "kernel": 3,
                                          "stride": 1, "padding": 0, "dilation": 1, "bias": false]]
        let path2 = try folder.write("overflow.dlnbmodel", [UInt8](try ModelArchive(layers: overflow, tensors: []).encoded()))
        #expect(errorMessage { try Sequential.load(from: path2) }.hasSuffix("its layers declare more than \(Int.max) parameters, but it holds 0 values"))
    }

    @Test func aSavedModelStillLoads() throws {
        var generator = RandomGenerator(seed: 1)
        let model = Sequential([try Linear(inputSize: 3, outputSize: 2, using: &generator), ReLU(),
                                try BatchNorm1d(features: 2, momentum: 0.1, eps: 1e-5)])
        let folder = try TemporaryFolder()
        let path = folder.path + "/m.dlnbmodel"
        try model.save(to: path)
        let loaded = try Sequential.load(from: path)
        #expect(loaded.state.map(\.tensor.data) == model.state.map(\.tensor.data))
    }

    @Test func historyStaysBoundedAndEvenlySpaced() {
        var history = History()
        let epochs = 250_000
        for epoch in 1 ... epochs {
            history.epochs.append(EpochRecord(epoch: epoch, loss: Float(epoch), accuracy: nil, validationLoss: nil,
                                              validationAccuracy: nil, isComplete: true))
        }
        #expect(history.epochs.count <= History.maximumRecords)
        #expect(history.recordedEpochs == epochs && history.completedEpochs == epochs)
        #expect(history.spacing == 4)
        #expect(history.last?.epoch == epochs)
        // Every kept record but the latest falls on the spacing.
        #expect(history.epochs.dropLast().allSatisfy { $0.epoch % history.spacing == 0 })
        #expect(Swift.abs(history.epochs.count - epochs / 4) <= 1)
    }
}
