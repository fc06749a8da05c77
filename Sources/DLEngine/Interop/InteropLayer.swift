/// A layer that other engines can run: it describes itself as a PyTorch module with its state dict
/// (names and layouts as `torch.nn` has them) and as ONNX nodes. Each layer type conforms in its own
/// `Layer+Interop` extension, next to its neighbours, so adding a layer means adding one conformance, not
/// a case in a switch. Layers that do not conform make ``Sequential/exportONNX(to:inputShape:)``,
/// ``Sequential/savePyTorchModule(to:)`` and the `.safetensors` functions fail with an error naming them.
public protocol InteropLayer: Layer {
    /// The `torch.nn` expression that builds the same layer, e.g. `nn.Linear(2, 100)`.
    func pytorchModule() throws -> String
    /// Python definitions the module needs beyond `torch.nn` (a class for DropConnect), by name; usually none.
    var pytorchDefinitions: [String: String] { get }
    /// The tensors of the PyTorch module's `state_dict()`, named relative to the module (`weight`,
    /// `running_mean`) and laid out as PyTorch lays them out.
    func pytorchState() throws -> [PyTorchTensor]
    /// Appends the nodes that compute the layer in evaluation mode to `graph`.
    /// - Parameters:
    ///   - input: the name of the value the layer reads.
    ///   - path: the layer's place in the model as PyTorch names it (`"3"`, or `"1.0"` inside a nested
    ///     model), the prefix of its weights' names.
    /// - Returns: the name of the value it produces.
    func appendONNX(to graph: inout ONNXGraph, input: String, path: String) throws -> String
}

extension InteropLayer {
    public var pytorchDefinitions: [String: String] { [:] }

    /// The layer's ``Layer/state`` as it is: right for layers whose tensors PyTorch names and lays out as
    /// dlnb does (convolutions).
    public func pytorchState() throws -> [PyTorchTensor] {
        state.map { PyTorchTensor($0.name, $0.tensor) }
    }
}

/// One entry of a PyTorch state dict: its name, shape and values in PyTorch's layout, and how values read
/// from a file go back into the dlnb layer.
public struct PyTorchTensor {
    /// The element types dlnb writes and reads: float32 for weights and statistics, int64 for counters.
    public enum Values: Equatable {
        case float32([Float])
        case int64([Int])

        /// The number of elements.
        public var count: Int {
            switch self {
            case .float32(let v): return v.count
            case .int64(let v): return v.count
            }
        }

        /// The safetensors name of the type: `F32`, `I64`.
        public var dtype: String {
            switch self {
            case .float32: return "F32"
            case .int64: return "I64"
            }
        }
    }

    public var name: String
    public let shape: [Int]
    public let values: Values
    /// Stores values of this entry's shape and type, in PyTorch's layout, into the layer.
    let assign: (Values) throws -> Void

    init(name: String, shape: [Int], values: Values, assign: @escaping (Values) throws -> Void) {
        (self.name, self.shape, self.values, self.assign) = (name, shape, values, assign)
    }

    /// A float32 tensor whose layout is dlnb's too.
    init(_ name: String, _ tensor: Tensor) {
        self.init(name: name, shape: tensor.shape, values: .float32(tensor.data)) { values in
            if case .float32(let v) = values { try tensor.assign(v) }
        }
    }

    /// A dlnb weight `[rows, columns]` that PyTorch stores transposed, `[columns, rows]` (a linear
    /// layer's `[in, out]` against `nn.Linear`'s `[out, in]`).
    static func transposed(_ name: String, _ tensor: Tensor) -> PyTorchTensor {
        let (rows, columns) = (tensor.shape[0], tensor.shape[1])
        return PyTorchTensor(name: name, shape: [columns, rows],
                             values: .float32(transpose(tensor.data, rows: rows, columns: columns))) { values in
            if case .float32(let v) = values { try tensor.assign(transpose(v, rows: columns, columns: rows)) }
        }
    }

    /// A counter PyTorch keeps and dlnb does not (BatchNorm's `num_batches_tracked`): written as `value`,
    /// ignored when read.
    static func counter(_ name: String, value: Int) -> PyTorchTensor {
        PyTorchTensor(name: name, shape: [], values: .int64([value])) { _ in }
    }
}

/// The transpose of a row-major `rows × columns` matrix.
func transpose(_ values: [Float], rows: Int, columns: Int) -> [Float] {
    var out = [Float](repeating: 0, count: values.count)
    for r in 0 ..< rows {
        for c in 0 ..< columns { out[c * rows + r] = values[r * columns + c] }
    }
    return out
}

extension Layer {
    /// This layer as an ``InteropLayer``, or an error naming it and what was being written.
    func interop(_ purpose: String, position: String) throws -> any InteropLayer {
        guard let layer = self as? any InteropLayer else {
            throw EngineError.invalidArgument("layer \(position) (\(description)) has no \(purpose) form")
        }
        return layer
    }
}
