import DLEngine

/// A table of training runs for comparing settings: one row per named history, shown as aligned columns
/// of each run's final figures (`runs = table "lr"`, then `runs.add(lr, h)` in a sweep's loop).
///
/// A reference, like a model: `runs.add(...)` inside a loop adds to the table the name refers to. A
/// statement that fails puts its rows back (``snapshot()``).
public final class RunTable {
    /// One run: its name as shown and its history.
    public struct Row: Sendable {
        public let name: String
        public let history: History
    }

    /// The heading of the first column (what the runs differ in: `lr`, `batch`).
    public let key: String
    public private(set) var rows: [Row] = []

    public init(key: String) {
        self.key = key
    }

    /// Adds a run, or replaces the one of the same name (a sweep run again replaces its rows).
    public func add(_ name: String, _ history: History) {
        if let i = rows.firstIndex(where: { $0.name == name }) { rows[i] = Row(name: name, history: history) } else {
            rows.append(Row(name: name, history: history))
        }
    }

    /// The rows now; the closure puts them back.
    func snapshot() -> () -> Void {
        let saved = rows
        return { self.rows = saved }
    }

    /// The table as CSV: the key, the epochs and each run's last figures (the columns of ``text``),
    /// numbers written in full as a history's CSV writes them; an empty cell where a run has no figure.
    public var csv: String {
        let columns: [(String, (EpochRecord) -> Float?)] = [
            ("loss", { $0.loss }), ("accuracy", { $0.accuracy }),
            ("val_loss", { $0.validationLoss }), ("val_accuracy", { $0.validationAccuracy }),
        ].filter { column in rows.contains { row in row.history.last.flatMap(column.1) != nil } }
        func quoted(_ text: String) -> String {
            text.contains { $0 == "," || $0 == "\"" || $0.isNewline } ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var lines = [([key, "epochs"] + columns.map(\.0)).map(quoted).joined(separator: ",")]
        for row in rows {
            let last = row.history.last
            lines.append(([quoted(row.name), String(row.history.completedEpochs)]
                          + columns.map { column in last.flatMap(column.1).map { "\($0)" } ?? "" }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The table as text: a heading line, then one line per run with its epochs and its last epoch's
    /// figures (loss, accuracy, and the validation ones when a run has them), columns aligned.
    public var text: String {
        guard !rows.isEmpty else { return "table of runs by \(key): no runs yet (\(key == "run" ? "runs" : "t").add(NAME, HISTORY))" }
        let hasAccuracy = rows.contains { $0.history.last?.accuracy != nil }
        let hasValidation = rows.contains { $0.history.last?.validationLoss != nil }
        let hasValidationAccuracy = rows.contains { $0.history.last?.validationAccuracy != nil }
        var header = [key, "epochs", "loss"]
        if hasAccuracy { header.append("accuracy") }
        if hasValidation { header.append("val_loss") }
        if hasValidationAccuracy { header.append("val_accuracy") }
        let figures: [[Float?]] = rows.map { row in
            let last = row.history.last
            var cells = [last?.loss]
            if hasAccuracy { cells.append(last?.accuracy) }
            if hasValidation { cells.append(last?.validationLoss) }
            if hasValidationAccuracy { cells.append(last?.validationAccuracy) }
            return cells
        }
        // A column's figures share one format (``NumberFormat``), as a tensor's elements do.
        let formats = (0 ..< header.count - 2).map { column in
            NumberFormat(figures.compactMap { $0[column] })
        }
        let lines: [[String]] = zip(rows, figures).map { row, cells in
            [row.name, String(row.history.completedEpochs)] + cells.enumerated().map { column, v in
                v.map { formats[column].string($0) } ?? "-"
            }
        }
        let widths = header.indices.map { column in ([header] + lines).map { $0[column].count }.max() ?? 0 }
        // The names align left, the figures right (their decimal points line up).
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        return ([line(header)] + lines.map(line)).map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
            .joined(separator: "\n")
    }
}
