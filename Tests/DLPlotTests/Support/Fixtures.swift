import Foundation
@testable import DLPlot

/// Inputs shared by the chart tests and the sample pictures.
enum Fixtures {
    /// Three interleaved spiral arms, 100 points each, like the article's data set (no noise: the
    /// angles are a fixed function of the index, so the picture is the same on every run).
    static func spiralPoints(perClass: Int = 100) -> [LabeledPoint] {
        (0..<3).flatMap { k in
            (0..<perClass).map { i -> LabeledPoint in
                let r = Double(i) / Double(perClass)
                let theta = Double(k) * 4 + r * 4 + sin(Double(i) * 12.9898) * 0.2
                return LabeledPoint(x: r * sin(theta), y: r * cos(theta), label: k)
            }
        }
    }

    /// The class of the spiral arm whose angle at radius `r` is nearest to the point's angle: a stand-in
    /// for a trained model.
    static func spiralClass(x: Double, y: Double) -> Int {
        let r = (x * x + y * y).squareRoot(), angle = atan2(x, y)
        func distance(_ k: Int) -> Double {
            let d = (angle - (Double(k) * 4 + r * 4)).truncatingRemainder(dividingBy: 2 * .pi)
            let wrapped = d < 0 ? d + 2 * .pi : d
            return min(wrapped, 2 * .pi - wrapped)
        }
        return (0..<3).min { distance($0) < distance($1) } ?? 0
    }

    /// The decision-boundary chart of the spiral with its stand-in model.
    static func spiralChart(width: Int = 800, height: Int = 600) throws -> DecisionBoundaryChart {
        let points = spiralPoints()
        let ranges = DecisionBoundaryChart.ranges(for: points)
        let size = ClassGrid.suggestedSize(width: width, height: height)
        let centers = ClassGrid.centers(xRange: ranges.x, yRange: ranges.y, rows: size.rows, columns: size.columns)
        let grid = try ClassGrid(rows: size.rows, columns: size.columns,
                                 classes: centers.map { spiralClass(x: $0.x, y: $0.y) })
        return DecisionBoundaryChart(xRange: ranges.x, yRange: ranges.y, grid: grid, points: points,
                                     classNames: ["arm 0", "arm 1", "arm 2"], title: "Spiral: decision boundary",
                                     xLabel: "x1", yLabel: "x2", width: width, height: height)
    }

    /// A loss and accuracy history of `epochs` epochs with a validation curve that starts to overfit.
    static func history(epochs: Int = 40) -> LineChart {
        let loss: [Double] = (1...epochs).map { epoch in 1.1 * exp(-Double(epoch) / 8) + 0.05 }
        let validationLoss: [Double] = (1...epochs).map { epoch in
            let e = Double(epoch)
            return 1.15 * exp(-e / 9) + 0.09 + 0.002 * e
        }
        let accuracy: [Double] = loss.map { 1 - 0.6 * $0 }
        let validationAccuracy: [Double] = validationLoss.map { 1 - 0.62 * $0 }
        return LineChart.trainingHistory(loss: loss, validationLoss: validationLoss, accuracy: accuracy,
                                         validationAccuracy: validationAccuracy)
    }

    /// Simple shapes of 16x16 in [0, 1]: a square, a disc, a cross, a diagonal, a ring, a gradient...
    static func shapes(count: Int = 12, side: Int = 16) -> [[Float]] {
        (0..<count).map { k in
            (0..<(side * side)).map { i -> Float in
                let row = Double(i / side), column = Double(i % side)
                let x = (column + 0.5) / Double(side) - 0.5, y = (row + 0.5) / Double(side) - 0.5
                let r = (x * x + y * y).squareRoot()
                switch k % 6 {
                case 0: return abs(x) < 0.3 && abs(y) < 0.3 ? 1 : 0
                case 1: return r < 0.35 ? 1 : 0
                case 2: return abs(x) < 0.08 || abs(y) < 0.08 ? 1 : 0
                case 3: return abs(x - y) < 0.1 ? 1 : 0
                case 4: return abs(r - 0.3) < 0.08 ? 1 : 0
                default: return Float(column) / Float(side - 1) * Float(k + 1)
                }
            }
        }
    }

    /// A fresh empty folder under the system's temporary folder.
    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "dlplot-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
