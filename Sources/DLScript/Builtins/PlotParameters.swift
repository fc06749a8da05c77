import DLEngine
import DLPlot

/// `plot weights MODEL FILE` and `plot gradients MODEL [DATA] FILE`: a histogram per layer of a model's
/// parameters, or of their gradients on a batch of data, to show vanishing and exploding gradients.
extension Call {
    /// Samples used for the gradients (the first ones of the data).
    static let gradientSamples = 256

    func parameterHistograms(_ kind: String, width: Int, height: Int, title: String?) throws -> any Chart {
        let (given, data) = try modelAndData(in: plotOperands, what: "\(name) \(kind)'s arguments")
        guard let model = given ?? session.currentModel else {
            throw ScriptError("\(name) \(kind): no model given and none made yet", at: location)
        }
        var gradients: [ObjectIdentifier: Tensor] = [:]
        if kind == "gradients" {
            guard let data = data ?? session.currentData else {
                throw ScriptError("\(name) gradients: no data given and none made yet", at: location)
            }
            gradients = try lossGradients(model, data)
        }
        var panels: [HistogramGrid.Panel] = []
        for (index, layer) in model.layers.enumerated() {
            for (pname, tensor) in layer.state where layer.parameters.contains(where: { $0 === tensor }) {
                let values = kind == "weights" ? tensor.data : gradients[ObjectIdentifier(tensor)]?.data ?? []
                panels.append(HistogramGrid.Panel(title: "\(index + 1) \(layer.name) \(pname)", values: values.map(Double.init)))
            }
        }
        guard !panels.isEmpty else {
            throw ScriptError("\(name) \(kind): the model has no parameters yet (model.add(linear 2 100))", at: location)
        }
        return HistogramGrid(panels: panels, title: title ?? (kind == "weights" ? "Weights per layer" : "Gradients per layer"),
                             width: width, height: height)
    }

    /// The gradient of the loss on the first samples of `data` for every parameter, computed without
    /// changing the model: each parameter's `grad` is put back as it was.
    private func lossGradients(_ model: Sequential, _ data: Dataset) throws -> [ObjectIdentifier: Tensor] {
        let loss = try loss(for: model, data)
        let parameters = model.layers.flatMap(\.parameters)
        let saved = parameters.map(\.grad)
        defer { for (p, g) in zip(parameters, saved) { p.grad = g } }
        for p in parameters { p.grad = nil }
        do {
            let batch = try data.subset(Array(0 ..< Swift.min(data.count, Call.gradientSamples)))
            let value = try loss(try model(batch.inputs), batch.targets)
            try value.backward()
        } catch let error as EngineError {
            throw ScriptError("\(name) gradients: \(error.description)", at: location)
        }
        var out: [ObjectIdentifier: Tensor] = [:]
        for p in parameters { if let g = p.grad { out[ObjectIdentifier(p)] = g } }
        return out
    }
}
