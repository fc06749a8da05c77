import Foundation

/// Writing NumPy's `.npy` format, version 1.0: what `numpy.save` writes for a C-order array, so that
/// `numpy.load` reads it back with the same shape, dtype and bits.
///
/// Layout: the magic `\x93NUMPY`, the version bytes `1 0`, the header's length (UInt16, little-endian),
/// the header — `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }`, padded with spaces and
/// ended by a newline so that the data starts at a multiple of 64 bytes, as NumPy pads it — and the
/// elements, little-endian.
extension NPYFile {
    /// The elements a dlnb file holds: float32 for tensors, int64 for class labels.
    enum Elements {
        case float32([Float])
        case int64([Int])

        var count: Int {
            switch self {
            case .float32(let v): return v.count
            case .int64(let v): return v.count
            }
        }
    }

    /// The bytes of an `.npy` file holding `elements` with `shape` (row-major).
    /// - Throws: ``EngineError/invalidArgument(_:)`` when the counts differ or the header would not fit
    ///   version 1.0 (a shape of thousands of axes).
    static func encode(shape: [Int], _ elements: Elements) throws -> Data {
        guard try Shape.elementCount(shape) == elements.count else {
            throw EngineError.invalidArgument(
                "\(elements.count) values cannot fill an array of shape \(EngineError.format(shape))")
        }
        let descr: String
        switch elements {
        case .float32: descr = "<f4"
        case .int64: descr = "<i8"
        }
        let sizes = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(sizes), }"
        // magic (6) + version (2) + length (2) + header + "\n" ≡ 0 (mod 64)
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        guard header.utf8.count <= Int(UInt16.max) else {
            throw EngineError.invalidArgument("an array of \(shape.count) axes is too many for an NPY header")
        }
        var bytes = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        bytes.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        bytes.append(contentsOf: Array(header.utf8))
        switch elements {
        case .float32(let values):
            bytes.reserveCapacity(bytes.count + 4 * values.count)
            for v in values { bytes.appendLittleEndian(v.bitPattern) }
        case .int64(let values):
            bytes.reserveCapacity(bytes.count + 8 * values.count)
            for v in values { Swift.withUnsafeBytes(of: Int64(v).littleEndian) { bytes.append(contentsOf: $0) } }
        }
        return bytes
    }
}

extension Tensor {
    /// Writes the tensor to a NumPy `.npy` file (float32, C order), atomically; `numpy.load` gives an
    /// array of the same shape and bits.
    /// - Throws: ``EngineError/file(path:_:)`` when the file cannot be written.
    public func saveNPY(to path: String) throws {
        try AtomicFile.write(try NPYFile.encode(shape: shape, .float32(data)), to: path)
    }
}
