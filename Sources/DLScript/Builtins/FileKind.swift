import Foundation

/// The kinds of file `load` reads, told by their first bytes (magic numbers) and, for text, by the name.
enum FileKind {
    case model, npy, idx, csv

    /// The kind of the file at `path` from its first bytes: `DLNBMODL` a model, `\x93NUMPY` an NPY array,
    /// two zero bytes, a known type code and a rank of 1 to 4 an IDX file; otherwise the name decides
    /// (`.csv`, `.dlnbmodel`, `.npy`, `idx`/`-ubyte` in it). `nil` when neither tells.
    static func of(_ path: String, name: String) -> FileKind? {
        if let handle = FileHandle(forReadingAtPath: path) {
            defer { try? handle.close() }
            let head = [UInt8]((try? handle.read(upToCount: 8)) ?? Data())
            if head.starts(with: Array("DLNBMODL".utf8)) { return .model }
            if head.starts(with: [0x93] + Array("NUMPY".utf8)) { return .npy }
            if head.count >= 4, head[0] == 0, head[1] == 0, [0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E].contains(head[2]),
               (1 ... 4).contains(head[3]) { return .idx }
        }
        let lower = name.lowercased()
        if lower.hasSuffix(".csv") { return .csv }
        if lower.hasSuffix(".dlnbmodel") { return .model }
        if lower.hasSuffix(".npy") { return .npy }
        if lower.contains("idx") || lower.hasSuffix("-ubyte") { return .idx }
        return nil
    }
}
