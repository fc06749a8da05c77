/// Convolution, pooling and flattening in PyTorch (`nn.Conv2d`, `nn.MaxPool2d`, `nn.AvgPool2d`,
/// `nn.Flatten`) and ONNX (`Conv`, `MaxPool`, `AveragePool` with `count_include_pad = 1`, `Flatten` with
/// `axis = 1`). The convolution's weight is `[out, in, kh, kw]` in all three.
extension Conv2D: InteropLayer {
    public func pytorchModule() throws -> String {
        "nn.Conv2d(\(inputChannels), \(outputChannels), kernel_size=\(kernelSize), stride=\(stride), "
            + "padding=\(padding), dilation=\(dilation)\(bias == nil ? ", bias=False" : ""))"
    }

    public func appendONNX(to graph: inout ONNXGraph, input: String, path: String) throws -> String {
        var inputs = [input, graph.initializer("\(path).weight", shape: weight.shape, values: weight.data)]
        if let bias { inputs.append(graph.initializer("\(path).bias", shape: bias.shape, values: bias.data)) }
        return graph.node("Conv", inputs, [
            .ints("kernel_shape", [kernelSize, kernelSize]), .ints("strides", [stride, stride]),
            .ints("pads", [padding, padding, padding, padding]), .ints("dilations", [dilation, dilation]),
        ], path: path)
    }
}

extension MaxPool2D: InteropLayer {
    public func pytorchModule() throws -> String {
        "nn.MaxPool2d(kernel_size=\(kernelSize), stride=\(stride), padding=\(padding))"
    }

    public func appendONNX(to graph: inout ONNXGraph, input: String, path: String) throws -> String {
        graph.node("MaxPool", [input], poolingAttributes(kernelSize, stride, padding), path: path)
    }
}

extension AvgPool2D: InteropLayer {
    /// PyTorch's default `count_include_pad=True` is dlnb's rule: padding counts as zeros in the mean.
    public func pytorchModule() throws -> String {
        "nn.AvgPool2d(kernel_size=\(kernelSize), stride=\(stride), padding=\(padding))"
    }

    public func appendONNX(to graph: inout ONNXGraph, input: String, path: String) throws -> String {
        graph.node("AveragePool", [input], poolingAttributes(kernelSize, stride, padding) + [.int("count_include_pad", 1)],
                   path: path)
    }
}

private func poolingAttributes(_ kernel: Int, _ stride: Int, _ padding: Int) -> [ONNXGraph.Attribute] {
    [.ints("kernel_shape", [kernel, kernel]), .ints("strides", [stride, stride]), .ints("pads", [padding, padding, padding, padding])]
}

extension Flatten: InteropLayer {
    public func pytorchModule() throws -> String { "nn.Flatten()" }

    public func appendONNX(to graph: inout ONNXGraph, input: String, path: String) throws -> String {
        graph.node("Flatten", [input], [.int("axis", 1)], path: path)
    }
}
