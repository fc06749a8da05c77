/// A layered (Sugiyama-style) layout of a directed acyclic graph, drawn left to right: each node's layer
/// is the length of the longest path reaching it from a source, and the nodes of a layer are ordered by
/// the barycentre (mean position) of their neighbours, sweeping forwards and backwards a few times to
/// reduce crossings (Sugiyama, Tagawa and Toda 1981; Eades and Wormald 1994 for the barycentre heuristic).
public struct LayeredLayout: Sendable, Equatable {
    /// The layer (column) of every node, from 0.
    public let layer: [Int]
    /// The nodes of each layer, top to bottom.
    public let layers: [[Int]]

    /// - Parameters:
    ///   - count: the number of nodes, `0 ..< count`.
    ///   - edges: `(from, to)` pairs; edges out of range are ignored.
    /// - Throws: ``PlotError/invalidArgument(_:)`` when the edges form a cycle.
    public init(count: Int, edges: [(from: Int, to: Int)], sweeps: Int = 4) throws {
        let edges = edges.filter { $0.from >= 0 && $0.to >= 0 && $0.from < count && $0.to < count }
        var predecessors = [[Int]](repeating: [], count: count), successors = predecessors
        var indegree = [Int](repeating: 0, count: count)
        for e in edges {
            predecessors[e.to].append(e.from)
            successors[e.from].append(e.to)
            indegree[e.to] += 1
        }
        // Kahn's algorithm, taking the lowest-numbered ready node first so the result is deterministic.
        var layer = [Int](repeating: 0, count: count)
        var ready = (0 ..< count).filter { indegree[$0] == 0 }.reversed() as [Int]
        var done = 0
        while let node = ready.popLast() {
            done += 1
            for next in successors[node] {
                layer[next] = max(layer[next], layer[node] + 1)
                indegree[next] -= 1
                if indegree[next] == 0 { ready.append(next); ready.sort(by: >) }
            }
        }
        guard done == count else { throw PlotError.invalidArgument("the graph has a cycle") }
        // A source feeding only later layers moves right, next to its first consumer (a constant or a
        // parameter used deep in the graph sits beside its use, not at the far left).
        for node in 0 ..< count where predecessors[node].isEmpty && !successors[node].isEmpty {
            layer[node] = max(layer[node], (successors[node].map { layer[$0] }.min() ?? 1) - 1)
        }
        let depth = (layer.max() ?? -1) + 1
        var layers = [[Int]](repeating: [], count: depth)
        for node in 0 ..< count { layers[layer[node]].append(node) }
        var position = [Double](repeating: 0, count: count)
        func number() { for l in layers { for (i, node) in l.enumerated() { position[node] = Double(i) / Double(max(l.count, 1)) } } }
        number()
        for sweep in 0 ..< max(sweeps, 0) {
            let forward = sweep % 2 == 0
            for l in (forward ? Array(0 ..< depth) : Array((0 ..< depth).reversed())) {
                let keyed = layers[l].map { node -> (Int, Double) in
                    let neighbours = forward ? predecessors[node] : successors[node]
                    guard !neighbours.isEmpty else { return (node, position[node]) }
                    return (node, neighbours.map { position[$0] }.reduce(0, +) / Double(neighbours.count))
                }
                layers[l] = keyed.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.map(\.0)
                for (i, node) in layers[l].enumerated() { position[node] = Double(i) / Double(max(layers[l].count, 1)) }
            }
        }
        self.layer = layer
        self.layers = layers
    }

    /// The number of pairs of edges between the same two adjacent layers that cross (for tests).
    public func crossings(_ edges: [(from: Int, to: Int)]) -> Int {
        var rank = [Int: Int]()
        for l in layers { for (i, node) in l.enumerated() { rank[node] = i } }
        let adjacent = edges.filter { layer[$0.to] == layer[$0.from] + 1 }
        var count = 0
        for i in adjacent.indices {
            for j in adjacent.indices where j > i && layer[adjacent[i].from] == layer[adjacent[j].from] {
                let a = adjacent[i], b = adjacent[j]
                let (af, at, bf, bt) = (rank[a.from] ?? 0, rank[a.to] ?? 0, rank[b.from] ?? 0, rank[b.to] ?? 0)
                if (af < bf && at > bt) || (af > bf && at < bt) { count += 1 }
            }
        }
        return count
    }
}
