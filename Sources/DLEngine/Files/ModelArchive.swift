import Foundation

/// The `.dlnbmodel` file format: a model's architecture and its tensors, versioned and checksummed.
///
/// Layout (all integers little-endian):
/// ```
/// offset  size  content
/// 0       8     magic "DLNBMODL"
/// 8       4     format version (UInt32, currently 1)
/// 12      4     header length H (UInt32)
/// 16      H     header: UTF-8 JSON {"layers": [{"type": "Linear", ...}], "tensors": [{"name", "shape"}]}
/// 16+H    4·Σn  tensor data: float32 values of each tensor in header order, row-major
/// end−4   4     CRC-32 (zlib's) of every byte before it
/// ```
/// A reader checks the magic, the version, that the length is exactly what the header implies
/// (a truncated file says so) and the checksum (a corrupted file says so), before it builds anything.
public struct ModelArchive {
    public static let magic = Array("DLNBMODL".utf8)
    public static let version: UInt32 = 1

    /// One entry per layer: its type name and configuration (JSON-compatible values).
    public var layers: [[String: Any]]
    /// The named tensors, in file order.
    public var tensors: [(name: String, tensor: Tensor)]

    public init(layers: [[String: Any]], tensors: [(name: String, tensor: Tensor)]) {
        self.layers = layers
        self.tensors = tensors
    }

    /// The file's bytes.
    public func encoded() throws -> Data {
        let header: [String: Any] = [
            "layers": layers,
            "tensors": tensors.map { ["name": $0.name, "shape": $0.tensor.shape] as [String: Any] },
        ]
        let json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        var bytes = Data(ModelArchive.magic)
        bytes.appendLittleEndian(ModelArchive.version)
        bytes.appendLittleEndian(UInt32(json.count))
        bytes.append(json)
        for (_, tensor) in tensors {
            tensor.data.withUnsafeBufferPointer { values in
                for v in values { bytes.appendLittleEndian(v.bitPattern) }
            }
        }
        bytes.appendLittleEndian(CRC32.checksum(bytes))
        return bytes
    }

    /// Reads an archive from the bytes of a file (`path` is only for messages).
    /// - Throws: ``EngineError/file(path:_:)`` saying what is wrong: not a model file, a newer version,
    ///   truncated, corrupt (checksum), or a malformed header.
    public static func decode(_ bytes: Data, path: String) throws -> ModelArchive {
        func fail(_ text: String) -> EngineError { .file(path: path, text) }
        let b = [UInt8](bytes)
        guard b.count >= 16, Array(b[0 ..< 8]) == magic else { throw fail("not a dlnb model file (wrong magic number)") }
        let version = b.readUInt32(at: 8)
        guard version >= 1 && version <= ModelArchive.version else {
            throw fail("model file format version \(version) is not supported (this dlnb reads version \(ModelArchive.version))")
        }
        let headerLength = Int(b.readUInt32(at: 12))
        guard 16 + headerLength + 4 <= b.count else { throw fail("the file is truncated (its header is cut off)") }
        guard let header = try? JSONSerialization.jsonObject(with: Data(b[16 ..< 16 + headerLength])) as? [String: Any],
              let layers = header["layers"] as? [[String: Any]],
              let entries = header["tensors"] as? [[String: Any]] else {
            throw fail("the header is malformed")
        }
        var specs: [(String, [Int])] = []
        var total = 0
        for entry in entries {
            guard let name = entry["name"] as? String, let shape = entry["shape"] as? [Int],
                  let count = try? Shape.elementCount(shape) else { throw fail("the header lists a malformed tensor") }
            specs.append((name, shape))
            total += count
            guard total <= b.count else { throw fail("the file is truncated (\(b.count) bytes for at least \(total * 4) bytes of weights)") }
        }
        let expected = 16 + headerLength + 4 * total + 4
        guard b.count >= expected else { throw fail("the file is truncated: \(b.count) bytes, expected \(expected)") }
        guard b.count == expected else { throw fail("the file has \(b.count - expected) unexpected bytes at its end") }
        guard CRC32.checksum(b[0 ..< expected - 4]) == b.readUInt32(at: expected - 4) else {
            throw fail("the file is corrupt (checksum mismatch)")
        }
        var offset = 16 + headerLength
        var tensors: [(name: String, tensor: Tensor)] = []
        for (name, shape) in specs {
            let count = shape.reduce(1, *)
            let values = (0 ..< count).map { Float(bitPattern: b.readUInt32(at: offset + 4 * $0)) }
            offset += 4 * count
            tensors.append((name, try Tensor(shape: shape, data: values)))
        }
        return ModelArchive(layers: layers, tensors: tensors)
    }
}

extension Data {
    mutating func appendLittleEndian(_ value: UInt32) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

extension Array where Element == UInt8 {
    /// A little-endian UInt32 at `offset`; callers check the bounds first.
    func readUInt32(at offset: Int) -> UInt32 {
        UInt32(self[offset]) | UInt32(self[offset + 1]) << 8 | UInt32(self[offset + 2]) << 16 | UInt32(self[offset + 3]) << 24
    }
}
