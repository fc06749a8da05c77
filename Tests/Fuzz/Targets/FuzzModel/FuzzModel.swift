import DLEngine
import FuzzSupport

/// Any bytes as a `.dlnbmodel` file. The last four bytes are first replaced by the CRC-32 of the rest, so
/// that mutations reach the header and layer parsing behind the checksum (a wrong checksum is an
/// ordinary unit test). A model that loads is summarised, run on one input and saved again.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModel(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    var bytes = Array(Fuzz.buffer(data, size))
    if bytes.count >= 8 {
        let crc = CRC32.checksum(bytes[..<(bytes.count - 4)])
        for i in 0 ..< 4 { bytes[bytes.count - 4 + i] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(i))) }
    }
    let path = bytes.withUnsafeBytes { Fuzz.file("input.dlnbmodel", $0) }
    guard let model = try? Sequential.load(from: path) else { return 0 }
    _ = model.summary(inputShape: model.expectedInputShape)
    if let shape = model.expectedInputShape, let x = try? Tensor.zeros([1] + shape) {
        _ = try? model.predict(x)
    }
    try? model.save(to: path + ".saved")
    return 0
}

Fuzz.run { data, size in fuzzModel(data, size) }
