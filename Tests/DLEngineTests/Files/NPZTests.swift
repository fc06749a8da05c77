import Foundation
import Testing
@testable import DLEngine

/// Writing NPY, ZIP/NPZ and CSV files, and reading deflated archive entries. NumPy itself reads and
/// writes these files in Tests/Interop/check.py; here the bytes are checked against the formats' rules.
@Suite struct NPZTests {
    @Test func npyHeaderIsNumPysAndAligned() throws {
        let bytes = [UInt8](try NPYFile.encode(shape: [2, 3], .float32([1, 2, 3, 4, 5, 6])))
        #expect(Array(bytes.prefix(8)) == [0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + length) % 64 == 0 && bytes.count == 10 + length + 24)
        let header = String(decoding: bytes[10 ..< 10 + length], as: UTF8.self)
        #expect(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }") && header.hasSuffix(" \n"))
        #expect(Array(bytes[(10 + length)...].prefix(4)) == [0, 0, 0x80, 0x3F])  // 1.0f
        let vector = String(decoding: [UInt8](try NPYFile.encode(shape: [4], .int64([1, 2, 3, -1])))[10 ..< 74], as: UTF8.self)
        #expect(vector.hasPrefix("{'descr': '<i8', 'fortran_order': False, 'shape': (4,), }"))
    }

    @Test func npyRoundTripIsExact() throws {
        let folder = try TemporaryFolder()
        let t = try Tensor(shape: [2, 1, 3], data: [0.1, -2, .pi, 1e-30, 3e38, -0.0])
        try t.saveNPY(to: folder.path + "/t.npy")
        let back = try Tensor.loadNPY(folder.path + "/t.npy")
        #expect(back.shape == t.shape && back.data.map(\.bitPattern) == t.data.map(\.bitPattern))
        try Tensor(7).saveNPY(to: folder.path + "/s.npy")
        #expect(try Tensor.loadNPY(folder.path + "/s.npy").shape == [])
    }

    @Test func zipEntriesCarryTheirCRC() throws {
        let archive = [UInt8](try ZipArchive.encode([("a.npy", Data("hello".utf8))]))
        // Local header: signature, version 20, flags 0, method 0, time 0, date 1980-01-01 (0x0021), then the CRC-32.
        #expect(Array(archive.prefix(14)) == [0x50, 0x4B, 0x03, 0x04, 20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0])
        #expect(archive.readUInt32(at: 14) == 0x3610_A686)  // CRC-32 of "hello" (zlib.crc32(b"hello"))
        let entries = try ZipArchive.decode(Data(archive), path: "x.npz")
        #expect(entries.count == 1 && entries[0].name == "a.npy" && entries[0].bytes == Data("hello".utf8))
        var corrupt = archive
        corrupt[30 + 5] ^= 1  // the first byte of the data, after the 30-byte header and the name
        #expect(errorMessage { try ZipArchive.decode(Data(corrupt), path: "x.npz") } == "x.npz: entry a.npy: corrupt: its CRC-32 does not match (data at byte offset 35)")
        #expect(errorMessage { try ZipArchive.decode(Data(archive.dropLast(3)), path: "x.npz") }.contains("no end-of-directory record"))
    }

    @Test func inflateFixedAndDynamicBlocks() throws {
        // Raw deflate of "hello" (zlib.compress(b"hello") without its 2-byte header and 4-byte trailer).
        let hello = try Inflate.decompress(Data([0xCB, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00]), expectedSize: 5) { .file(path: "t", "\($0) \($1)") }
        #expect(hello == Data("hello".utf8))
        // A dynamic-Huffman block: zlib.compressobj(9, DEFLATED, -15) of the text below (Python 3.11).
        let text = (0 ..< 60).map { "dlnb \($0) squares \($0 * $0); " }.joined()
        let compressed = Self.hex(Self.dynamicBlock)
        #expect(compressed[0] >> 1 & 3 == 2)
        let out = try Inflate.decompress(Data(compressed), expectedSize: text.utf8.count) { .file(path: "t", "\($0) \($1)") }
        #expect(out == Data(text.utf8))
        #expect(errorMessage { try Inflate.decompress(Data(compressed.prefix(40)), expectedSize: text.utf8.count) { .file(path: "t", "at \($0): \($1)") } }
            .contains("ends in the middle of a block"))
        #expect(errorMessage { try Inflate.decompress(Data(compressed), expectedSize: 100) { .file(path: "t", "at \($0): \($1)") } }
            .contains("more than the 100 bytes"))
    }

    @Test func datasetRoundTripsThroughNPZAndCSV() throws {
        let folder = try TemporaryFolder()
        let data = try Dataset(inputs: Tensor(shape: [3, 2], data: [0.1, 0.2, -1e-7, 4, 5.5, 1e10]),
                               targets: .classes([2, 0, 1], classCount: 3), name: "d")
        try data.saveNPZ(to: folder.path + "/d.npz")
        let npz = try Dataset.loadNPZ(folder.path + "/d.npz")
        #expect(npz.inputs.data == data.inputs.data && npz.labels == [2, 0, 1] && npz.inputs.shape == [3, 2])
        try data.saveCSV(to: folder.path + "/d.csv")
        let csv = try Dataset.loadCSV(path: folder.path + "/d.csv")
        #expect(csv.inputs.data == data.inputs.data && csv.labels == [2, 0, 1])
        let text = try String(contentsOfFile: folder.path + "/d.csv", encoding: .utf8)
        #expect(text.hasPrefix("x0,x1,label\n0.1,0.2,2\n-1e-07,4.0,0\n"))
    }

    @Test func npzErrorsNameTheArchiveAndEntry() throws {
        let folder = try TemporaryFolder()
        let t = try Tensor(shape: [2], data: [1, 2])
        try t.saveNPZ(to: folder.path + "/t.npz")
        #expect(try Tensor.loadNPZ(folder.path + "/t.npz").data == [1, 2])
        #expect(errorMessage { try Tensor.loadNPZ(folder.path + "/t.npz", array: "w") }.hasSuffix("has no array 'w' (it holds: arr_0)"))
        #expect(errorMessage { try Dataset.loadNPZ(folder.path + "/t.npz") }.contains("has no labels array (named labels, y, targets, arr_1); it holds: arr_0"))
        // A bad NPY inside: the message names the entry.
        let bad = try ZipArchive.encode([("inputs.npy", Data([0x93, 0x4E])), ("labels.npy", Data())])
        let path = try folder.write("bad.npz", [UInt8](bad))
        #expect(errorMessage { try Dataset.loadNPZ(path) }.hasPrefix("\(path) (entry inputs.npy): truncated"))
    }

    @Test func hostileArchivesNeverTrap() throws {
        let folder = try TemporaryFolder()
        let data = try Dataset(inputs: Tensor(shape: [2, 2], data: [1, 2, 3, 4]), targets: .classes([0, 1], classCount: 2))
        try data.saveNPZ(to: folder.path + "/d.npz")
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder.path + "/d.npz")))
        var rng = RandomGenerator(seed: 3)
        for i in 0 ..< 300 {
            var bytes = Array(good.prefix(i < 100 ? i * good.count / 100 : good.count))
            if i >= 100 { for _ in 0 ..< 2 { bytes[rng.integer(below: bytes.count)] = UInt8(truncatingIfNeeded: rng.next()) } }
            let path = try folder.write("\(i).npz", bytes)
            do { _ = try Dataset.loadNPZ(path) } catch is EngineError {} catch { Issue.record("\(i): \(error)") }
        }
    }

    static let dynamicBlock = "4d94594e04410c43afd247a86cb588d380863f840423ee8f46ead8feb5d229bfc4e9c7d7f7c735aee7cfdffbefe7f31a6fd7e3a51814bb158792b71250cead24bf9ab75490bc6e69428aae5a6cdebd36a4d90f1e48bb5d19addb807971efa824806577b410c7fdb209c66987262020b12974a8248c6ff4244e385e3f3209cc994409222751262a6525bb7b3a89cafb752751adf6e9249a2072124d569268b12789165f9715c16790e880284874c01eb2a38131852c6960a2215b320c3f4a560faa98a262a5412c0b6c3fb6e6041e0866854ca5a46f022d257e13494d615b88740adb46f6531388234989e0005b4a060d679712421fe84b368f010f64f31cedb786641b6c45369fac259b2ff4ad90438087229b1ffe26c816642bf95518e6504b6f097de5c202f32d39b17cede21f"

    static func hex(_ text: String) -> [UInt8] {
        let digits = Array(text.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0 ..< $0 + 2], as: UTF8.self), radix: 16)! }
    }
}
