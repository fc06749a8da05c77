import Foundation

extension ConfusionMatrix {
    /// scikit-learn's `classification_report` (two decimals): precision, recall, F1 and support of each
    /// class, then the accuracy and the macro and weighted averages, laid out as sklearn prints them.
    /// Classes that neither occur nor are predicted are left out, as sklearn leaves them out.
    public var report: String {
        let present = (0 ..< classes).filter { support($0) > 0 || predictedCount($0) > 0 }
        let names = present.map(String.init) + ["accuracy", "macro avg", "weighted avg"]
        let width = Swift.max(12, names.map(\.count).max() ?? 0)
        func pad(_ text: String, _ n: Int) -> String { String(repeating: " ", count: Swift.max(0, n - text.count)) + text }
        // sklearn's "{:>{width}s} " followed by " {:>9}" per column.
        func line(_ name: String, _ columns: [String]) -> String {
            pad(name, width) + " " + columns.map { " " + pad($0, 9) }.joined()
        }
        func number(_ v: Double) -> String { DecimalText.fixed(v, 2) }
        var lines = [line("", ["precision", "recall", "f1-score", "support"]), ""]
        func row(_ name: String, _ values: [Double], support: Int) {
            lines.append(line(name, values.map(number) + [String(support)]))
        }
        for c in present {
            row(String(c), [score(.precision, of: c), score(.recall, of: c), score(.f1, of: c)], support: support(c))
        }
        lines.append("")
        lines.append(line("accuracy", ["", "", number(accuracy), String(total)]))
        for (name, average) in [("macro avg", MetricAverage.macro), ("weighted avg", .weighted)] {
            row(name, Score.allCases.map { score($0, average: average) }, support: total)
        }
        return lines.joined(separator: "\n")
    }
}
