import Foundation

/// The layout of dlnb's binary files: a JSON header and named float32 arrays, versioned and checksummed.
/// ``ModelArchive`` (`.dlnbmodel`) introduced it; training checkpoints (`.dlnbckpt`) and optimizer files
/// (`.dlnbopt`) use it with their own magic numbers.
///
/// ```
/// offset  size  content
/// 0       8     magic (e.g. "DLNBCKPT")
/// 8       4     format version (UInt32, little-endian)
/// 12      4     header length H (UInt32)
/// 16      H     header: a UTF-8 JSON object; its "tensors" entry lists the arrays: [{"name", "shape"}]
/// 16+H    4·Σn  the arrays' float32 values, in that order, row-major, little-endian
/// end−4   4     CRC-32 (zlib's) of every byte before it
/// ```
/// Reading checks, before it allocates anything the size of the data: the magic (naming the kind of a
/// dlnb file of another kind), the version, that each array fits in the bytes there are, the exact length
/// and the checksum.
struct ArchiveContainer {
    /// A kind of file in this layout: its magic number and the words messages use for it.
    struct Kind: Sendable {
        let magic: [UInt8]
        let name: String

        static let model = Kind(magic: Array("DLNBMODL".utf8), name: "a dlnb model file (.dlnbmodel)")
        static let checkpoint = Kind(magic: Array("DLNBCKPT".utf8), name: "a dlnb training checkpoint (.dlnbckpt)")
        static let optimizer = Kind(magic: Array("DLNBOPTM".utf8), name: "a dlnb optimizer file (.dlnbopt)")
        static let all = [model, checkpoint, optimizer]
    }

    /// The header's entries besides "tensors".
    var header: [String: Any]
    /// The arrays, in file order.
    var arrays: [(name: String, shape: [Int], values: [Float])]

    init(header: [String: Any] = [:], arrays: [(name: String, shape: [Int], values: [Float])] = []) {
        (self.header, self.arrays) = (header, arrays)
    }

    /// The values of the array called `name` and its shape, if there is one.
    func array(_ name: String) -> (shape: [Int], values: [Float])? {
        arrays.first { $0.name == name }.map { ($0.shape, $0.values) }
    }

    /// The file's bytes.
    func encoded(_ kind: Kind, version: UInt32) throws -> Data {
        var object = header
        object["tensors"] = arrays.map { ["name": $0.name, "shape": $0.shape] as [String: Any] }
        let json = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        var bytes = Data(kind.magic)
        bytes.appendLittleEndian(version)
        bytes.appendLittleEndian(UInt32(json.count))
        bytes.append(json)
        for array in arrays {
            array.values.withUnsafeBufferPointer { values in
                for v in values { bytes.appendLittleEndian(v.bitPattern) }
            }
        }
        bytes.appendLittleEndian(CRC32.checksum(bytes))
        return bytes
    }

    /// Reads a file of `kind` written by ``encoded(_:version:)`` in a version up to `version`.
    /// - Throws: ``EngineError/file(path:_:)`` saying what is wrong: another kind of file (named when it
    ///   is one of dlnb's), a newer version, truncated, corrupt (checksum), or a malformed header.
    static func decode(_ data: Data, _ kind: Kind, version: UInt32, path: String) throws -> (ArchiveContainer, UInt32) {
        func fail(_ text: String) -> EngineError { .file(path: path, text) }
        let b = [UInt8](data)
        guard b.count >= 8 else { throw fail("not \(kind.name): the file is too short (\(b.count) bytes)") }
        let magic = Array(b[0 ..< 8])
        guard magic == kind.magic else {
            if let other = Kind.all.first(where: { $0.magic == magic }) { throw fail("is \(other.name), not \(kind.name)") }
            throw fail("not \(kind.name) (wrong magic number)")
        }
        guard b.count >= 16 else { throw fail("the file is truncated (\(b.count) bytes, its header is cut off)") }
        let found = b.readUInt32(at: 8)
        guard found >= 1 && found <= version else {
            throw fail("format version \(found) is not supported (this dlnb reads versions 1 to \(version))")
        }
        let headerLength = Int(b.readUInt32(at: 12))
        guard 16 + headerLength + 4 <= b.count else { throw fail("the file is truncated (its header is cut off)") }
        guard var header = try? JSONSerialization.jsonObject(with: Data(b[16 ..< 16 + headerLength])) as? [String: Any],
              let entries = header.removeValue(forKey: "tensors") as? [[String: Any]] else {
            throw fail("the header is malformed")
        }
        var specs: [(String, [Int], Int)] = []
        var total = 0
        for entry in entries {
            guard let name = entry["name"] as? String, let shape = entry["shape"] as? [Int],
                  let count = try? Shape.elementCount(shape) else { throw fail("the header lists a malformed array") }
            total += count
            // Each value takes 4 bytes: the arrays cannot hold more values than the file has bytes.
            guard total <= b.count else { throw fail("the file is truncated (\(b.count) bytes for at least \(total) values)") }
            specs.append((name, shape, count))
        }
        let expected = 16 + headerLength + 4 * total + 4
        guard b.count >= expected else { throw fail("the file is truncated: \(b.count) bytes, expected \(expected)") }
        guard b.count == expected else { throw fail("the file has \(b.count - expected) unexpected bytes at its end") }
        guard CRC32.checksum(b[0 ..< expected - 4]) == b.readUInt32(at: expected - 4) else {
            throw fail("the file is corrupt (checksum mismatch)")
        }
        var offset = 16 + headerLength
        var arrays: [(name: String, shape: [Int], values: [Float])] = []
        for (name, shape, count) in specs {
            let values = BinaryElement.float32.decode(b, offset: offset, count: count, bigEndian: false)
            offset += 4 * count
            arrays.append((name, shape, values))
        }
        return (ArchiveContainer(header: header, arrays: arrays), found)
    }
}

/// Exact numbers in a JSON header: a `Float` as its IEEE-754 bit pattern (an integer below 2³², which JSON
/// carries exactly), a `Double` or a `UInt64` as 16 hexadecimal digits (JSON numbers are doubles, which
/// cannot carry every 64-bit pattern).
enum ExactNumber {
    static func encode(_ value: Float) -> Int { Int(value.bitPattern) }

    static func float(_ any: Any?) -> Float? {
        guard let bits = any as? Int, bits >= 0, bits <= Int(UInt32.max) else { return nil }
        return Float(bitPattern: UInt32(bits))
    }

    static func encode(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    static func word(_ any: Any?) -> UInt64? {
        guard let text = any as? String, text.count == 16 else { return nil }
        return UInt64(text, radix: 16)
    }

    static func encode(_ value: Double) -> String { encode(value.bitPattern) }

    static func double(_ any: Any?) -> Double? { word(any).map(Double.init(bitPattern:)) }
}
