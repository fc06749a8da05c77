import DLEngine
import DLPlot
import Foundation

/// `plot graph Y FILE` and `show graph Y`: the computational graph behind a tensor, as micrograd's
/// `draw_dot` shows it, laid out by DLPlot (no Graphviz).
extension Call {
    func graphChart(size: (Int, Int)?, title: String?) throws -> any Chart {
        guard let entry = plotOperands.first, plotOperands.count == 1 else {
            throw ScriptError("\(name) graph: give one tensor, like \(name) graph y" + (name == "plot" ? " \"graph.png\"" : ""), at: location)
        }
        guard case .tensor(let tensor) = entry.value else {
            throw typeError(entry, expected: "a tensor computed from params (y = sin(x1) + x1 * x2)", what: "graph's argument")
        }
        let graph: ComputationGraph
        do { graph = try ComputationGraph(of: tensor) } catch let error as EngineError {
            throw ScriptError("\(name) graph: \(error.description)", at: entry.location)
        }
        return GraphPicture.chart(graph, names: session.tensorNames(), title: title, size: size)
    }
}

extension Session {
    /// The names bound to each tensor, by identity (`x1`, `y`), sorted, for labelling graph nodes.
    func tensorNames() -> [ObjectIdentifier: String] {
        var names: [ObjectIdentifier: [String]] = [:]
        for (name, value) in variables where name != "ans" {
            if case .tensor(let t) = value { names[ObjectIdentifier(t), default: []].append(name) }
        }
        return names.mapValues { $0.sorted().joined(separator: ", ") }
    }
}

enum GraphPicture {
    /// Tensors with at most this many elements show their values and gradients.
    static let shownElements = 4

    static func chart(_ graph: ComputationGraph, names: [ObjectIdentifier: String], title: String?,
                      size: (Int, Int)?) -> GraphChart {
        let computed = graph.hasGradients
        let nodes = graph.nodes.map { node -> GraphChart.Node in
            let name = names[ObjectIdentifier(node.tensor)]
            let heading = name.map { "\($0) = \(node.operation)" } ?? node.operation
            var lines = ["shape " + EngineError.format(node.tensor.shape)]
            if node.tensor.count <= shownElements {
                lines.append("value " + values(node.tensor))
                if node.operation != "const" {
                    lines.append("grad " + (computed ? node.gradient.map(values) ?? "none" : "-"))
                }
            }
            let kind: GraphChart.Node.Kind = node.operation == "param" ? .parameter : node.operation == "const" ? .constant : .operation
            return GraphChart.Node(heading: heading, lines: lines, kind: kind)
        }
        let output = graph.nodes.last.flatMap { names[ObjectIdentifier($0.tensor)] } ?? "the output"
        let note = computed ? nil : "gradients not computed yet: run backward \(output) first"
        return GraphChart(nodes: nodes, edges: graph.edges, title: title ?? "Computational graph of \(output)", note: note,
                          width: size?.0, height: size?.1)
    }

    /// `2.5839`, `[1.0, 0.5]`: as the tensor prints its values (``NumberFormat``), on one line.
    static func values(_ t: Tensor) -> String {
        let format = NumberFormat(t.data)
        let texts = t.data.map { format.string($0) }
        return t.rank == 0 ? texts.joined() : "[" + texts.joined(separator: ", ") + "]"
    }
}
