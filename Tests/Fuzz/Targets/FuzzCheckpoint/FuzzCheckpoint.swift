import DLEngine
import FuzzSupport

/// Any bytes as a training checkpoint (`.dlnbckpt`) or, when they start with `DLNBOPTM`, an optimizer file
/// (`.dlnbopt`). The last four bytes are first replaced by the CRC-32 of the rest, so that mutations reach
/// the header behind the checksum (a wrong checksum is an ordinary unit test). A checkpoint that loads has
/// its optimizer and schedule rebuilt, is written again, and is resumed in a session that then trains one
/// epoch on a small data set; an optimizer file is loaded for a small model.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckpoint(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    var bytes = Array(Fuzz.buffer(data, size))
    if bytes.count >= 8 {
        let crc = CRC32.checksum(bytes[..<(bytes.count - 4)])
        for i in 0 ..< 4 { bytes[bytes.count - 4 + i] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(i))) }
    }
    if bytes.starts(with: Array("DLNBOPTM".utf8)) {
        let path = bytes.withUnsafeBytes { Fuzz.file("input.dlnbopt", $0) }
        var generator = RandomGenerator(seed: 1)
        if let layer = try? Linear(inputSize: 2, outputSize: 3, using: &generator) {
            _ = try? OptimizerSnapshot.load(from: path, for: Sequential([layer]))
        }
        return 0
    }
    let path = bytes.withUnsafeBytes { Fuzz.file("input.dlnbckpt", $0) }
    guard let checkpoint = try? TrainingCheckpoint.load(from: path) else { return 0 }
    _ = try? checkpoint.makeOptimizer(for: checkpoint.model)
    _ = try? checkpoint.makeSchedule()
    try? checkpoint.save(to: path + ".saved")
    let session = Fuzz.session()
    _ = session.run("data = spiral 4 3\nresume \"input.dlnbckpt\"\nfit data epochs=1 batch=4 verbose=0")
    Fuzz.requireWorking(session)
    return 0
}

Fuzz.run { data, size in fuzzCheckpoint(data, size) }
