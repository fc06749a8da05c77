/// Batch normalization in PyTorch (`nn.BatchNorm1d`, `nn.BatchNorm2d`: the same momentum and eps,
/// γ named `weight` and β `bias`) and in ONNX (`BatchNormalization` in inference form: the running
/// statistics, `epsilon`). PyTorch also keeps `num_batches_tracked` (int64), which only matters for its
/// `momentum=None` running average; dlnb does not count batches, writes 0 and ignores the value it reads.
extension BatchNorm1d: InteropLayer {
    public func pytorchModule() throws -> String {
        "nn.BatchNorm1d(\(features), eps=\(eps), momentum=\(momentum))"
    }

    public func pytorchState() throws -> [PyTorchTensor] {
        state.map { PyTorchTensor($0.name, $0.tensor) } + [.counter("num_batches_tracked", value: 0)]
    }

    public func appendONNX(to graph: inout ONNXGraph, input: String, path: String) throws -> String {
        appendBatchNormalization(to: &graph, input: input, path: path, state: state, eps: eps)
    }
}

extension BatchNorm2d: InteropLayer {
    public func pytorchModule() throws -> String {
        "nn.BatchNorm2d(\(channels), eps=\(eps), momentum=\(momentum))"
    }

    public func pytorchState() throws -> [PyTorchTensor] {
        state.map { PyTorchTensor($0.name, $0.tensor) } + [.counter("num_batches_tracked", value: 0)]
    }

    public func appendONNX(to graph: inout ONNXGraph, input: String, path: String) throws -> String {
        appendBatchNormalization(to: &graph, input: input, path: path, state: state, eps: eps)
    }
}

/// `BatchNormalization(X, scale, B, mean, var)`; `state` is weight, bias, running_mean, running_var.
private func appendBatchNormalization(to graph: inout ONNXGraph, input: String, path: String,
                                      state: [(name: String, tensor: Tensor)], eps: Float) -> String {
    let inputs = [input] + state.map { graph.initializer("\(path).\($0.name)", shape: $0.tensor.shape, values: $0.tensor.data) }
    return graph.node("BatchNormalization", inputs, [.float("epsilon", eps)], path: path)
}
