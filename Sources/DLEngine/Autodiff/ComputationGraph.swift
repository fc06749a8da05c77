/// The recorded operations behind a tensor, as nodes and edges, for drawing (micrograd's `draw_dot`).
///
/// Nodes come inputs first (a topological order); an edge runs from an operation's input to its output.
/// Leaves are parameters (they require a gradient) or constants (tensors an operation read that take no
/// part in differentiation).
public struct ComputationGraph {
    public struct Node {
        /// The tensor itself (a front end finds the names it is bound to by identity).
        public let tensor: Tensor
        /// The operation that made it (`"add"`, `"sin"`, ...), `"param"` for a leaf that requires a
        /// gradient, `"const"` for any other leaf.
        public let operation: String
        /// The gradient of the graph's output with respect to this node: a leaf's accumulated ``Tensor/grad``,
        /// and for an operation's result what ``gradients()`` computes. `nil` until `backward` has run.
        public var gradient: Tensor?
        public var isLeaf: Bool { operation == "param" || operation == "const" }
    }

    public private(set) var nodes: [Node]
    /// `(input, output)` indices into ``nodes``, one per input of every operation (twice for `x * x`).
    public let edges: [(from: Int, to: Int)]
    /// Whether `backward` has reached the graph's parameters (every parameter leaf has a gradient).
    public var hasGradients: Bool {
        let params = nodes.filter { $0.operation == "param" }
        return !params.isEmpty && params.allSatisfy { $0.tensor.grad != nil }
    }

    /// The graph behind `output` (the output last), at most `limit` nodes: a larger graph throws rather
    /// than drawing something nobody can read.
    /// - Throws: ``EngineError/invalidArgument(_:)`` when there are more than `limit` nodes.
    public init(of output: Tensor, limit: Int = 200) throws {
        var order: [Tensor] = []
        var index: [ObjectIdentifier: Int] = [:]
        var stack: [(Tensor, Bool)] = [(output, false)]
        var seen = Set<ObjectIdentifier>()
        while let (tensor, expanded) = stack.popLast() {
            if expanded {
                index[ObjectIdentifier(tensor)] = order.count
                order.append(tensor)
                guard order.count <= limit else {
                    throw EngineError.invalidArgument("the graph has more than \(limit) nodes, too many to draw")
                }
                continue
            }
            guard seen.insert(ObjectIdentifier(tensor)).inserted else { continue }
            stack.append((tensor, true))
            for input in (tensor.gradFunction?.inputs ?? []).reversed() where !seen.contains(ObjectIdentifier(input)) {
                stack.append((input, false))
            }
        }
        var edges: [(Int, Int)] = []
        for (to, tensor) in order.enumerated() {
            for input in tensor.gradFunction?.inputs ?? [] {
                if let from = index[ObjectIdentifier(input)] { edges.append((from, to)) }
            }
        }
        self.edges = edges
        self.nodes = order.map { t in
            Node(tensor: t, operation: t.gradFunction?.name ?? (t.requiresGrad ? "param" : "const"),
                 gradient: t.gradFunction == nil ? t.grad : nil)
        }
        if hasGradients, output.count == 1 { try fillInnerGradients() }
    }

    /// The gradient of the (one-element) output with respect to every operation's result, by the same
    /// reverse walk as ``Tensor/backward(_:)`` but keeping each gradient instead of dropping it and
    /// without touching the leaves' ``Tensor/grad``.
    private mutating func fillInnerGradients() throws {
        guard let last = nodes.last else { return }
        var pending: [ObjectIdentifier: Tensor] = [ObjectIdentifier(last.tensor): Tensor(uncheckedShape: last.tensor.shape, data: [1])]
        try withoutGradient {
            for i in nodes.indices.reversed() {
                let tensor = nodes[i].tensor
                guard let function = tensor.gradFunction, let outputGradient = pending[ObjectIdentifier(tensor)] else { continue }
                nodes[i].gradient = outputGradient
                for (input, gradient) in zip(function.inputs, try function.backward(outputGradient)) {
                    guard input.requiresGrad, let gradient else { continue }
                    let key = ObjectIdentifier(input)
                    pending[key] = try pending[key].map { try $0 + gradient } ?? gradient
                }
            }
        }
    }
}
