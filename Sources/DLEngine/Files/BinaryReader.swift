import Foundation

/// The element types of the binary array files (IDX, NPY): their sizes and how their bytes become
/// `Float`s.
enum BinaryElement: String, Sendable {
    case uint8, int8, int16, int32, int64, uint16, uint32, uint64, float32, float64, bool

    /// Bytes per element.
    var size: Int {
        switch self {
        case .uint8, .int8, .bool: return 1
        case .int16, .uint16: return 2
        case .int32, .uint32, .float32: return 4
        case .int64, .uint64, .float64: return 8
        }
    }

    /// Whether the values are whole numbers (class labels can be read from them directly).
    var isInteger: Bool { self != .float32 && self != .float64 }

    /// Decodes `count` elements starting at `offset` in `bytes` (the caller has checked that
    /// `offset + count · size ≤ bytes.count`). Wider integers and doubles are rounded to the nearest
    /// `Float`, as NumPy's `astype(float32)` does.
    func decode(_ bytes: [UInt8], offset: Int, count: Int, bigEndian: Bool) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { out, initialized in
            bytes.withUnsafeBytes { raw in
                let size = self.size
                func load<T: FixedWidthInteger>(_: T.Type, _ i: Int) -> T {
                    let v = raw.loadUnaligned(fromByteOffset: offset + i * size, as: T.self)
                    return bigEndian ? T(bigEndian: v) : T(littleEndian: v)
                }
                for i in 0 ..< count {
                    switch self {
                    case .uint8: out[i] = Float(raw[offset + i])
                    case .int8: out[i] = Float(Int8(bitPattern: raw[offset + i]))
                    case .bool: out[i] = raw[offset + i] == 0 ? 0 : 1
                    case .int16: out[i] = Float(load(Int16.self, i))
                    case .uint16: out[i] = Float(load(UInt16.self, i))
                    case .int32: out[i] = Float(load(Int32.self, i))
                    case .uint32: out[i] = Float(load(UInt32.self, i))
                    case .int64: out[i] = Float(load(Int64.self, i))
                    case .uint64: out[i] = Float(load(UInt64.self, i))
                    case .float32: out[i] = Float(bitPattern: load(UInt32.self, i))
                    case .float64: out[i] = Float(Double(bitPattern: load(UInt64.self, i)))
                    }
                }
            }
            initialized = count
        }
    }
}

/// Reads a file's bytes front to back with every read bounds-checked: a truncated or hostile file
/// gives an ``EngineError/file(path:_:)`` that says what was being read and at which byte offset,
/// never a trap.
struct BinaryReader {
    let bytes: [UInt8]
    let path: String
    /// The next byte to read.
    private(set) var offset = 0

    init(_ data: Data, path: String) {
        bytes = [UInt8](data)
        self.path = path
    }

    /// Bytes not yet read.
    var remaining: Int { bytes.count - offset }

    /// An error about this file.
    func error(_ message: String) -> EngineError { EngineError.file(path: path, message) }

    /// Checks that `count` more bytes are there for `what` (e.g. `"the IDX header"`).
    func require(_ count: Int, for what: String) throws {
        guard count >= 0, count <= remaining else {
            throw error("truncated: \(what) needs \(count) bytes at byte offset \(offset), but the file ends at byte \(bytes.count)")
        }
    }

    /// The next `count` bytes.
    mutating func read(_ count: Int, for what: String) throws -> ArraySlice<UInt8> {
        try require(count, for: what)
        defer { offset += count }
        return bytes[offset ..< offset + count]
    }

    /// The next byte.
    mutating func byte(for what: String) throws -> UInt8 {
        try require(1, for: what)
        defer { offset += 1 }
        return bytes[offset]
    }

    /// The next unsigned integer of `width` bytes (2 or 4), big- or little-endian.
    mutating func unsigned(width: Int, bigEndian: Bool, for what: String) throws -> Int {
        let slice = try read(width, for: what)
        let ordered = bigEndian ? Array(slice) : slice.reversed()
        return ordered.reduce(0) { $0 << 8 | Int($1) }
    }

    /// Decodes `count` elements of `element` from the current offset to the end of the file, which must
    /// hold exactly that many bytes.
    /// - Throws: when the file holds fewer or more bytes than `shape` needs, naming both counts.
    mutating func elements(_ element: BinaryElement, shape: [Int], bigEndian: Bool) throws -> [Float] {
        let count = try Shape.elementCount(shape)
        let (needed, overflow) = count.multipliedReportingOverflow(by: element.size)
        guard !overflow, needed == remaining else {
            throw error("the shape \(EngineError.format(shape)) of \(element.rawValue) needs \(overflow ? "too many" : String(needed)) bytes "
                        + "of data after byte offset \(offset), but the file has \(remaining)")
        }
        defer { offset = bytes.count }
        return element.decode(bytes, offset: offset, count: count, bigEndian: bigEndian)
    }
}

/// Turns the values of a labels file into class indices: whole numbers ≥ 0; the class count is the
/// largest label plus one.
/// - Throws: ``EngineError/file(path:_:)`` naming the first label that is not a whole number ≥ 0, or
///   when the labels would need more than ``Dataset/maximumClassCount`` classes.
func classLabels(_ values: [Float], path: String) throws -> (labels: [Int], classCount: Int) {
    var labels = [Int](repeating: 0, count: values.count)
    for (i, v) in values.enumerated() {
        guard v >= 0, v < Float(Dataset.maximumClassCount), v.rounded(.towardZero) == v else {
            throw EngineError.file(path: path, "label \(i) is \(v); class labels must be whole numbers from 0 to \(Dataset.maximumClassCount - 1)")
        }
        labels[i] = Int(v)
    }
    return (labels, (labels.max() ?? -1) + 1)
}

/// Checks that the inputs and labels files hold as many samples each.
func checkSampleCounts(inputs: Int, inputsPath: String, labels: Int, labelsPath: String) throws {
    guard inputs == labels else {
        throw EngineError.file(path: labelsPath,
                               "holds \(labels) labels, but \(inputsPath) holds \(inputs) samples; they must count the same")
    }
}
