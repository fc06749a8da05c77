/// "Did you mean" for unknown names, keywords, chart kinds and REPL commands: the nearest candidate by
/// edit distance. The one place edit distance is written.
public enum Suggestions {
    /// The candidate nearest to `name` within an edit distance of about a third of its length (at least
    /// 1, at most 3), or `nil`. Only candidates whose length is within that distance of the name's are
    /// compared (no other can be near enough), so a 20,000-character unknown name costs nothing.
    public static func nearest(to name: String, in candidates: [String]) -> String? {
        let length = name.count
        let limit = Swift.min(3, Swift.max(1, length / 3))
        let lowered = Array(name.lowercased())
        var best: (String, Int)?
        for candidate in candidates.sorted() where candidate != name && Swift.abs(candidate.count - length) <= limit {
            let d = distance(lowered, Array(candidate.lowercased()))
            if d <= limit && d < (best?.1 ?? .max) { best = (candidate, d) }
        }
        return best?.0
    }

    /// What other libraries (PyTorch, Keras) call some of dlnb's built-ins, lowercased, for "unknown name"
    /// messages: `CrossEntropyLoss` → `softmax_ce`.
    static let otherLibraries: [String: String] = [
        "cross_entropy": "softmax_ce", "crossentropy": "softmax_ce", "crossentropyloss": "softmax_ce",
        "categorical_crossentropy": "softmax_ce", "sparse_categorical_crossentropy": "softmax_ce",
        "softmax_cross_entropy": "softmax_ce", "nll_loss": "softmax_ce", "nllloss": "softmax_ce",
        "multimarginloss": "hinge", "multi_margin_loss": "hinge", "categorical_hinge": "hinge", "hinge_loss": "hinge",
        "mse_loss": "mse", "mseloss": "mse", "mean_squared_error": "mse", "meansquarederror": "mse",
        "bce_loss": "bce", "bceloss": "bce", "bcewithlogitsloss": "bce", "binary_crossentropy": "bce",
        "binary_cross_entropy": "bce", "binary_cross_entropy_with_logits": "bce",
        "dense": "linear", "batchnormalization": "batchnorm", "batchnorm1d": "batchnorm", "maxpool2d": "maxpool",
        "max_pool2d": "maxpool", "avgpool2d": "avgpool", "avg_pool2d": "avgpool", "manual_seed": "seed",
        "clip": "clamp", "view": "reshape", "unsqueeze": "reshape", "squeeze": "reshape", "cat": "concat",
        "concatenate": "concat", "vstack": "stack", "hstack": "concat",
    ]

    /// What a model's or layer's member is called in Keras or PyTorch and how dlnb says it, for the error
    /// when it is not a member here.
    static let otherLibrariesMembers: [String: String] = [
        "eval": "set model.training = false for evaluation mode (PyTorch's model.eval())",
        "train": "set model.training = true for training mode (PyTorch's model.train()); fit trains",
        "compile": "fit takes the optimizer and loss itself, as in fit model data optimizer=(adam lr=0.001) loss=softmax_ce",
        "count_params": "dlnb calls it 'parameters' (model.parameters)",
        "num_parameters": "dlnb calls it 'parameters' (model.parameters)",
        "forward": "call the model on a tensor: model(x)",
    ]

    /// The hint for an unknown name: how to leave for `quit` and `exit`, the dlnb name for another
    /// library's, else the nearest candidate; empty when none fits.
    public static func hint(forUnknown name: String, among candidates: [String]) -> String {
        if ["quit", "exit", "q"].contains(name) { return "; to leave, type :quit or press Ctrl-D" }
        if let ours = otherLibraries[name.lowercased()], candidates.contains(ours) { return "; dlnb calls it '\(ours)'" }
        return nearest(to: name, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// Damerau–Levenshtein distance (optimal string alignment): insertions, deletions, substitutions and
    /// transpositions of neighbours each cost 1.
    public static func distance(_ a: String, _ b: String) -> Int { distance(Array(a), Array(b)) }

    /// The distance over characters, keeping three rows of the table (O(|x|·|y|) time, O(|y|) memory).
    static func distance(_ x: [Character], _ y: [Character]) -> Int {
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous2 = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0 ... y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1 ... x.count {
            current[0] = i
            for j in 1 ... y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    current[j] = Swift.min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[y.count]
    }
}
