import Foundation

/// NumPy's `.npz` archives: a ZIP archive (``ZipArchive``) of `.npy` files, one per named array, as
/// `numpy.savez(file, inputs=x, labels=y)` writes and `numpy.load(file)` reads them.
///
/// dlnb writes a data set as the arrays `inputs` (float32, `[N, ...]`) and `labels` (int64, `[N]`) for
/// class targets or `targets` (float32, `[N, ...]`) for value targets, and a tensor as `arr_0` (NumPy's
/// name for an unnamed array). It reads a data set from an archive whose arrays are named `inputs` (or
/// `x`, `X`, `arr_0`) and `labels` (or `y`, `targets`, `arr_1`), and a tensor from an archive of one
/// array or by the array's name.
public enum NPZFile {
    /// The arrays in the archive at `path`, by name (without the `.npy` ending), in archive order.
    /// - Throws: ``EngineError/file(path:_:)`` naming the entry and the place for a bad archive or array.
    static func read(_ path: String) throws -> [(name: String, shape: [Int], element: BinaryElement, values: [Float])] {
        let entries = try ZipArchive.decode(try AtomicFile.read(path), path: path)
        return try entries.map { entry in
            let name = entry.name.hasSuffix(".npy") ? String(entry.name.dropLast(4)) : entry.name
            let array = try NPYFile.decode(entry.bytes, path: "\(path) (entry \(entry.name))")
            return (name, array.shape, array.element, array.values)
        }
    }

    /// The names a data set's inputs and labels may have, in order of preference.
    static let inputNames = ["inputs", "x", "X", "arr_0"]
    static let labelNames = ["labels", "y", "targets", "arr_1"]
}

extension Tensor {
    /// One array of a NumPy `.npz` archive as a tensor: the one named `array`, or the only one.
    /// - Throws: ``EngineError/file(path:_:)`` for a bad archive, a missing name (listing the names), or
    ///   an archive of several arrays without a name.
    public static func loadNPZ(_ path: String, array: String? = nil) throws -> Tensor {
        let arrays = try NPZFile.read(path)
        let names = arrays.map(\.name).joined(separator: ", ")
        if let array {
            guard let found = arrays.first(where: { $0.name == array }) else {
                throw EngineError.file(path: path, "has no array '\(array)' (it holds: \(names))")
            }
            return Tensor(uncheckedShape: found.shape, data: found.values)
        }
        guard arrays.count == 1, let only = arrays.first else {
            throw EngineError.file(path: path, "holds \(arrays.count) arrays (\(names)); name one with array=\"NAME\"")
        }
        return Tensor(uncheckedShape: only.shape, data: only.values)
    }

    /// Writes the tensor to a NumPy `.npz` archive as the array `arr_0` (float32), atomically.
    public func saveNPZ(to path: String) throws {
        try AtomicFile.write(try ZipArchive.encode([("arr_0.npy", try NPYFile.encode(shape: shape, .float32(data)))]), to: path)
    }
}

extension Dataset {
    /// Whether a NumPy `.npz` archive at `path` holds a data set (inputs and labels by one of their
    /// names), as opposed to loose arrays.
    public static func npzHoldsDataset(_ path: String) throws -> Bool {
        let names = Set(try NPZFile.read(path).map(\.name))
        return NPZFile.inputNames.contains(where: names.contains) && NPZFile.labelNames.contains(where: names.contains)
    }

    /// A data set from a NumPy `.npz` archive: inputs `[N, ...]` and labels `[N]` (whole numbers ≥ 0,
    /// class indices) or, under the name `targets`, values `[N, ...]`.
    /// - Throws: ``EngineError/file(path:_:)`` for a bad archive, missing arrays (listing the names found),
    ///   sample counts that differ, labels that are not class indices, or targets that are NaN or infinite.
    public static func loadNPZ(_ path: String) throws -> Dataset {
        let arrays = try NPZFile.read(path)
        let found = arrays.map(\.name).joined(separator: ", ")
        func named(_ names: [String], _ what: String) throws -> (name: String, shape: [Int], element: BinaryElement, values: [Float]) {
            for name in names { if let a = arrays.first(where: { $0.name == name }) { return a } }
            throw EngineError.file(path: path, "has no \(what) array (named \(names.joined(separator: ", "))); it holds: \(found)")
        }
        let inputs = try named(NPZFile.inputNames, "inputs")
        let labels = try named(NPZFile.labelNames, "labels")
        let place = "\(path) (entry \(labels.name).npy)"
        guard inputs.shape.count >= 1 else { throw EngineError.file(path: path, "its inputs are a scalar; they need a first axis of samples") }
        guard labels.shape.first == inputs.shape[0] else {
            throw EngineError.file(path: place, "holds \(labels.shape.first ?? 1) labels, but the inputs hold \(inputs.shape[0]) samples")
        }
        let x = Tensor(uncheckedShape: inputs.shape, data: inputs.values)
        if labels.name == "targets" {
            try checkFiniteTargets(labels.values, path: place) { "target \($0)" }
            return try Dataset(inputs: x, targets: .values(Tensor(uncheckedShape: labels.shape, data: labels.values)), name: "npz")
        }
        guard labels.shape.count == 1 else {
            throw EngineError.file(path: place, "holds labels of shape \(EngineError.format(labels.shape)); class labels need shape [N]")
        }
        let (classes, classCount) = try classLabels(labels.values, path: place)
        return try Dataset(inputs: x, targets: .classes(classes, classCount: classCount), name: "npz")
    }

    /// Writes the data set to a NumPy `.npz` archive, atomically: `inputs` (float32) and `labels` (int64)
    /// for class targets or `targets` (float32) for values. `numpy.load(path)["inputs"]` reads them.
    public func saveNPZ(to path: String) throws {
        var entries = [("inputs.npy", try NPYFile.encode(shape: inputs.shape, .float32(inputs.data)))]
        switch targets {
        case .classes(let labels, _): entries.append(("labels.npy", try NPYFile.encode(shape: [labels.count], .int64(labels))))
        case .values(let t): entries.append(("targets.npy", try NPYFile.encode(shape: t.shape, .float32(t.data))))
        }
        try AtomicFile.write(try ZipArchive.encode(entries.map { (name: $0.0, bytes: $0.1) }), to: path)
    }
}
