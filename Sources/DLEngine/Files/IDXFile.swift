/// Reading IDX files, the container of the MNIST data sets (LeCun's `train-images-idx3-ubyte` and
/// friends; uncompressed).
///
/// Format: a 4-byte magic number — two zero bytes, a type byte and the rank byte (`0x00000803` is a
/// rank-3 array of unsigned bytes) — then one 4-byte big-endian size per axis, then the elements in
/// row-major order, big-endian. Types: `0x08` unsigned byte, `0x09` signed byte, `0x0B` 16-bit int,
/// `0x0C` 32-bit int, `0x0D` float, `0x0E` double. The file must hold exactly the bytes its sizes need.
enum IDXFile {
    /// Reads the array in the file at `path`.
    /// - Returns: its shape, element type and values (not scaled).
    /// - Throws: ``EngineError/file(path:_:)`` for a missing or unreadable file, a wrong magic number, an
    ///   unknown type, rank 0, a truncated header, or data whose length does not match the sizes; each
    ///   message names the byte offset or the sizes that do not match.
    static func read(_ path: String) throws -> (shape: [Int], element: BinaryElement, values: [Float]) {
        var reader = BinaryReader(try AtomicFile.read(path), path: path)
        let zero0 = try reader.byte(for: "the IDX magic number"), zero1 = try reader.byte(for: "the IDX magic number")
        let code = try reader.byte(for: "the IDX magic number"), rank = Int(try reader.byte(for: "the IDX magic number"))
        guard zero0 == 0, zero1 == 0 else {
            let magic = [zero0, zero1, code, UInt8(rank)].map { hex($0) }.joined()
            throw reader.error("not an IDX file: the magic number 0x\(magic) at byte offset 0 should start with two zero bytes")
        }
        let types: [UInt8: BinaryElement] = [0x08: .uint8, 0x09: .int8, 0x0B: .int16, 0x0C: .int32, 0x0D: .float32, 0x0E: .float64]
        guard let element = types[code] else {
            throw reader.error("unknown IDX element type 0x\(hex(code)) at byte offset 2 "
                               + "(known: 0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double)")
        }
        guard rank >= 1 else { throw reader.error("the IDX rank at byte offset 3 is 0; it must be at least 1") }
        var shape: [Int] = []
        for axis in 0 ..< rank {
            shape.append(try reader.unsigned(width: 4, bigEndian: true, for: "size \(axis + 1) of \(rank) in the IDX header"))
        }
        do {
            return (shape, element, try reader.elements(element, shape: shape, bigEndian: true))
        } catch EngineError.allocationTooLarge {
            throw reader.error("the IDX sizes \(EngineError.format(shape)) are too large")
        }
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }
}

extension Tensor {
    /// The array in an IDX file (the MNIST container; see `IDXFile.swift` for the format), as a tensor of
    /// its shape with the values as they are (bytes 0 ... 255 are not scaled here).
    /// - Throws: ``EngineError/file(path:_:)`` for a missing, truncated or malformed file, naming the byte
    ///   offset or the sizes that do not match.
    public static func loadIDX(_ path: String) throws -> Tensor {
        let (shape, _, values) = try IDXFile.read(path)
        return Tensor(uncheckedShape: shape, data: values)
    }
}

extension Dataset {
    /// An image classification data set from two IDX files, such as MNIST's
    /// `train-images-idx3-ubyte` and `train-labels-idx1-ubyte` (uncompressed).
    ///
    /// - Shapes: images `[N, H, W]` become inputs `[N, 1, H, W]` (NCHW, one channel); `[N, C, H, W]`
    ///   stays as it is; `[N, F]` stays a table of features. Unsigned-byte images are scaled to [0, 1]
    ///   (divided by 255); other types are kept as they are. Labels `[N]`, of an integer type, are class
    ///   indices; the class count is the largest label plus one.
    /// - Parameters:
    ///   - images: the path of the images file.
    ///   - labels: the path of the labels file.
    /// - Throws: ``EngineError/file(path:_:)`` for a bad file (see ``Tensor/loadIDX(_:)``), images of
    ///   rank 1 or above 4, labels that are not rank 1 of an integer type or not whole numbers ≥ 0, or
    ///   files that count different samples.
    public static func loadIDX(images: String, labels: String) throws -> Dataset {
        let (shape, element, values) = try IDXFile.read(images)
        guard shape.count >= 2, shape.count <= 4 else {
            throw EngineError.file(path: images, "holds an array of shape \(EngineError.format(shape)); images need [N, H, W], [N, C, H, W] or [N, features]")
        }
        let inputShape = shape.count == 3 ? [shape[0], 1, shape[1], shape[2]] : shape
        let inputs = Tensor(uncheckedShape: inputShape, data: element == .uint8 ? values.map { $0 / 255 } : values)
        let (labelShape, labelElement, labelValues) = try IDXFile.read(labels)
        guard labelShape.count == 1, labelElement.isInteger else {
            throw EngineError.file(path: labels, "holds \(labelElement.rawValue) values of shape \(EngineError.format(labelShape)); labels need one integer per sample, shape [N]")
        }
        try checkSampleCounts(inputs: shape[0], inputsPath: images, labels: labelShape[0], labelsPath: labels)
        let (classes, classCount) = try classLabels(labelValues, path: labels)
        return try Dataset(inputs: inputs, targets: .classes(classes, classCount: classCount), name: "idx")
    }
}
