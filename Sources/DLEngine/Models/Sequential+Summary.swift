import Foundation

/// The model's table of layers (Keras's `model.summary()`).
extension Sequential {
    /// A table with one row per layer: its description, the shape of one output sample and its parameter
    /// count, then the totals.
    ///
    /// - Parameter inputShape: the shape of one input sample; by default the one the first layer fixes.
    ///   Without either, output shapes show as `?`.
    public func summary(inputShape: [Int]? = nil) -> String {
        var shape = inputShape ?? expectedInputShape
        var rows: [(String, String, String)] = [("Layer", "Output shape", "Parameters")]
        for layer in layers {
            shape = shape.flatMap { try? layer.outputShape(for: $0) }
            rows.append((layer.description, shape.map(EngineError.format) ?? "?", String(layer.parameterCount)))
        }
        let widths = (rows.map(\.0.count).max() ?? 0, rows.map(\.1.count).max() ?? 0, rows.map(\.2.count).max() ?? 0)
        func line(_ row: (String, String, String)) -> String {
            row.0.padding(toLength: widths.0, withPad: " ", startingAt: 0) + "  "
                + row.1.padding(toLength: widths.1, withPad: " ", startingAt: 0) + "  "
                + String(repeating: " ", count: widths.2 - row.2.count) + row.2
        }
        let rule = String(repeating: "─", count: widths.0 + widths.1 + widths.2 + 4)
        var text = [line(rows[0]), rule] + rows.dropFirst().map(line) + [rule]
        let trainable = parameterCount
        let buffers = state.reduce(0) { $0 + $1.tensor.count } - trainable
        text.append("Total parameters: \(trainable)" + (buffers > 0 ? " (plus \(buffers) in running statistics)" : ""))
        return text.joined(separator: "\n")
    }
}
