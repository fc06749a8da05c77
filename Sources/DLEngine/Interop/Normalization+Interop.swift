/// Layer normalization in PyTorch (`nn.LayerNorm`, γ `weight` and β `bias` of the normalized shape) and
/// in ONNX (`LayerNormalization`, an opset-17 operator, over the last axes: `axis = −rank(normalizedShape)`).
/// ONNX requires a scale: a LayerNorm without `affine` gets one of ones (and no bias).
extension LayerNorm: InteropLayer {
    public func pytorchModule() throws -> String {
        let shape = normalizedShape.count == 1 ? "[\(normalizedShape[0])]" : EngineError.format(normalizedShape)
        return "nn.LayerNorm(\(shape), eps=\(eps)\(isAffine ? "" : ", elementwise_affine=False"))"
    }

    public func appendONNX(to graph: inout ONNXGraph, input: String, path: String) throws -> String {
        var inputs = [input]
        if let weight, let bias {
            inputs += [graph.initializer("\(path).weight", shape: weight.shape, values: weight.data),
                       graph.initializer("\(path).bias", shape: bias.shape, values: bias.data)]
        } else {
            inputs.append(graph.initializer("\(path).scale", shape: normalizedShape, values: [Float](repeating: 1, count: width)))
        }
        return graph.node("LayerNormalization", inputs, [.int("axis", -normalizedShape.count), .float("epsilon", eps)], path: path)
    }
}
