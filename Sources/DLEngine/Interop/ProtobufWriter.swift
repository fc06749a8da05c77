/// A minimal Protocol Buffers encoder (the wire format of protobuf 2 and 3), enough to write ONNX
/// models without a package: varints, 32-bit floats, length-delimited bytes, strings and nested
/// messages. Fields are written in the order the caller writes them; repeated scalars unpacked (proto2's
/// default, which every parser accepts).
///
/// Wire format: each field is a key `(fieldNumber << 3) | wireType` as a varint, then the value —
/// wire type 0 a varint (7 bits per byte, least significant group first, high bit set on all but the
/// last byte; a negative `int64` as its 64-bit two's complement, 10 bytes), 5 four little-endian bytes,
/// 2 a varint length and that many bytes.
public struct ProtobufWriter {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    public init() {}

    enum WireType: UInt64 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
    }

    /// Appends `value` as a varint (no key).
    public mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func key(_ field: Int, _ type: WireType) {
        varint(UInt64(field) << 3 | type.rawValue)
    }

    /// An `int64`, `int32` or enum field (negative values as 10-byte two's complement, as protobuf does).
    public mutating func int(_ field: Int, _ value: Int) {
        key(field, .varint)
        varint(UInt64(bitPattern: Int64(value)))
    }

    /// A `float` field: four bytes, little-endian IEEE 754.
    public mutating func float(_ field: Int, _ value: Float) {
        key(field, .fixed32)
        let bits = value.bitPattern
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt32(shift))) }
    }

    /// A `bytes` field.
    public mutating func data(_ field: Int, _ value: [UInt8]) {
        key(field, .lengthDelimited)
        varint(UInt64(value.count))
        bytes += value
    }

    /// A `string` field (UTF-8).
    public mutating func string(_ field: Int, _ value: String) {
        data(field, Array(value.utf8))
    }

    /// A nested message field, written by `body` into a writer of its own.
    public mutating func message(_ field: Int, _ body: (inout ProtobufWriter) -> Void) {
        var inner = ProtobufWriter()
        body(&inner)
        data(field, inner.bytes)
    }
}
