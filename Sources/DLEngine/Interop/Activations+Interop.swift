/// Activations and dropout in PyTorch and ONNX: one module and one node each. Dropout is the identity
/// in evaluation; ONNX's `Dropout` node (with its ratio, out of training mode) says so and keeps the rate.
extension ReLU: InteropLayer {
    public func pytorchModule() throws -> String { "nn.ReLU()" }
    public func appendONNX(to graph: inout ONNXGraph, input: String, path: String) throws -> String {
        graph.node("Relu", [input], path: path)
    }
}

extension LeakyReLU: InteropLayer {
    public func pytorchModule() throws -> String { "nn.LeakyReLU(negative_slope=\(slope))" }
    public func appendONNX(to graph: inout ONNXGraph, input: String, path: String) throws -> String {
        graph.node("LeakyRelu", [input], [.float("alpha", slope)], path: path)
    }
}

extension Sigmoid: InteropLayer {
    public func pytorchModule() throws -> String { "nn.Sigmoid()" }
    public func appendONNX(to graph: inout ONNXGraph, input: String, path: String) throws -> String {
        graph.node("Sigmoid", [input], path: path)
    }
}

extension Tanh: InteropLayer {
    public func pytorchModule() throws -> String { "nn.Tanh()" }
    public func appendONNX(to graph: inout ONNXGraph, input: String, path: String) throws -> String {
        graph.node("Tanh", [input], path: path)
    }
}

/// `axis` counts the batch axis in dlnb, as `dim` does in PyTorch and `axis` in ONNX's opset-13+ Softmax.
extension Softmax: InteropLayer {
    public func pytorchModule() throws -> String { "nn.Softmax(dim=\(axis))" }
    public func appendONNX(to graph: inout ONNXGraph, input: String, path: String) throws -> String {
        graph.node("Softmax", [input], [.int("axis", axis)], path: path)
    }
}

extension Dropout: InteropLayer {
    public func pytorchModule() throws -> String { "nn.Dropout(p=\(rate))" }
    public func appendONNX(to graph: inout ONNXGraph, input: String, path: String) throws -> String {
        graph.node("Dropout", [input, graph.scalar("\(path).ratio", rate)], path: path)
    }
}

extension ONNXGraph {
    /// GELU (exact, with the error function) from opset-17 operators, which have no Gelu:
    /// `0.5 · x · (1 + erf(x / √2))`, as `Mul(Mul(x, 0.5), Add(Erf(Div(x, √2)), 1))`.
    public mutating func gelu(_ input: String, path: String) -> String {
        let scaled = node("Div", [input, scalar("\(path).sqrt2", Float(2).squareRoot())], path: path)
        let shifted = node("Add", [node("Erf", [scaled], path: path), scalar("\(path).one", 1)], path: path)
        return node("Mul", [node("Mul", [input, scalar("\(path).half", 0.5)], path: path), shifted], path: path)
    }

    /// SiLU (swish) from opset-17 operators: `x · sigmoid(x)`.
    public mutating func silu(_ input: String, path: String) -> String {
        node("Mul", [input, node("Sigmoid", [input], path: path)], path: path)
    }
}

/// GELU: `nn.GELU(approximate=...)`; in ONNX (opset 17 has no Gelu) the exact form through `Erf`, the
/// tanh form through `Tanh`.
extension GELU: InteropLayer {
    public func pytorchModule() throws -> String { "nn.GELU(approximate=\"\(approximate.rawValue)\")" }
    public func appendONNX(to graph: inout ONNXGraph, input: String, path: String) throws -> String {
        switch approximate {
        case .none: return graph.gelu(input, path: path)
        case .tanh: return graph.geluTanh(input, path: path)
        }
    }
}

/// SiLU: `nn.SiLU()`; in ONNX `x · Sigmoid(x)`.
extension SiLU: InteropLayer {
    public func pytorchModule() throws -> String { "nn.SiLU()" }
    public func appendONNX(to graph: inout ONNXGraph, input: String, path: String) throws -> String {
        graph.silu(input, path: path)
    }
}

extension ONNXGraph {
    /// GELU's tanh form: `0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³)))`.
    public mutating func geluTanh(_ input: String, path: String) -> String {
        let cube = node("Mul", [node("Mul", [input, input], path: path), input], path: path)
        let inner = node("Add", [input, node("Mul", [cube, scalar("\(path).cubic", 0.044715)], path: path)], path: path)
        let t = node("Tanh", [node("Mul", [inner, scalar("\(path).sqrt2OverPi", (2 / Float.pi).squareRoot())], path: path)], path: path)
        let shifted = node("Add", [t, scalar("\(path).one", 1)], path: path)
        return node("Mul", [node("Mul", [input, scalar("\(path).half", 0.5)], path: path), shifted], path: path)
    }
}
