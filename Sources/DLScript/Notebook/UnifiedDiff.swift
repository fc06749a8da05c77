/// A unified diff of two texts, line by line (the format of `diff -u`), for `dlnb check`.
public enum UnifiedDiff {
    /// The diff of `old` and `new`, with `context` unchanged lines around each change; empty when equal.
    public static func diff(_ old: String, _ new: String, oldName: String, newName: String, context: Int = 3) -> String {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let edits = script(a, b) else {
            return "--- \(oldName)\n+++ \(newName)\n@@ too many differences to show: more than \(maximumDifferences) "
                + "lines differ (\(a.count) lines before, \(b.count) after) @@"
        }
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

    /// The most lines that may differ for a diff to be shown line by line; beyond it, ``diff`` says how
    /// many lines there are instead (the work grows with the lines times the differences).
    static let maximumDifferences = 2000

    /// The shortest edit script (Myers' O((N+M)·D) algorithm, "An O(ND) Difference Algorithm and Its
    /// Variations", 1986) after the common first and last lines are set aside; `nil` when more than
    /// ``maximumDifferences`` lines differ. Within each run of changes, deletions come first, as in `diff -u`.
    static func script(_ a: [String], _ b: [String]) -> [Edit]? {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix,
              a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        // Lines as numbers, so the inner loop compares integers.
        var ids: [String: Int] = [:]
        let x = a[prefix ..< a.count - suffix].map { line in ids[line] ?? { ids[line] = ids.count; return ids.count - 1 }() }
        let y = b[prefix ..< b.count - suffix].map { line in ids[line] ?? { ids[line] = ids.count; return ids.count - 1 }() }
        guard let middle = shortestEdits(x, y) else { return nil }
        var kinds = [Edit.Kind](repeating: .same, count: prefix) + middle + [Edit.Kind](repeating: .same, count: suffix)
        // Deletions before insertions in each run of changes.
        var start = 0
        while start < kinds.count {
            guard kinds[start] != .same else { start += 1; continue }
            var end = start
            while end < kinds.count, kinds[end] != .same { end += 1 }
            let deletions = kinds[start ..< end].filter { $0 == .delete }.count
            for i in start ..< end { kinds[i] = i - start < deletions ? .delete : .insert }
            start = end
        }
        var edits: [Edit] = []
        edits.reserveCapacity(kinds.count)
        var i = 0, j = 0
        for kind in kinds {
            edits.append(Edit(kind: kind, oldIndex: i, newIndex: j))
            if kind != .insert { i += 1 }
            if kind != .delete { j += 1 }
        }
        return edits
    }

    /// Myers' greedy forward search, keeping each round's furthest points to walk the path back.
    private static func shortestEdits(_ x: [Int], _ y: [Int]) -> [Edit.Kind]? {
        let n = x.count, m = y.count
        let limit = Swift.min(n + m, maximumDifferences)
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        for d in 0 ... limit {
            trace.append(Array(v[offset - d - 1 ... offset + d + 1]))  // the diagonals round d reads
            for k in stride(from: -d, through: d, by: 2) {
                var px = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])
                    ? v[offset + k + 1] : v[offset + k - 1] + 1
                var py = px - k
                while px < n, py < m, x[px] == y[py] { px += 1; py += 1 }
                v[offset + k] = px
                if px >= n, py >= m { return path(trace, n: n, m: m) }
            }
        }
        return nil
    }

    /// The moves of the path found, read back from the end.
    private static func path(_ trace: [[Int]], n: Int, m: Int) -> [Edit.Kind] {
        var kinds: [Edit.Kind] = []
        var px = n, py = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d], k = px - py
            func furthest(_ diagonal: Int) -> Int { v[diagonal + d + 1] }  // trace[d] starts at diagonal -d-1
            let previousK = k == -d || (k != d && furthest(k - 1) < furthest(k + 1)) ? k + 1 : k - 1
            let previousX = furthest(previousK), previousY = previousX - previousK
            while px > previousX, py > previousY { kinds.append(.same); px -= 1; py -= 1 }
            if d > 0 { kinds.append(px == previousX ? .insert : .delete) }
            px = previousX; py = previousY
        }
        return kinds.reversed()
    }
}
