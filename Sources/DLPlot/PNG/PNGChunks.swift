/// Reading and inserting the chunks of an encoded PNG stream: an 8-byte signature, then chunks of a
/// 4-byte big-endian length, a 4-byte type, the data and a CRC-32 of type and data.
enum PNGChunks {
    static let signature: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]

    /// The chunks of `png` in order, as type and data.
    /// - Throws: ``PlotError/png(_:)`` when the signature, a length or a CRC is wrong.
    static func chunks(of png: [UInt8]) throws -> [(type: String, data: ArraySlice<UInt8>)] {
        guard png.count >= 8, Array(png[0..<8]) == signature else { throw PlotError.png("not a PNG file (bad signature)") }
        var result: [(type: String, data: ArraySlice<UInt8>)] = []
        var offset = 8
        while offset < png.count {
            guard png.count - offset >= 12 else { throw PlotError.png("truncated chunk at byte \(offset)") }
            let length = Int(readUInt32(png, offset))
            guard length <= png.count - offset - 12 else { throw PlotError.png("truncated chunk at byte \(offset)") }
            let typeBytes = png[(offset + 4)..<(offset + 8)]
            let type = String(decoding: typeBytes, as: UTF8.self)
            let data = png[(offset + 8)..<(offset + 8 + length)]
            guard CRC32.checksum(png[(offset + 4)..<(offset + 8 + length)]) == readUInt32(png, offset + 8 + length) else {
                throw PlotError.png("bad CRC in chunk \(type)")
            }
            result.append((type, data))
            offset += 12 + length
            if type == "IEND" { break }
        }
        return result
    }

    /// `png` with the given chunks inserted right after `IHDR` (which always comes first).
    /// - Throws: ``PlotError/png(_:)`` when `png` does not start with a signature and an `IHDR` chunk.
    static func inserting(_ chunks: [(type: String, data: [UInt8])], into png: [UInt8]) throws -> [UInt8] {
        let headerEnd = 8 + 12 + 13
        guard png.count >= headerEnd, Array(png[0..<8]) == signature,
              String(decoding: png[12..<16], as: UTF8.self) == "IHDR", readUInt32(png, 8) == 13 else {
            throw PlotError.png("the encoded stream does not start with IHDR")
        }
        var result = Array(png[0..<headerEnd])
        for chunk in chunks {
            let body = Array(chunk.type.utf8) + chunk.data
            appendUInt32(&result, UInt32(chunk.data.count))
            result += body
            appendUInt32(&result, CRC32.checksum(body))
        }
        result += png[headerEnd...]
        return result
    }

    /// The text entries (`tEXt` and uncompressed `iTXt`) of `png`, in order.
    /// - Throws: ``PlotError/png(_:)`` when the stream is not a well-formed PNG.
    static func texts(of png: [UInt8]) throws -> [PNGText] {
        try chunks(of: png).compactMap { chunk -> PNGText? in
            guard chunk.type == "tEXt" || chunk.type == "iTXt",
                  let nul = chunk.data.firstIndex(of: 0) else { return nil }
            let keyword = String(decoding: chunk.data[chunk.data.startIndex..<nul], as: UTF8.self)
            var rest = chunk.data[(nul + 1)...]
            if chunk.type == "iTXt" {
                // compression flag and method, then language tag and translated keyword, each NUL-ended.
                guard rest.count >= 2, rest.first == 0 else { return nil }
                rest = rest.dropFirst(2)
                for _ in 0..<2 {
                    guard let end = rest.firstIndex(of: 0) else { return nil }
                    rest = rest[(end + 1)...]
                }
                return PNGText(keyword: keyword, text: String(decoding: rest, as: UTF8.self))
            }
            return PNGText(keyword: keyword, text: String(decoding: rest, as: UTF8.self))
        }
    }

    private static func readUInt32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    private static func appendUInt32(_ bytes: inout [UInt8], _ value: UInt32) {
        bytes += [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
