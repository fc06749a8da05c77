/// An ONNX graph under construction: nodes in topological order and the initializers (weights) they
/// read, which layers append to through ``InteropLayer/appendONNX(to:input:path:)``; ``encoded(...)``
/// writes the whole `ModelProto` (ONNX IR version 8, default-domain opset 17).
///
/// The field numbers are onnx.proto's: ModelProto ir_version 1, producer_name 2, producer_version 3,
/// graph 7, opset_import 8; OperatorSetIdProto domain 1, version 2; GraphProto node 1, name 2,
/// initializer 5, input 11, output 12; NodeProto input 1, output 2, name 3, op_type 4, attribute 5;
/// AttributeProto name 1, f 2, i 3, ints 8, type 20 (FLOAT 1, INT 2, INTS 7); TensorProto dims 1,
/// data_type 2 (FLOAT 1), name 8, raw_data 9; ValueInfoProto name 1, type 2; TypeProto tensor_type 1;
/// TypeProto.Tensor elem_type 1, shape 2; TensorShapeProto dim 1; Dimension dim_value 1, dim_param 2.
public struct ONNXGraph {
    /// An attribute of a node.
    public enum Attribute {
        case int(String, Int)
        case float(String, Float)
        case ints(String, [Int])
    }

    struct Node {
        let op: String
        var inputs: [String]
        var output: String
        let name: String
        let attributes: [Attribute]
    }

    public static let irVersion = 8
    public static let opsetVersion = 17

    private(set) var nodes: [Node] = []
    private(set) var initializers: [(name: String, shape: [Int], values: [Float])] = []
    private var usedNames: Set<String> = ["input", "output"]

    public init() {}

    /// A constant tensor of the graph (a weight), named `name` (PyTorch's state-dict name where there is
    /// one, so the ONNX file and the `.safetensors` file agree); returns the name.
    @discardableResult
    public mutating func initializer(_ name: String, shape: [Int], values: [Float]) -> String {
        let unique = uniqueName(name)
        initializers.append((unique, shape, values))
        return unique
    }

    /// A scalar constant, for the arithmetic of composed activations (GELU's `√2`).
    public mutating func scalar(_ name: String, _ value: Float) -> String {
        initializer(name, shape: [], values: [value])
    }

    /// Appends a node of the default domain; returns the name of its (single) output, `path_op`.
    @discardableResult
    public mutating func node(_ op: String, _ inputs: [String], _ attributes: [Attribute] = [], path: String) -> String {
        let output = uniqueName("\(path)_\(op)")
        nodes.append(Node(op: op, inputs: inputs, output: output, name: output, attributes: attributes))
        return output
    }

    private mutating func uniqueName(_ base: String) -> String {
        var name = base, k = 1
        while usedNames.contains(name) { k += 1; name = "\(base)_\(k)" }
        usedNames.insert(name)
        return name
    }

    /// Renames the value `name` to `output` (the graph's output), in the node that makes it and in every
    /// node that reads it; a graph whose output is its input gets an Identity node.
    mutating func nameOutput(_ name: String) {
        if name == "input" {
            nodes.append(Node(op: "Identity", inputs: ["input"], output: "output", name: "output_Identity", attributes: []))
            return
        }
        for i in nodes.indices {
            if nodes[i].output == name { nodes[i].output = "output" }
            nodes[i].inputs = nodes[i].inputs.map { $0 == name ? "output" : $0 }
        }
    }

    /// The bytes of the `ModelProto`: this graph with float32 `input` and `output` whose first axis is
    /// the symbolic batch size `N` and whose other axes are `inputShape` and `outputShape`.
    func encoded(inputShape: [Int], outputShape: [Int], producerVersion: String) -> [UInt8] {
        var model = ProtobufWriter()
        model.int(1, Self.irVersion)
        model.string(2, "dlnb")
        model.string(3, producerVersion)
        model.message(7) { graph in
            for node in nodes { graph.message(1) { Self.encode(node, into: &$0) } }
            graph.string(2, "dlnb")
            for tensor in initializers {
                graph.message(5) { t in
                    for d in tensor.shape { t.int(1, d) }
                    t.int(2, 1)  // FLOAT
                    t.string(8, tensor.name)
                    var raw = [UInt8]()
                    raw.reserveCapacity(4 * tensor.values.count)
                    for v in tensor.values {
                        let b = v.bitPattern
                        raw += [UInt8(truncatingIfNeeded: b), UInt8(truncatingIfNeeded: b >> 8),
                                UInt8(truncatingIfNeeded: b >> 16), UInt8(truncatingIfNeeded: b >> 24)]
                    }
                    t.data(9, raw)
                }
            }
            graph.message(11) { Self.encodeValue("input", shape: inputShape, into: &$0) }
            graph.message(12) { Self.encodeValue("output", shape: outputShape, into: &$0) }
        }
        model.message(8) { $0.int(2, Self.opsetVersion) }  // the default domain "" is left out
        return model.bytes
    }

    private static func encode(_ node: Node, into w: inout ProtobufWriter) {
        for input in node.inputs { w.string(1, input) }
        w.string(2, node.output)
        w.string(3, node.name)
        w.string(4, node.op)
        for attribute in node.attributes {
            w.message(5) { a in
                switch attribute {
                case let .float(name, value): a.string(1, name); a.float(2, value); a.int(20, 1)
                case let .int(name, value): a.string(1, name); a.int(3, value); a.int(20, 2)
                case let .ints(name, values): a.string(1, name); for v in values { a.int(8, v) }; a.int(20, 7)
                }
            }
        }
    }

    private static func encodeValue(_ name: String, shape: [Int], into w: inout ProtobufWriter) {
        w.string(1, name)
        w.message(2) { type in
            type.message(1) { tensor in
                tensor.int(1, 1)  // FLOAT
                tensor.message(2) { s in
                    s.message(1) { $0.string(2, "N") }
                    for d in shape { s.message(1) { $0.int(1, d) } }
                }
            }
        }
    }
}
