import Foundation

/// The subset of the ZIP format that NumPy's `.npz` files use (PKWARE APPNOTE 6.3): a list of named
/// entries, each a local header and its bytes, then a central directory and its end record.
///
/// Writing: entries stored uncompressed (method 0) with their CRC-32, as `numpy.savez` writes them; the
/// time stamp is fixed (1980-01-01 00:00) so the same arrays give the same bytes. Reading: stored
/// entries, and deflated ones (method 8, `numpy.savez_compressed`) through ``Inflate``; the sizes come
/// from the central directory (NumPy's local headers may hold ZIP64 placeholders) and every CRC-32 is
/// checked. Archives of 4 GiB and more (ZIP64), encrypted entries and other methods are clear errors.
enum ZipArchive {
    /// Signatures of the records, as little-endian UInt32s.
    private static let localHeader: UInt32 = 0x0403_4B50
    private static let centralHeader: UInt32 = 0x0201_4B50
    private static let endRecord: UInt32 = 0x0605_4B50

    /// The bytes of an archive holding `entries` (name, contents) uncompressed, in that order.
    /// - Throws: ``EngineError/invalidArgument(_:)`` when the archive would need ZIP64 (4 GiB or more, or
    ///   more than 65535 entries).
    static func encode(_ entries: [(name: String, bytes: Data)]) throws -> Data {
        guard entries.count <= Int(UInt16.max) else { throw EngineError.invalidArgument("too many entries for a ZIP archive") }
        var out = Data(), directory = Data()
        let date: UInt16 = 1 << 5 | 1  // 1980-01-01; time 00:00:00
        for (name, bytes) in entries {
            let offset = out.count
            guard bytes.count < Int(UInt32.max), offset < Int(UInt32.max) else {
                throw EngineError.invalidArgument("the archive would be 4 GiB or more, which needs ZIP64; save fewer samples")
            }
            let nameBytes = Array(name.utf8), crc = CRC32.checksum(bytes), size = UInt32(bytes.count)
            // version needed 2.0, flags 0 (bit 11 would mark UTF-8 names), method 0, time, date
            func common(_ data: inout Data) {
                data.appendLittleEndian16(20); data.appendLittleEndian16(0); data.appendLittleEndian16(0)
                data.appendLittleEndian16(0); data.appendLittleEndian16(date)
                data.appendLittleEndian(crc); data.appendLittleEndian(size); data.appendLittleEndian(size)
                data.appendLittleEndian16(UInt16(nameBytes.count)); data.appendLittleEndian16(0)  // extra length
            }
            out.appendLittleEndian(localHeader)
            common(&out)
            out.append(contentsOf: nameBytes)
            out.append(bytes)
            directory.appendLittleEndian(centralHeader)
            directory.appendLittleEndian16(20)  // made by: version 2.0, MS-DOS attributes
            common(&directory)
            directory.appendLittleEndian16(0)  // comment length
            directory.appendLittleEndian16(0)  // disk number
            directory.appendLittleEndian16(0)  // internal attributes
            directory.appendLittleEndian(UInt32(0))  // external attributes
            directory.appendLittleEndian(UInt32(offset))
            directory.append(contentsOf: nameBytes)
        }
        guard out.count + directory.count < Int(UInt32.max) else {
            throw EngineError.invalidArgument("the archive would be 4 GiB or more, which needs ZIP64; save fewer samples")
        }
        let directoryOffset = UInt32(out.count)
        out.append(directory)
        out.appendLittleEndian(endRecord)
        out.appendLittleEndian16(0); out.appendLittleEndian16(0)  // this disk, the directory's disk
        out.appendLittleEndian16(UInt16(entries.count)); out.appendLittleEndian16(UInt16(entries.count))
        out.appendLittleEndian(UInt32(directory.count)); out.appendLittleEndian(directoryOffset)
        out.appendLittleEndian16(0)  // comment length
        return out
    }

    /// The entries of the archive in `data`, in directory order.
    /// - Throws: ``EngineError/file(path:_:)`` naming the entry and byte offset of what is wrong: not a
    ///   ZIP file, truncated, ZIP64, encrypted, an unsupported method, or a CRC-32 mismatch.
    static func decode(_ data: Data, path: String) throws -> [(name: String, bytes: Data)] {
        let b = [UInt8](data)
        func fail(_ text: String) -> EngineError { EngineError.file(path: path, text) }
        func u16(_ at: Int) -> Int { Int(b[at]) | Int(b[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { Int(b.readUInt32(at: at)) }
        // The end record is 22 bytes plus a comment of up to 65535; search backwards for its signature.
        guard b.count >= 22 else { throw fail("not a ZIP (.npz) archive: \(b.count) bytes is too short for its end record") }
        var end = -1
        for at in stride(from: b.count - 22, through: Swift.max(0, b.count - 22 - 65535), by: -1)
        where u32(at) == Int(endRecord) && at + 22 + u16(at + 20) == b.count {
            end = at
            break
        }
        guard end >= 0 else { throw fail("not a ZIP (.npz) archive, or a truncated one: no end-of-directory record") }
        let count = u16(end + 10), directorySize = u32(end + 12), directoryOffset = u32(end + 16)
        guard count != 0xFFFF, directoryOffset != 0xFFFF_FFFF else {
            throw fail("a ZIP64 archive (4 GiB or more) is not supported")
        }
        guard directoryOffset + directorySize <= end else {
            throw fail("truncated or corrupt: the central directory at byte offset \(directoryOffset) (\(directorySize) bytes) runs past the end record at \(end)")
        }
        var entries: [(name: String, bytes: Data)] = []
        var at = directoryOffset
        for index in 0 ..< count {
            guard at + 46 <= end, u32(at) == Int(centralHeader) else {
                throw fail("corrupt central directory: entry \(index) at byte offset \(at) has no directory header")
            }
            let flags = u16(at + 8), method = u16(at + 10), crc = UInt32(u32(at + 16))
            let compressed = u32(at + 20), size = u32(at + 24)
            let nameLength = u16(at + 28), extraLength = u16(at + 30), commentLength = u16(at + 32)
            let local = u32(at + 42)
            guard at + 46 + nameLength <= end else { throw fail("corrupt central directory: entry \(index)'s name runs past its end") }
            let name = String(decoding: b[at + 46 ..< at + 46 + nameLength], as: UTF8.self)
            at += 46 + nameLength + extraLength + commentLength
            func entryFail(_ text: String) -> EngineError { fail("entry \(name): \(text)") }
            guard compressed != 0xFFFF_FFFF, size != 0xFFFF_FFFF, local != 0xFFFF_FFFF else {
                throw entryFail("ZIP64 sizes (4 GiB or more) are not supported")
            }
            guard flags & 1 == 0 else { throw entryFail("encrypted entries are not supported") }
            guard local + 30 <= b.count, u32(local) == Int(localHeader) else {
                throw entryFail("no local header at byte offset \(local)")
            }
            let start = local + 30 + u16(local + 26) + u16(local + 28)
            guard start + compressed <= directoryOffset else {
                throw entryFail("truncated: its \(compressed) bytes at byte offset \(start) run past the central directory at \(directoryOffset)")
            }
            let stored = Data(b[start ..< start + compressed])
            let bytes: Data
            switch method {
            case 0:
                guard compressed == size else { throw entryFail("a stored entry of \(compressed) bytes claims \(size)") }
                bytes = stored
            case 8:
                bytes = try Inflate.decompress(stored, expectedSize: size) { entryFail("bad deflate data at byte \(start + $0): \($1)") }
            default:
                throw entryFail("compression method \(method) is not supported (stored and deflate are)")
            }
            guard CRC32.checksum(bytes) == crc else {
                throw entryFail("corrupt: its CRC-32 does not match (data at byte offset \(start))")
            }
            entries.append((name, bytes))
        }
        return entries
    }
}

extension Data {
    mutating func appendLittleEndian16(_ value: UInt16) {
        append(contentsOf: [UInt8(value & 0xFF), UInt8(value >> 8)])
    }
}
