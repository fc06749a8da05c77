/// Dense layers in PyTorch and ONNX: `nn.Linear` and `Gemm`. dlnb stores the weight `[in, out]`;
/// PyTorch and the ONNX file store it `[out, in]` (so `Gemm` has `transB = 1`, as PyTorch's own exporter
/// writes it), and the name `N.weight` means the same tensor in both files.
extension Linear: InteropLayer {
    public func pytorchModule() throws -> String {
        "nn.Linear(\(inputSize), \(outputSize)\(bias == nil ? ", bias=False" : ""))"
    }

    public func pytorchState() throws -> [PyTorchTensor] {
        [PyTorchTensor.transposed("weight", weight)] + (bias.map { [PyTorchTensor("bias", $0)] } ?? [])
    }

    public func appendONNX(to graph: inout ONNXGraph, input: String, path: String) throws -> String {
        appendGemm(to: &graph, input: input, path: path, weight: weight, bias: bias)
    }
}

/// DropConnect in evaluation is a plain linear layer: `Gemm` in ONNX. PyTorch has no such module, so
/// the `.py` file defines one (an `nn.Linear` whose weight goes through dropout in training), with the
/// same state dict as `nn.Linear`.
extension DropConnect: InteropLayer {
    public func pytorchModule() throws -> String {
        "DropConnect(\(inputSize), \(outputSize), p=\(rate)\(bias == nil ? ", bias=False" : ""))"
    }

    public var pytorchDefinitions: [String: String] {
        ["DropConnect": """
        class DropConnect(nn.Linear):
            \"\"\"dlnb's DropConnect: a linear layer whose weights (not activations) are dropped in training,
            kept ones scaled by 1 / (1 - p); in evaluation a plain nn.Linear.\"\"\"

            def __init__(self, in_features, out_features, p=0.5, bias=True):
                super().__init__(in_features, out_features, bias=bias)
                self.p = p

            def forward(self, x):
                weight = nn.functional.dropout(self.weight, self.p, self.training)
                return nn.functional.linear(x, weight, self.bias)
        """]
    }

    public func pytorchState() throws -> [PyTorchTensor] {
        [PyTorchTensor.transposed("weight", weight)] + (bias.map { [PyTorchTensor("bias", $0)] } ?? [])
    }

    public func appendONNX(to graph: inout ONNXGraph, input: String, path: String) throws -> String {
        appendGemm(to: &graph, input: input, path: path, weight: weight, bias: bias)
    }
}

/// `Gemm(input, W, b)` with `W` stored `[out, in]` and `transB = 1`.
private func appendGemm(to graph: inout ONNXGraph, input: String, path: String, weight: Tensor, bias: Tensor?) -> String {
    let (rows, columns) = (weight.shape[0], weight.shape[1])
    var inputs = [input, graph.initializer("\(path).weight", shape: [columns, rows],
                                           values: transpose(weight.data, rows: rows, columns: columns))]
    if let bias { inputs.append(graph.initializer("\(path).bias", shape: bias.shape, values: bias.data)) }
    return graph.node("Gemm", inputs, [.int("transB", 1)], path: path)
}
