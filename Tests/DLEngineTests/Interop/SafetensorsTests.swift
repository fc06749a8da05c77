import Foundation
import Testing
@testable import DLEngine

/// `.safetensors` files: the bytes of a tiny state dict worked out by hand, round trips, and the errors
/// for truncated, oversized and mismatched files.
@Suite struct SafetensorsTests {
    func model(seed: UInt64 = 1) throws -> Sequential {
        var rng = RandomGenerator(seed: seed)
        return Sequential([try Linear(inputSize: 3, outputSize: 2, using: &rng), try BatchNorm1d(features: 2), ReLU()])
    }

    @Test func bytesOfATinyStateDict() throws {
        var rng = RandomGenerator(seed: 1)
        let layer = try Linear(inputSize: 1, outputSize: 1, bias: false, using: &rng)
        try layer.weight.assign([1.5])
        let bytes = [UInt8](SafetensorsFile.encode(try Sequential([layer]).pytorchState()))
        let header = #"{"0.weight":{"dtype":"F32","shape":[1,1],"data_offsets":[0,4]},"__metadata__":{"format":"pt"}}"#
        let padded = header + String(repeating: " ", count: (8 - header.utf8.count % 8) % 8)
        #expect(Array(bytes.prefix(8)) == [UInt8(padded.utf8.count), 0, 0, 0, 0, 0, 0, 0])
        #expect(String(decoding: bytes[8 ..< 8 + padded.utf8.count], as: UTF8.self) == padded)
        #expect(Array(bytes.suffix(4)) == [0x00, 0x00, 0xC0, 0x3F])  // 1.5f
    }

    @Test func namesAndLayoutsArePyTorchs() throws {
        let state = try model().pytorchState()
        #expect(state.map(\.name) == ["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                                      "1.num_batches_tracked"])
        #expect(state[0].shape == [2, 3])
        #expect(state[6].values == .int64([0]) && state[6].shape == [])
    }

    @Test func roundTripIsExact() throws {
        let folder = try TemporaryFolder()
        let source = try model(seed: 1), target = try model(seed: 2)
        try source.layers[1].state[2].tensor.assign([0.25, -3])  // a running mean
        try source.saveSafetensors(to: folder.path + "/m.safetensors")
        #expect(try target.loadSafetensors(from: folder.path + "/m.safetensors") == 7)
        for (a, b) in zip(source.state, target.state) { #expect(a.tensor.data == b.tensor.data) }
    }

    @Test func mismatchesNameTheTensor() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/m.safetensors"
        try model().saveSafetensors(to: path)
        var rng = RandomGenerator(seed: 1)
        let wider = Sequential([try Linear(inputSize: 4, outputSize: 2, using: &rng), try BatchNorm1d(features: 2), ReLU()])
        #expect(errorMessage { try wider.loadSafetensors(from: path) } == "\(path): tensor '0.weight' has shape [2, 3] where the model needs [2, 4]")
        let shorter = Sequential([try Linear(inputSize: 3, outputSize: 2, using: &rng)])
        #expect(errorMessage { try shorter.loadSafetensors(from: path) }.contains("tensor '1.weight' is not in the model"))
        let longer = Sequential(try model().layers + [try Linear(inputSize: 2, outputSize: 2, using: &rng)])
        #expect(errorMessage { try longer.loadSafetensors(from: path) }.contains("tensor '3.weight' is missing"))
        // Nothing changed in a failed load.
        let before = wider.state.map(\.tensor.data)
        _ = try? wider.loadSafetensors(from: path)
        #expect(wider.state.map(\.tensor.data) == before)
    }

    @Test func dtypeMismatchIsNamed() throws {
        let folder = try TemporaryFolder()
        let header = #"{"0.weight":{"dtype":"F64","shape":[2,3],"data_offsets":[0,48]},"0.bias":{"dtype":"F32","shape":[2],"data_offsets":[48,56]}}"#
        let file = [UInt8(header.utf8.count), 0, 0, 0, 0, 0, 0, 0] + Array(header.utf8) + [UInt8](repeating: 0, count: 56)
        let path = try folder.write("m.safetensors", file)
        var rng = RandomGenerator(seed: 1)
        let model = Sequential([try Linear(inputSize: 3, outputSize: 2, using: &rng)])
        #expect(errorMessage { try model.loadSafetensors(from: path) } == "\(path): tensor '0.weight' has dtype F64 where the model needs F32")
    }

    @Test func truncatedAndOversizedFiles() throws {
        let folder = try TemporaryFolder()
        let good = [UInt8](SafetensorsFile.encode(try model().pytorchState()))
        let m = try model()
        let short = try folder.write("short.safetensors", Array(good.prefix(5)))
        #expect(errorMessage { try m.loadSafetensors(from: short) }.contains("too short for the 8-byte header length"))
        let cut = try folder.write("cut.safetensors", Array(good.dropLast(6)))
        #expect(errorMessage { try m.loadSafetensors(from: cut) }.contains("tensor '1.num_batches_tracked': its data_offsets [64, 72] lie outside the data buffer of 66 bytes"))
        let huge = try folder.write("huge.safetensors", [0, 0, 0, 0, 0, 0, 0, 0x7F] + Array(good.dropFirst(8)))
        #expect(errorMessage { try m.loadSafetensors(from: huge) }.contains("header length at byte offset 0"))
        let headerCut = try folder.write("header.safetensors", Array(good.prefix(20)))
        #expect(errorMessage { try m.loadSafetensors(from: headerCut) }.contains("truncated: the header at byte offset 8 needs"))
    }

    @Test func hostileBytesNeverTrap() throws {
        let folder = try TemporaryFolder()
        let good = [UInt8](SafetensorsFile.encode(try model().pytorchState()))
        var rng = RandomGenerator(seed: 5)
        let m = try model()
        for i in 0 ..< 200 {
            var bytes = Array(good.prefix(i < 100 ? i * good.count / 100 : good.count))
            if i >= 100 { for _ in 0 ..< 3 { bytes[rng.integer(below: bytes.count)] = UInt8(truncatingIfNeeded: rng.next()) } }
            let path = try folder.write("\(i).safetensors", bytes)
            do { _ = try m.loadSafetensors(from: path) } catch is EngineError {} catch { Issue.record("\(i): \(error)") }
        }
    }
}
