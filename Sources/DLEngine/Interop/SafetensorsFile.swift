import Foundation

/// The `.safetensors` format (Hugging Face's, which `safetensors.torch.save_file` and `load_file` use):
///
/// ```
/// offset   size  content
/// 0        8     header length H (UInt64, little-endian)
/// 8        H     header: UTF-8 JSON {"NAME": {"dtype": "F32", "shape": [100, 2], "data_offsets": [BEGIN, END]},
///                 ..., "__metadata__": {"format": "pt"}}, padded with spaces
/// 8+H      ...   the data buffer; each tensor's little-endian, row-major bytes at [BEGIN, END) within it
/// ```
/// dlnb writes F32 and I64 tensors, back to back in state-dict order with no gaps, and pads the header
/// so the buffer starts at a multiple of 8 bytes. A reader checks that the header fits in the file, that
/// it is JSON of that form, and that every tensor's offsets lie in the buffer and match its shape and
/// dtype, naming the tensor and byte offsets of what is wrong.
enum SafetensorsFile {
    /// One tensor as stored: its dtype name (`F32`, `I64`, ...), shape and bytes.
    struct Entry {
        let name: String
        let dtype: String
        let shape: [Int]
        let bytes: ArraySlice<UInt8>
    }

    /// Bytes per element of the dtypes the format defines.
    static let sizes: [String: Int] = [
        "BOOL": 1, "U8": 1, "I8": 1, "F8_E4M3": 1, "F8_E5M2": 1, "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
        "I32": 4, "U32": 4, "F32": 4, "I64": 8, "U64": 8, "F64": 8,
    ]

    /// Headers beyond this size are refused before parsing (the reference implementation's limit).
    static let maximumHeader = 100_000_000

    /// The file's bytes for `tensors`, in that order.
    static func encode(_ tensors: [PyTorchTensor]) -> Data {
        var header = "{", offset = 0
        for t in tensors {
            let size = t.values.count * (t.values.dtype == "I64" ? 8 : 4)
            header += "\"\(t.name)\":{\"dtype\":\"\(t.values.dtype)\",\"shape\":[\(t.shape.map(String.init).joined(separator: ","))],"
                + "\"data_offsets\":[\(offset),\(offset + size)]},"
            offset += size
        }
        header += "\"__metadata__\":{\"format\":\"pt\"}}"
        header += String(repeating: " ", count: (8 - header.utf8.count % 8) % 8)
        var out = Data()
        Swift.withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: Array(header.utf8))
        out.reserveCapacity(out.count + offset)
        for t in tensors {
            switch t.values {
            case .float32(let v): for x in v { out.appendLittleEndian(x.bitPattern) }
            case .int64(let v): for x in v { Swift.withUnsafeBytes(of: Int64(x).littleEndian) { out.append(contentsOf: $0) } }
            }
        }
        return out
    }

    /// The tensors in a file's bytes, in header order (sorted by their offsets).
    /// - Throws: ``EngineError/file(path:_:)`` naming the place of what is wrong.
    static func decode(_ data: Data, path: String) throws -> [Entry] {
        let b = [UInt8](data)
        func fail(_ text: String) -> EngineError { EngineError.file(path: path, text) }
        guard b.count >= 8 else { throw fail("truncated: \(b.count) bytes, too short for the 8-byte header length") }
        let length = b[0 ..< 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard length <= UInt64(maximumHeader) else { throw fail("the header length at byte offset 0 is \(length) bytes, more than the limit of \(maximumHeader)") }
        let headerEnd = 8 + Int(length)
        guard headerEnd <= b.count else {
            throw fail("truncated: the header at byte offset 8 needs \(length) bytes, but the file ends at byte \(b.count)")
        }
        guard let json = try? JSONSerialization.jsonObject(with: Data(b[8 ..< headerEnd])) as? [String: Any] else {
            throw fail("the header at byte offset 8 is not a JSON object")
        }
        let buffer = b.count - headerEnd
        var entries: [(Int, Entry)] = []
        for (name, value) in json where name != "__metadata__" {
            func bad(_ text: String) -> EngineError { fail("tensor '\(name)': \(text)") }
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                  let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int], offsets.count == 2 else {
                throw bad("its header entry needs a dtype, a shape and two data_offsets")
            }
            guard let size = sizes[dtype] else { throw bad("unknown dtype '\(dtype)'") }
            guard shape.allSatisfy({ $0 >= 0 }), let count = try? Shape.elementCount(shape) else {
                throw bad("bad shape \(EngineError.format(shape))")
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, begin <= end, end <= buffer else {
                throw bad("its data_offsets [\(begin), \(end)] lie outside the data buffer of \(buffer) bytes (byte offset \(headerEnd) on); the file may be truncated")
            }
            let (needed, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, needed == end - begin else {
                throw bad("shape \(EngineError.format(shape)) of \(dtype) needs \(overflow ? "too many" : String(needed)) bytes, but its data_offsets [\(begin), \(end)] hold \(end - begin)")
            }
            entries.append((begin, Entry(name: name, dtype: dtype, shape: shape, bytes: b[headerEnd + begin ..< headerEnd + end])))
        }
        return entries.sorted { ($0.0, $0.1.name) < ($1.0, $1.1.name) }.map(\.1)
    }
}
