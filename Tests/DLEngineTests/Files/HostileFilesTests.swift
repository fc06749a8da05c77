import Testing
import DLEngine

/// Every prefix of a valid file, and seeded random corruptions of it, load or give an EngineError:
/// nothing a file holds may trap.
@Suite struct HostileFilesTests {
    /// Loads each truncation and 300 corruptions of `bytes` with `load`; any error other than an
    /// EngineError (or a trap, which ends the run) fails.
    func survive(_ bytes: [UInt8], name: String, _ load: (String) throws -> Any) throws {
        let folder = try TemporaryFolder()
        var rng = RandomGenerator(seed: 99)
        var variants = (0 ..< bytes.count).map { Array(bytes[0 ..< $0]) }
        for _ in 0 ..< 300 {
            var damaged = bytes
            for _ in 0 ..< 1 + rng.integer(below: 3) {
                damaged[rng.integer(below: damaged.count)] = UInt8(truncatingIfNeeded: rng.next())
            }
            variants.append(damaged)
        }
        for (i, variant) in variants.enumerated() {
            let path = try folder.write("\(i)-\(name)", variant)
            do { _ = try load(path) } catch is EngineError {} catch { Issue.record("variant \(i): \(error)") }
        }
    }

    @Test func idx() throws {
        let file: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2] + (0 ..< 8).map(UInt8.init)
        try survive(file, name: "x.idx") { try Tensor.loadIDX($0) }
    }

    @Test func npy() throws {
        let header = Array("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }".utf8)
        let padded = header + [UInt8](repeating: 0x20, count: 128 - 10 - header.count - 1) + [0x0A]
        let file = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(padded.count), 0] + padded + [UInt8](repeating: 0x3F, count: 16)
        try survive(file, name: "x.npy") { try Tensor.loadNPY($0) }
    }

    @Test func csv() throws {
        let file = Array("a,b,\"label\"\n1.5,2,cat\n3,-4e2,dog\n5,6,cat\n".utf8)
        try survive(file, name: "x.csv") { try Dataset.loadCSV(path: $0) }
    }
}
