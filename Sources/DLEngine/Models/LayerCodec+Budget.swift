/// A check of a model file's layer descriptions against the values the file holds, made before any layer
/// is built (a new layer type with parameters adds its count here): a 591-byte file can describe eight 40000 × 40000 layers, and building them first (their
/// weights drawn at random, then replaced by the saved ones) would take 51 GB before the missing tensors
/// were noticed.
extension LayerCodec {
    /// Throws when the layers described by `entries` need more parameters than the `held` values saved
    /// beside them. Entries with missing or malformed fields count as nothing here; decoding names them.
    static func checkDeclaredSizes(_ entries: [[String: Any]], held: Int) throws {
        var declared = 0
        for entry in entries {
            declared = add(declared, try parameterCount(entry))
        }
        guard declared <= held else {
            let text = declared == Int.max ? "more than \(Int.max)" : "\(declared)"
            throw EngineError.invalidArgument("its layers declare \(text) parameters, but it holds \(held) values")
        }
    }

    /// The number of values a layer's tensors hold, from its description (saturating at `Int.max`).
    private static func parameterCount(_ entry: [String: Any]) throws -> Int {
        func size(_ key: String) -> Int { Swift.max(0, entry[key] as? Int ?? 0) }
        let bias = entry["bias"] as? Bool ?? false
        switch entry["type"] as? String {
        case "Linear", "DropConnect":
            return add(multiply(size("input"), size("output")), bias ? size("output") : 0)
        case "Conv2D":
            let weights = multiply(multiply(size("input"), size("output")), multiply(size("kernel"), size("kernel")))
            return add(weights, bias ? size("output") : 0)
        case "BatchNorm1d": return multiply(size("features"), 4)  // scale, shift, running mean and variance
        case "BatchNorm2d": return multiply(size("channels"), 4)
        case "LayerNorm":
            guard entry["affine"] as? Bool ?? true else { return 0 }
            let shape = (entry["shape"] as? [Int] ?? []).reduce(1) { multiply($0, Swift.max(0, $1)) }
            return multiply(shape, 2)  // scale and shift
        case "Sequential":
            return (entry["layers"] as? [[String: Any]] ?? []).reduce(0) { add($0, (try? parameterCount($1)) ?? Int.max) }
        default: return 0
        }
    }

    private static func add(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }

    private static func multiply(_ a: Int, _ b: Int) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? Int.max : product
    }
}
