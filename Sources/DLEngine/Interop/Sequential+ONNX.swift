import Foundation

extension Sequential {
    /// Writes the model as an ONNX file (IR version 8, opset 17), atomically: a graph from `input`
    /// (float32, `[N] + inputShape`, `N` symbolic) to `output`, computing what ``predict(_:batchSize:)``
    /// computes (evaluation mode: BatchNorm with its running statistics, Dropout as the identity). Weights
    /// are initializers named as in the PyTorch state dict (`0.weight`).
    /// - Parameters:
    ///   - inputShape: one sample's shape; `nil` takes the model's ``expectedInputShape``.
    /// - Throws: ``EngineError/invalidArgument(_:)`` when no input shape is known, the shape does not fit
    ///   the model, or a layer has no ONNX form (naming it); ``EngineError/file(path:_:)`` when the file
    ///   cannot be written.
    public func exportONNX(to path: String, inputShape: [Int]? = nil) throws {
        try AtomicFile.write(Data(try onnxModel(inputShape: inputShape)), to: path)
    }

    /// The bytes of the ONNX `ModelProto` that ``exportONNX(to:inputShape:)`` writes.
    public func onnxModel(inputShape: [Int]? = nil) throws -> [UInt8] {
        guard let shape = inputShape ?? expectedInputShape else {
            throw EngineError.invalidArgument(
                "the model's first layer does not fix its input shape; give one sample's shape, e.g. input=[1, 28, 28]")
        }
        guard shape.allSatisfy({ $0 > 0 }) else {
            throw EngineError.invalidArgument("the input shape \(EngineError.format(shape)) needs sizes of at least 1")
        }
        let outputShape = try self.outputShape(for: shape)
        var graph = ONNXGraph()
        let output = try appendONNX(to: &graph, input: "input", path: "")
        graph.nameOutput(output)
        return graph.encoded(inputShape: shape, outputShape: outputShape, producerVersion: dlnbVersion)
    }
}
