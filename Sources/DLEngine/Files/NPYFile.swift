import Foundation

/// Reading NumPy's `.npy` files (format versions 1.0, 2.0 and 3.0).
///
/// Format: the magic `\x93NUMPY`, a major and a minor version byte, the header's length (2 bytes
/// little-endian in version 1, 4 bytes in versions 2 and 3), the header — a Python dict literal such as
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (60000, 784), }` — and the elements.
///
/// Supported: little-endian (or single-byte) `descr`s `<f4`, `<f8`, `<i1` … `<i8`, `|u1`, `<u2` … `<u8`
/// and `|b1`, in C (row-major) order. Fortran order, big-endian data and other types (complex, strings,
/// objects, structured arrays) are clear errors.
enum NPYFile {
    /// Reads the array in the file at `path`.
    /// - Returns: its shape, element type and values (converted to `Float`).
    /// - Throws: ``EngineError/file(path:_:)`` naming the byte offset or the header entry that is wrong.
    static func read(_ path: String) throws -> (shape: [Int], element: BinaryElement, values: [Float]) {
        try decode(try AtomicFile.read(path), path: path)
    }

    /// Reads the array in `bytes`, the contents of an `.npy` file or of an entry of an `.npz` archive;
    /// `path` names it in messages (`"d.npz (entry inputs.npy)"`).
    static func decode(_ bytes: Data, path: String) throws -> (shape: [Int], element: BinaryElement, values: [Float]) {
        var reader = BinaryReader(bytes, path: path)
        let magic = try reader.read(6, for: "the NPY magic string")
        guard Array(magic) == [0x93] + Array("NUMPY".utf8) else {
            throw reader.error("not an NPY file: it does not start with the magic string \\x93NUMPY (byte offset 0)")
        }
        let major = try reader.byte(for: "the NPY version"), minor = try reader.byte(for: "the NPY version")
        guard (1 ... 3).contains(major) else {
            throw reader.error("unsupported NPY format version \(major).\(minor) at byte offset 6 (known: 1.0, 2.0, 3.0)")
        }
        let length = try reader.unsigned(width: major == 1 ? 2 : 4, bigEndian: false, for: "the NPY header length")
        let headerOffset = reader.offset
        let header = String(decoding: try reader.read(length, for: "the NPY header"), as: UTF8.self)
        func headerError(_ text: String) -> EngineError {
            reader.error("bad NPY header at byte offset \(headerOffset): \(text)")
        }
        let entries: [String: NPYHeaderValue]
        do { entries = try NPYHeaderValue.parseDictionary(header) } catch let NPYHeaderValue.SyntaxError.message(text) {
            throw headerError(text)
        }
        guard case .string(let descr)? = entries["descr"] else { throw headerError("no 'descr' string") }
        guard case .bool(let fortran)? = entries["fortran_order"] else { throw headerError("no 'fortran_order' True or False") }
        guard case .tuple(let shape)? = entries["shape"] else { throw headerError("no 'shape' tuple") }
        guard !fortran else {
            throw headerError("the array is in Fortran order (fortran_order: True); save it in C order, e.g. with numpy.ascontiguousarray")
        }
        let element = try Self.element(descr, error: headerError)
        do {
            return (shape, element, try reader.elements(element, shape: shape, bigEndian: false))
        } catch EngineError.allocationTooLarge {
            throw headerError("the shape \(EngineError.format(shape)) is too large")
        } catch EngineError.invalidArgument(let text) {
            throw headerError(text)
        }
    }

    /// The element type of a `descr` such as `<f4`.
    static func element(_ descr: String, error: (String) -> EngineError) throws -> BinaryElement {
        let kinds: [String: BinaryElement] = [
            "f4": .float32, "f8": .float64, "i1": .int8, "i2": .int16, "i4": .int32, "i8": .int64,
            "u1": .uint8, "u2": .uint16, "u4": .uint32, "u8": .uint64, "b1": .bool,
        ]
        guard descr.count == 3, let order = descr.first, let element = kinds[String(descr.dropFirst())] else {
            throw error("unsupported dtype '\(descr)' (supported: <f4, <f8, <i1 ... <i8, |u1, <u2 ... <u8, |b1)")
        }
        if order == "<" || order == "|" || (element.size == 1 && (order == ">" || order == "=")) { return element }
        switch order {
        case ">": throw error("dtype '\(descr)' is big-endian; only little-endian data is supported (numpy: arr.astype('<\(descr.dropFirst())'))")
        default: throw error("unsupported dtype '\(descr)' (byte order '\(order)')")
        }
    }
}

/// A value in an NPY header: the small subset of Python literals NumPy writes there.
enum NPYHeaderValue: Equatable {
    case string(String), bool(Bool), tuple([Int])

    enum SyntaxError: Error { case message(String) }

    /// Parses `{'key': value, ...}` with string, `True`/`False` and integer-tuple values.
    static func parseDictionary(_ text: String) throws -> [String: NPYHeaderValue] {
        var chars = Array(text.unicodeScalars)[...]
        func skipSpace() { while let c = chars.first, c == " " || c == "\n" || c == "\t" || c == "\r" { chars.removeFirst() } }
        func expect(_ c: Unicode.Scalar) throws {
            skipSpace()
            guard chars.first == c else { throw SyntaxError.message("expected '\(c)' in \(text.debugDescription)") }
            chars.removeFirst()
        }
        func string() throws -> String {
            skipSpace()
            guard let quote = chars.first, quote == "'" || quote == "\"" else { throw SyntaxError.message("expected a quoted key in \(text.debugDescription)") }
            chars.removeFirst()
            var out = ""
            while let c = chars.first, c != quote { out.unicodeScalars.append(c); chars.removeFirst() }
            try expect(quote)
            return out
        }
        func integer() throws -> Int {
            skipSpace()
            var digits = ""
            while let c = chars.first, ("0" ... "9").contains(c) { digits.unicodeScalars.append(c); chars.removeFirst() }
            guard let value = Int(digits) else { throw SyntaxError.message("expected a size in the shape in \(text.debugDescription)") }
            return value
        }
        func value() throws -> NPYHeaderValue {
            skipSpace()
            switch chars.first {
            case "'", "\"": return .string(try string())
            case "(":
                chars.removeFirst()
                var sizes: [Int] = []
                while true {
                    skipSpace()
                    if chars.first == ")" { chars.removeFirst(); return .tuple(sizes) }
                    sizes.append(try integer())
                    skipSpace()
                    if chars.first == "," { chars.removeFirst() }
                }
            default:
                for (word, flag) in [("True", true), ("False", false)] where chars.starts(with: word.unicodeScalars) {
                    chars.removeFirst(word.unicodeScalars.count)
                    return .bool(flag)
                }
                throw SyntaxError.message("expected a string, True, False or a tuple in \(text.debugDescription)")
            }
        }
        try expect("{")
        var entries: [String: NPYHeaderValue] = [:]
        while true {
            skipSpace()
            if chars.first == "}" { return entries }
            let key = try string()
            try expect(":")
            entries[key] = try value()
            skipSpace()
            if chars.first == "," { chars.removeFirst() }
        }
    }
}

extension Tensor {
    /// The array in a NumPy `.npy` file as a tensor of its shape (shape `()` gives a scalar), its values
    /// converted to `Float` (NumPy's `astype(float32)`; booleans become 0 and 1).
    /// - Throws: ``EngineError/file(path:_:)`` for a missing or truncated file, a bad header, Fortran
    ///   order, an unsupported or big-endian dtype, or data that does not match the shape; the message
    ///   names the byte offset or the sizes.
    public static func loadNPY(_ path: String) throws -> Tensor {
        let (shape, _, values) = try NPYFile.read(path)
        return Tensor(uncheckedShape: shape, data: values)
    }
}

extension Dataset {
    /// A data set from two `.npy` files: inputs (first axis: samples, e.g. `[N, features]` or
    /// `[N, C, H, W]`, values as they are) and labels `[N]` — integers, booleans, or floats that are
    /// whole numbers — used as class indices (the class count is the largest label plus one); or, with
    /// `target: .values`, real-valued targets `[N, ...]` as they are (regression).
    /// - Throws: ``EngineError/file(path:_:)`` for a bad file (see ``Tensor/loadNPY(_:)``), inputs of
    ///   rank 0, class labels that are not rank 1 or not whole numbers ≥ 0 (with `.automatic`, numbers
    ///   that are not whole are named ambiguous), targets that are NaN or infinite, or files that count
    ///   different samples.
    public static func loadNPY(inputs: String, labels: String, target: TargetKind = .automatic) throws -> Dataset {
        let (shape, _, values) = try NPYFile.read(inputs)
        guard shape.count >= 1 else {
            throw EngineError.file(path: inputs, "holds a scalar; inputs need a first axis of samples")
        }
        let (labelShape, _, labelValues) = try NPYFile.read(labels)
        try checkFiniteTargets(labelValues, path: labels) { "label \($0)" }
        if target == .values {
            guard let samples = labelShape.first else {
                throw EngineError.file(path: labels, "holds a scalar; targets need a first axis of samples")
            }
            try checkSampleCounts(inputs: shape[0], inputsPath: inputs, labels: samples, labelsPath: labels)
            return try Dataset(inputs: Tensor(uncheckedShape: shape, data: values),
                               targets: .values(Tensor(uncheckedShape: labelShape, data: labelValues)), name: "npy")
        }
        if target == .automatic, let i = labelValues.firstIndex(where: { $0.rounded() != $0 }) {
            throw EngineError.file(path: labels, "label \(i) is \(labelValues[i]), not a whole number: " + TargetKind.advice)
        }
        guard labelShape.count == 1 else {
            throw EngineError.file(path: labels, "holds an array of shape \(EngineError.format(labelShape)); labels need shape [N]")
        }
        try checkSampleCounts(inputs: shape[0], inputsPath: inputs, labels: labelShape[0], labelsPath: labels)
        let (classes, classCount) = try classLabels(labelValues, path: labels)
        return try Dataset(inputs: Tensor(uncheckedShape: shape, data: values),
                           targets: .classes(classes, classCount: classCount), name: "npy")
    }
}
