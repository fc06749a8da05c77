/// A unified diff of two texts, line by line (the format of `diff -u`), for `dlnb check`.
public enum UnifiedDiff {
    /// The diff of `old` and `new`, with `context` unchanged lines around each change; empty when equal.
    public static func diff(_ old: String, _ new: String, oldName: String, newName: String, context: Int = 3) -> String {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let edits = script(a, b)
        guard edits.contains(where: { $0.kind != .same }) else { return "" }
        var lines = ["--- \(oldName)", "+++ \(newName)"]
        // Group edits into hunks separated by more than 2·context unchanged lines.
        var i = 0
        while i < edits.count {
            guard let firstChange = edits[i...].firstIndex(where: { $0.kind != .same }) else { break }
            let start = Swift.max(firstChange - context, i)
            var end = firstChange
            var lastChange = firstChange
            while end < edits.count {
                if edits[end].kind != .same { lastChange = end }
                if end - lastChange > 2 * context { break }
                end += 1
            }
            end = Swift.min(lastChange + context + 1, edits.count)
            let hunk = edits[start ..< end]
            let oldStart = hunk.first!.oldIndex, newStart = hunk.first!.newIndex
            let oldCount = hunk.filter { $0.kind != .insert }.count, newCount = hunk.filter { $0.kind != .delete }.count
            lines.append("@@ -\(oldStart + 1),\(oldCount) +\(newStart + 1),\(newCount) @@")
            for edit in hunk {
                switch edit.kind {
                case .same: lines.append(" " + a[edit.oldIndex])
                case .delete: lines.append("-" + a[edit.oldIndex])
                case .insert: lines.append("+" + b[edit.newIndex])
                }
            }
            i = end
        }
        return lines.joined(separator: "\n")
    }

    struct Edit {
        enum Kind { case same, delete, insert }
        let kind: Kind
        let oldIndex: Int
        let newIndex: Int
    }

    /// The edit script by longest common subsequence (quadratic; notebooks are small).
    static func script(_ a: [String], _ b: [String]) -> [Edit] {
        let n = a.count, m = b.count
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : Swift.max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var edits: [Edit] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                edits.append(Edit(kind: .same, oldIndex: i, newIndex: j)); i += 1; j += 1
            } else if i < n, j == m || lcs[i + 1][j] >= lcs[i][j + 1] {
                edits.append(Edit(kind: .delete, oldIndex: i, newIndex: j)); i += 1  // deletions first, as diff -u
            } else {
                edits.append(Edit(kind: .insert, oldIndex: i, newIndex: j)); j += 1
            }
        }
        return edits
    }
}
