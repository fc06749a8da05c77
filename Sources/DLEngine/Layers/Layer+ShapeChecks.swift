/// Input checks shared by the layers, so that every layer words its shape errors the same way.
extension Layer {
    /// Checks that `input` is a batch of samples of `sampleShape`: shape `[N] + sampleShape`.
    ///
    /// - Throws: ``EngineError/invalidArgument(_:)`` for a wrong rank (`"Linear(2 → 100) takes a batch of
    ///   shape [N, 2]; got [3]"`); ``EngineError/shapeMismatch(operation:_:_:)`` naming the input's shape
    ///   and the shape it should have had, for a wrong sample shape.
    func checkBatch(_ input: Tensor, sampleShape: [Int]) throws {
        guard input.rank == sampleShape.count + 1 else {
            let expected = "[" + (["N"] + sampleShape.map(String.init)).joined(separator: ", ") + "]"
            throw EngineError.invalidArgument(
                "\(description) takes a batch of shape \(expected); got \(EngineError.format(input.shape))")
        }
        guard Array(input.shape.dropFirst()) == sampleShape else {
            throw EngineError.shapeMismatch(operation: description, input.shape, [input.shape[0]] + sampleShape)
        }
    }

    /// Checks one sample's shape for ``outputShape(for:)``: throws a shape mismatch naming both shapes.
    func checkSample(_ inputShape: [Int], equals sampleShape: [Int]) throws {
        guard inputShape == sampleShape else {
            throw EngineError.shapeMismatch(operation: description, inputShape, sampleShape)
        }
    }
}

/// Checks a dense layer's sizes (Linear, DropConnect): both positive.
func checkDenseSizes(_ layer: String, inputSize: Int, outputSize: Int) throws {
    guard inputSize > 0, outputSize > 0 else {
        throw EngineError.invalidArgument(
            "\(layer) needs positive input and output sizes; got \(inputSize) and \(outputSize)")
    }
}
