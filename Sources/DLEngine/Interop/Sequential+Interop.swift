/// A model nested in a model is `nn.Sequential` inside `nn.Sequential` (its tensors named `1.0.weight`),
/// and its nodes follow one another in the ONNX graph. Layer positions in the names count from 0, as
/// `nn.Sequential` numbers its children; in messages they count from 1, as `summary` does.
extension Sequential: InteropLayer {
    public func pytorchModule() throws -> String {
        var lines = ["nn.Sequential("]
        for (index, layer) in layers.enumerated() {
            let module = try layer.interop("PyTorch", position: "\(index + 1)").pytorchModule()
            lines.append("    " + module.split(separator: "\n").joined(separator: "\n    ") + ",")
        }
        return (lines + [")"]).joined(separator: "\n")
    }

    public var pytorchDefinitions: [String: String] {
        var all: [String: String] = [:]
        for layer in layers { if let l = layer as? any InteropLayer { all.merge(l.pytorchDefinitions) { a, _ in a } } }
        return all
    }

    public func pytorchState() throws -> [PyTorchTensor] {
        try layers.enumerated().flatMap { index, layer in
            try layer.interop("PyTorch", position: "\(index + 1)").pytorchState().map { entry in
                var named = entry
                named.name = "\(index).\(entry.name)"
                return named
            }
        }
    }

    public func appendONNX(to graph: inout ONNXGraph, input: String, path: String) throws -> String {
        var value = input
        for (index, layer) in layers.enumerated() {
            let place = path.isEmpty ? "\(index)" : "\(path).\(index)"
            value = try layer.interop("ONNX", position: "\(index + 1)").appendONNX(to: &graph, input: value, path: place)
        }
        return value
    }
}
