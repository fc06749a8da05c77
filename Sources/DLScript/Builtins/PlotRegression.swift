import DLEngine
import DLPlot

/// `plot regression MODEL DATA FILE` (predictions against targets, with y = x) and `plot fit MODEL DATA
/// FILE` (a 1-d data set with the model's curve through it), for data sets with real-valued targets.
extension Call {
    func regressionChart(_ kind: String, width: Int, height: Int, title: String?) throws -> any Chart {
        let (found, data) = try plotModelAndData(kind)
        guard let model = found else { throw ScriptError("plot \(kind): no model given and none made yet", at: location) }
        guard case .values(let targets) = data.targets else {
            throw ScriptError("plot \(kind): needs a data set with real-valued targets (regression); this one has class labels (plot boundary draws a classifier)", at: location)
        }
        let labels = try axisLabels()
        let predictions = try model.predict(data.inputs)
        guard predictions.count == targets.count, predictions.shape.first == targets.shape.first else {
            throw ScriptError("plot \(kind): the model's outputs \(EngineError.format(predictions.shape)) do not line up with the targets \(EngineError.format(targets.shape))", at: location)
        }
        if kind == "regression" {
            let r2 = try RegressionMetrics(predictions: predictions, targets: targets).r2
            return RegressionChart(x: targets.data.map(Double.init), y: predictions.data.map(Double.init), reference: .identity,
                                   pointsName: "samples", lineName: "y = x", title: title ?? (width < 480 ? "" : "Predictions against targets, ") + "R2 \(Self.threeDecimals(r2))",
                                   xLabel: labels.x ?? "target", yLabel: labels.y ?? "prediction", width: width, height: height)
        }
        guard data.inputs.rank == 2, data.inputs.shape[1] == 1, targets.count == data.count else {
            throw ScriptError("plot fit: draws a curve for one input and one target per sample; this data set has inputs "
                + "\(EngineError.format(Array(data.inputs.shape.dropFirst()))) and targets \(EngineError.format(Array(targets.shape.dropFirst()))) (plot regression draws any)", at: location)
        }
        let x = data.inputs.data.map(Double.init)
        let range = DataRange.padded(x, padding: 0.02)
        let steps = Swift.max(width / 2, 100)
        let grid = (0 ... steps).map { range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / Double(steps) }
        let curve = try model.predict(Tensor(shape: [grid.count, 1], data: grid.map(Float.init)))
        return RegressionChart(x: x, y: targets.data.map(Double.init), reference: .curve(x: grid, y: curve.data.map(Double.init)),
                               pointsName: data.name, lineName: "model", title: title ?? "Model fit",
                               xLabel: labels.x ?? "x", yLabel: labels.y ?? "y", width: width, height: height)
    }

    static func threeDecimals(_ v: Double) -> String {
        guard v.isFinite else { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
        let thousandths = Int((v * 1000).rounded())
        let sign = thousandths < 0 ? "-" : ""
        let magnitude = Swift.abs(thousandths)
        let fraction = String(magnitude % 1000)
        return "\(sign)\(magnitude / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
