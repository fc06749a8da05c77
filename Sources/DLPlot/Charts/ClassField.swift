/// A ``ClassGrid`` smoothed into one score per class and cell, from which the decision boundary's
/// regions and line are drawn between the cell centres.
///
/// A cell's score for class k is the share of its neighbourhood (a 5x5 binomial window, 1-4-6-4-1 on
/// each axis, edges repeated) predicted as k. Where two classes meet, the line goes where their scores
/// are equal, interpolated linearly between centres: positions vary continuously along a curved
/// boundary instead of jumping between cell midpoints, so the boundary is smooth and not a staircase.
struct ClassField {
    let rows: Int
    let columns: Int
    /// The distinct classes of the grid, ascending.
    let labels: [Int]
    /// `scores[k][row * columns + column]`: the smoothed share of `labels[k]`.
    let scores: [[Float]]
    /// The index into ``labels`` of each cell's highest score (ties to the smaller class).
    let winners: [Int]

    init(_ grid: ClassGrid) {
        rows = grid.rows
        columns = grid.columns
        labels = Array(Set(grid.classes)).sorted()
        let weights: [Float] = [1, 4, 6, 4, 1]
        let (rows, columns) = (self.rows, self.columns)
        scores = labels.map { label in
            // Separable blur of the indicator of `label`: along rows, then along columns.
            var across = [Float](repeating: 0, count: rows * columns)
            for row in 0..<rows {
                for column in 0..<columns {
                    var sum: Float = 0
                    for (k, w) in weights.enumerated() where grid[row, column + k - 2] == label { sum += w }
                    across[row * columns + column] = sum / 16
                }
            }
            var result = [Float](repeating: 0, count: rows * columns)
            for row in 0..<rows {
                for column in 0..<columns {
                    var sum: Float = 0
                    for (k, w) in weights.enumerated() {
                        sum += w * across[min(max(row + k - 2, 0), rows - 1) * columns + column]
                    }
                    result[row * columns + column] = sum / 16
                }
            }
            return result
        }
        let scores = self.scores
        winners = (0..<(rows * columns)).map { i in
            var best = 0
            for k in scores.indices.dropFirst() where scores[k][i] > scores[best][i] { best = k }
            return best
        }
    }

    /// The index of `(row, column)` with both clamped to the grid.
    func index(_ row: Int, _ column: Int) -> Int {
        min(max(row, 0), rows - 1) * columns + min(max(column, 0), columns - 1)
    }

    /// The winning class index (into ``labels``) of a cell, clamped to the grid.
    func winner(_ row: Int, _ column: Int) -> Int { winners[index(row, column)] }

    /// The class index that wins at grid position `(gy, gx)` (in cells, 0 at the first cell's centre),
    /// by bilinear interpolation of the scores of the four surrounding cells.
    func winner(atRow gy: Double, column gx: Double) -> Int {
        let r0 = Int(gy.rounded(.down)), c0 = Int(gx.rounded(.down))
        let corners = [index(r0, c0), index(r0, c0 + 1), index(r0 + 1, c0), index(r0 + 1, c0 + 1)]
        let first = winners[corners[0]]
        if corners.dropFirst().allSatisfy({ winners[$0] == first }) { return first }
        let fy = Float(gy - Double(r0)), fx = Float(gx - Double(c0))
        let weights = [(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy]
        var best = 0, bestScore = -Float.infinity
        for k in labels.indices {
            var score: Float = 0
            for (corner, weight) in zip(corners, weights) { score += scores[k][corner] * weight }
            if score > bestScore {
                best = k
                bestScore = score
            }
        }
        return best
    }

    /// Where between cells `p` and `q` (indices) the boundary crosses, as a fraction 0...1 from `p`:
    /// the point where the scores of their two winners are equal.
    func crossing(_ p: Int, _ q: Int) -> Double {
        let a = winners[p], b = winners[q]
        let dp = Double(scores[a][p] - scores[b][p]), dq = Double(scores[a][q] - scores[b][q])
        guard dp - dq > 1e-9 else { return 0.5 }
        return min(max(dp / (dp - dq), 0.05), 0.95)
    }
}
