import Testing
import DLEngine

/// IDX files (the MNIST container), written here byte by byte.
@Suite struct IDXTests {
    /// An IDX file: magic (0, 0, type, rank), big-endian sizes, then `payload`.
    func idx(type: UInt8, shape: [Int], payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, type, UInt8(shape.count)]
        for size in shape { bytes += [24, 16, 8, 0].map { UInt8((size >> $0) & 0xFF) } }
        return bytes + payload
    }

    @Test func imagesAndLabelsLoadAsNCHWScaledToOne() throws {
        let folder = try TemporaryFolder()
        let images = try folder.write("images.idx", idx(type: 0x08, shape: [2, 2, 3], payload: [0, 51, 255, 102, 0, 0, 255, 255, 255, 0, 0, 0]))
        let labels = try folder.write("labels.idx", idx(type: 0x08, shape: [2], payload: [7, 3]))
        let data = try Dataset.loadIDX(images: images, labels: labels)
        #expect(data.inputs.shape == [2, 1, 2, 3])
        #expect(data.inputs.data == [0, 0.2, 1, 0.4, 0, 0, 1, 1, 1, 0, 0, 0])
        #expect(data.labels == [7, 3] && data.classCount == 8)
    }

    @Test func everyElementTypeDecodesBigEndian() throws {
        let folder = try TemporaryFolder()
        let cases: [(UInt8, [UInt8], [Float])] = [
            (0x09, [0xFF, 0x05], [-1, 5]),
            (0x0B, [0xFF, 0xFE, 0x01, 0x00], [-2, 256]),
            (0x0C, [0x00, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFD], [65536, -3]),
            (0x0D, [0x3F, 0xC0, 0x00, 0x00, 0xC0, 0x20, 0x00, 0x00], [1.5, -2.5]),
            (0x0E, [0x3F, 0xF8, 0, 0, 0, 0, 0, 0, 0x40, 0x24, 0, 0, 0, 0, 0, 0], [1.5, 10]),
        ]
        for (type, payload, expected) in cases {
            let path = try folder.write("t\(type).idx", idx(type: type, shape: [2], payload: payload))
            let t = try Tensor.loadIDX(path)
            #expect(t.shape == [2] && t.data == expected, "type 0x\(String(type, radix: 16))")
        }
    }

    @Test func damagedFilesNameThePlace() throws {
        let folder = try TemporaryFolder()
        let wrongMagic = try folder.write("magic.idx", [1, 0, 8, 1, 0, 0, 0, 1, 5])
        #expect(errorMessage { try Tensor.loadIDX(wrongMagic) }
                == "\(wrongMagic): not an IDX file: the magic number 0x01000801 at byte offset 0 should start with two zero bytes")
        let unknown = try folder.write("type.idx", [0, 0, 7, 1, 0, 0, 0, 1, 5])
        #expect(errorMessage { try Tensor.loadIDX(unknown) }.hasPrefix("\(unknown): unknown IDX element type 0x07 at byte offset 2"))
        let rankZero = try folder.write("rank.idx", [0, 0, 8, 0])
        #expect(errorMessage { try Tensor.loadIDX(rankZero) } == "\(rankZero): the IDX rank at byte offset 3 is 0; it must be at least 1")
        let cut = try folder.write("cut.idx", [0, 0, 8, 3, 0, 0, 0, 2, 0, 0])
        #expect(errorMessage { try Tensor.loadIDX(cut) }
                == "\(cut): truncated: size 2 of 3 in the IDX header needs 4 bytes at byte offset 8, but the file ends at byte 10")
        let short = try folder.write("short.idx", idx(type: 0x08, shape: [10, 28, 28], payload: [1, 2, 3]))
        #expect(errorMessage { try Tensor.loadIDX(short) }
                == "\(short): the shape [10, 28, 28] of uint8 needs 7840 bytes of data after byte offset 16, but the file has 3")
        let huge = try folder.write("huge.idx", idx(type: 0x0E, shape: [0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF], payload: []))
        #expect(errorMessage { try Tensor.loadIDX(huge) }.contains("too large"))
        let empty = try folder.write("empty.idx", [])
        #expect(errorMessage { try Tensor.loadIDX(empty) }.contains("truncated: the IDX magic number needs 1 bytes at byte offset 0"))
    }

    @Test func imagesAndLabelsMustAgree() throws {
        let folder = try TemporaryFolder()
        let images = try folder.write("images.idx", idx(type: 0x08, shape: [3, 1, 1], payload: [1, 2, 3]))
        let labels = try folder.write("labels.idx", idx(type: 0x08, shape: [2], payload: [0, 1]))
        #expect(errorMessage { try Dataset.loadIDX(images: images, labels: labels) }
                == "\(labels): holds 2 labels, but \(images) holds 3 samples; they must count the same")
        let floats = try folder.write("floats.idx", idx(type: 0x0D, shape: [1], payload: [0x3F, 0xC0, 0, 0]))
        #expect(errorMessage { try Dataset.loadIDX(images: images, labels: floats) }.contains("labels need one integer per sample"))
        let negative = try folder.write("negative.idx", idx(type: 0x09, shape: [3], payload: [0, 0xFF, 1]))
        #expect(errorMessage { try Dataset.loadIDX(images: images, labels: negative) }
                == "\(negative): label 1 is -1.0; class labels must be whole numbers from 0 to 65535")
        #expect(errorMessage { try Dataset.loadIDX(images: labels, labels: labels) }.contains("images need [N, H, W]"))
    }
}
