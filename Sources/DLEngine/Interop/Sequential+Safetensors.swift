import Foundation

extension Sequential {
    /// Writes the model's tensors as a PyTorch state dict in a `.safetensors` file, atomically: the names
    /// and layouts of the `nn.Sequential` that ``savePyTorchModule(to:)`` writes (`0.weight` `[out, in]`,
    /// convolutions `[out, in, kh, kw]`, BatchNorm's `running_mean`, `running_var` and int64
    /// `num_batches_tracked`), so `model.load_state_dict(safetensors.torch.load_file(path))` loads them.
    /// - Throws: ``EngineError/invalidArgument(_:)`` naming a layer with no PyTorch form;
    ///   ``EngineError/file(path:_:)`` when the file cannot be written.
    public func saveSafetensors(to path: String) throws {
        try AtomicFile.write(SafetensorsFile.encode(try pytorchState()), to: path)
    }

    /// Loads weights trained elsewhere into this model: every tensor of its PyTorch state dict must be in
    /// the file with the same name, shape and dtype (F32; I64 for `num_batches_tracked`), and the file
    /// must hold no other tensors. Nothing changes unless everything matches.
    /// - Returns: the number of tensors loaded.
    /// - Throws: ``EngineError/file(path:_:)`` for a bad file, or naming the first tensor whose name,
    ///   shape or dtype does not match the model.
    @discardableResult
    public func loadSafetensors(from path: String) throws -> Int {
        let entries = try SafetensorsFile.decode(try AtomicFile.read(path), path: path)
        let expected = try pytorchState()
        let byName = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var values: [PyTorchTensor.Values] = []
        for tensor in expected {
            func fail(_ text: String) -> EngineError { EngineError.file(path: path, "tensor '\(tensor.name)' \(text)") }
            guard let entry = byName[tensor.name] else { throw fail("is missing (the model has it; the file holds \(entries.count) tensors)") }
            guard entry.shape == tensor.shape else {
                throw fail("has shape \(EngineError.format(entry.shape)) where the model needs \(EngineError.format(tensor.shape))")
            }
            guard entry.dtype == tensor.values.dtype else {
                throw fail("has dtype \(entry.dtype) where the model needs \(tensor.values.dtype)")
            }
            values.append(Self.values(entry))
        }
        let known = Set(expected.map(\.name))
        if let extra = entries.first(where: { !known.contains($0.name) }) {
            throw EngineError.file(path: path, "tensor '\(extra.name)' is not in the model (its state dict has \(expected.count) tensors: \(expected.prefix(4).map(\.name).joined(separator: ", "))\(expected.count > 4 ? ", ..." : ""))")
        }
        for (tensor, value) in zip(expected, values) { try tensor.assign(value) }
        return expected.count
    }

    /// An F32 or I64 entry's values (the caller has checked the dtype).
    private static func values(_ entry: SafetensorsFile.Entry) -> PyTorchTensor.Values {
        let bytes = Array(entry.bytes)
        if entry.dtype == "I64" {
            return .int64(stride(from: 0, to: bytes.count, by: 8).map { at in
                Int(truncatingIfNeeded: bytes[at ..< at + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
            })
        }
        return .float32(BinaryElement.float32.decode(bytes, offset: 0, count: bytes.count / 4, bigEndian: false))
    }
}
