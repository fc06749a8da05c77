import Testing
@testable import DLEngine

/// The protobuf encoder against bytes worked out by hand from the wire-format rules (the first three
/// are the examples of protobuf's encoding guide: 150 as field 1 is `08 96 01`, "testing" as field 2 is
/// `12 07 74 65 73 74 69 6e 67`).
@Suite struct ProtobufWriterTests {
    @Test func varints() {
        var w = ProtobufWriter()
        w.varint(0); w.varint(1); w.varint(127); w.varint(128); w.varint(300)
        // 128 = 0b1_0000000 → 80 01; 300 = 0b10_0101100 → ac 02
        #expect(w.bytes == [0x00, 0x01, 0x7F, 0x80, 0x01, 0xAC, 0x02])
    }

    @Test func integerField() {
        var w = ProtobufWriter()
        w.int(1, 150)
        #expect(w.bytes == [0x08, 0x96, 0x01])
    }

    @Test func negativeIntegerIsTenBytesOfTwosComplement() {
        var w = ProtobufWriter()
        w.int(3, -1)
        #expect(w.bytes == [0x18] + [UInt8](repeating: 0xFF, count: 9) + [0x01])
    }

    @Test func stringField() {
        var w = ProtobufWriter()
        w.string(2, "testing")
        #expect(w.bytes == [0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6E, 0x67])
    }

    @Test func floatFieldIsFixed32LittleEndian() {
        var w = ProtobufWriter()
        w.float(2, 1.0)  // key (2 << 3) | 5 = 0x15; 1.0f = 0x3F800000
        #expect(w.bytes == [0x15, 0x00, 0x00, 0x80, 0x3F])
    }

    @Test func nestedMessageIsLengthDelimited() {
        var w = ProtobufWriter()
        w.message(3) { $0.int(1, 150) }  // key (3 << 3) | 2 = 0x1a, length 3
        #expect(w.bytes == [0x1A, 0x03, 0x08, 0x96, 0x01])
    }

    @Test func fieldNumbersAbove15TakeTwoKeyBytes() {
        var w = ProtobufWriter()
        w.int(20, 7)  // (20 << 3) | 0 = 160 → a0 01
        #expect(w.bytes == [0xA0, 0x01, 0x07])
    }
}
