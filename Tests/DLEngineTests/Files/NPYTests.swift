import Testing
import DLEngine

/// NumPy .npy files, written here as NumPy writes them.
@Suite struct NPYTests {
    /// An .npy file of format `version` with the header `dict` (padded with spaces and a newline to a
    /// multiple of 64 bytes, as NumPy does) and `payload`.
    func npy(_ dict: String, _ payload: [UInt8], version: UInt8 = 1) -> [UInt8] {
        let prefix = 6 + 2 + (version == 1 ? 2 : 4)
        var header = Array(dict.utf8)
        while (prefix + header.count + 1) % 64 != 0 { header.append(0x20) }
        header.append(0x0A)
        let n = header.count
        let length: [UInt8] = version == 1 ? [UInt8(n & 0xFF), UInt8(n >> 8)] : [UInt8(n & 0xFF), UInt8(n >> 8), 0, 0]
        return [0x93] + Array("NUMPY".utf8) + [version, 0] + length + header + payload
    }

    func littleEndian(_ values: [Float]) -> [UInt8] {
        values.flatMap { v in [0, 8, 16, 24].map { UInt8((v.bitPattern >> $0) & 0xFF) } }
    }

    @Test func floatArraysOfEveryVersion() throws {
        let folder = try TemporaryFolder()
        for version: UInt8 in [1, 2, 3] {
            let path = try folder.write("a\(version).npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
                                                              littleEndian([1, 2, 3, 4.5, -5, 6]), version: version))
            let t = try Tensor.loadNPY(path)
            #expect(t.shape == [2, 3] && t.data == [1, 2, 3, 4.5, -5, 6])
        }
        let scalar = try folder.write("s.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", [0, 0, 0, 0, 0, 0, 0xF8, 0x3F]))
        #expect(try Tensor.loadNPY(scalar).shape == [] && Tensor.loadNPY(scalar).data == [1.5])
    }

    @Test func integerTypesAndADataset() throws {
        let folder = try TemporaryFolder()
        let cases: [(String, [UInt8], [Float])] = [
            ("|u1", [200, 3], [200, 3]), ("|i1", [0xFE, 3], [-2, 3]), ("<i2", [0xFE, 0xFF, 1, 1], [-2, 257]),
            ("<u2", [0xFE, 0xFF, 1, 0], [65534, 1]), ("<i4", [0xFF, 0xFF, 0xFF, 0xFF, 9, 0, 0, 0], [-1, 9]),
            ("<u4", [1, 0, 0, 0x80, 2, 0, 0, 0], [2147483648, 2]),
            ("<i8", [0xFB] + [UInt8](repeating: 0xFF, count: 7) + [1] + [UInt8](repeating: 0, count: 7), [-5, 1]),
            ("<u8", [7] + [UInt8](repeating: 0, count: 15), [7, 0]), ("|b1", [1, 0], [1, 0]),
        ]
        for (descr, payload, expected) in cases {
            let path = try folder.write("\(descr.dropFirst()).npy", npy("{'descr': '\(descr)', 'fortran_order': False, 'shape': (2,), }", payload))
            #expect(try Tensor.loadNPY(path).data == expected, "\(descr)")
        }
        let inputs = try folder.write("x.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1, 1, 2), }", littleEndian([1, 2, 3, 4])))
        let labels = try folder.write("y.npy", npy("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }",
                                                   [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
        let data = try Dataset.loadNPY(inputs: inputs, labels: labels)
        #expect(data.inputs.shape == [2, 1, 1, 2] && data.labels == [2, 0] && data.classCount == 3)
    }

    @Test func unsupportedAndDamagedFilesNameThePlace() throws {
        let folder = try TemporaryFolder()
        let fortran = try folder.write("f.npy", npy("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 2), }", littleEndian([1, 2])))
        #expect(errorMessage { try Tensor.loadNPY(fortran) }
                == "\(fortran): bad NPY header at byte offset 10: the array is in Fortran order (fortran_order: True); save it in C order, e.g. with numpy.ascontiguousarray")
        let big = try folder.write("b.npy", npy("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", [0x3F, 0xC0, 0, 0]))
        #expect(errorMessage { try Tensor.loadNPY(big) }.contains("dtype '>f4' is big-endian"))
        let complex = try folder.write("c.npy", npy("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", [UInt8](repeating: 0, count: 8)))
        #expect(errorMessage { try Tensor.loadNPY(complex) }.contains("unsupported dtype '<c8'"))
        let short = try folder.write("s.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }", littleEndian([1, 2])))
        #expect(errorMessage { try Tensor.loadNPY(short) }
                == "\(short): the shape [3, 4] of float32 needs 48 bytes of data after byte offset 128, but the file has 8")
        let magic = try folder.write("m.npy", Array("NUMPY1234567".utf8))
        #expect(errorMessage { try Tensor.loadNPY(magic) }.contains("not an NPY file"))
        let version = try folder.write("v.npy", [0x93] + Array("NUMPY".utf8) + [4, 0, 0, 0])
        #expect(errorMessage { try Tensor.loadNPY(version) }.contains("unsupported NPY format version 4.0 at byte offset 6"))
        let cutHeader = try folder.write("h.npy", Array(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", [])[0 ..< 30]))
        #expect(errorMessage { try Tensor.loadNPY(cutHeader) } == "\(cutHeader): truncated: the NPY header needs 118 bytes at byte offset 10, but the file ends at byte 30")
        let garbled = try folder.write("g.npy", npy("{'descr': '<f4', 'shape': [1], }", littleEndian([1])))
        #expect(errorMessage { try Tensor.loadNPY(garbled) }.contains("bad NPY header at byte offset 10: expected a string, True, False or a tuple"))
        let labels = try folder.write("l.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", littleEndian([0.5])))
        let inputs = try folder.write("x.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", littleEndian([1, 2])))
        #expect(errorMessage { try Dataset.loadNPY(inputs: inputs, labels: labels) }
                == "\(labels): label 0 is 0.5, not a whole number: say target=\"values\" for real-valued (regression) targets, or target=\"classes\" for class labels")
        #expect(errorMessage { try Dataset.loadNPY(inputs: inputs, labels: labels, target: .classes) }
                == "\(labels): label 0 is 0.5; class labels must be whole numbers from 0 to 65535")
    }

    @Test func realValuedTargetsLoadAsValuesAndNaNIsRefused() throws {
        let folder = try TemporaryFolder()
        let inputs = folder.path + "/x.npy", targets = folder.path + "/y.npy", bad = folder.path + "/nan.npy"
        try Tensor(shape: [3, 2], data: [1, 2, 3, 4, 5, 6]).saveNPY(to: inputs)
        try Tensor(shape: [3, 1], data: [0.5, -1.25, 2]).saveNPY(to: targets)
        let data = try Dataset.loadNPY(inputs: inputs, labels: targets, target: .values)
        #expect(data.targets.valuesTensor?.shape == [3, 1] && data.targets.valuesTensor?.data == [0.5, -1.25, 2])
        #expect(data.description == "npy: 3 samples, inputs [2], real-valued targets [1]")
        try Tensor(shape: [3], data: [0.5, .nan, 2]).saveNPY(to: bad)
        #expect(errorMessage { try Dataset.loadNPY(inputs: inputs, labels: bad, target: .values) }
                == "\(bad): label 1: the target nan is not a finite number")
        // A .npz archive's targets are checked the same way.
        let archive = folder.path + "/nan.npz"
        try Dataset(inputs: Tensor(shape: [2, 1], data: [1, 2]), targets: .values(Tensor(shape: [2, 1], data: [0.5, .infinity])))
            .saveNPZ(to: archive)
        #expect(errorMessage { try Dataset.loadNPZ(archive) }
                == "\(archive) (entry targets.npy): target 1: the target inf is not a finite number")
        // Inputs [3, 2] and targets [3, 2] line up; a target file counting other samples does not.
        #expect(try Dataset.loadNPY(inputs: inputs, labels: inputs, target: .values).targets.valuesTensor?.shape == [3, 2])
        try Tensor(shape: [2], data: [1, 2]).saveNPY(to: bad)
        #expect(throws: EngineError.self) { try Dataset.loadNPY(inputs: inputs, labels: bad, target: .values) }
    }
}
