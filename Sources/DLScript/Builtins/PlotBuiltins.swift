import DLEngine
import DLPlot

/// The charts `plot` and `show` draw, by the word that follows them.
let plotKinds = ["boundary", "data", "loss", "images", "graph", "weights", "gradients", "regression", "fit", "schedule"]

/// The keywords each chart applies; any other is refused with an error naming it.
private let plotKeywords: [String: [String]] = [
    "boundary": ["size", "title", "names", "xlabel", "ylabel", "aspect"],
    "data": ["size", "title", "names", "xlabel", "ylabel", "aspect"],
    "loss": ["size", "title", "log", "names"],
    "images": ["size", "title", "columns", "names"],
    "graph": ["size", "title"],
    "weights": ["size", "title"],
    "gradients": ["size", "title", "loss"],
    "regression": ["size", "title", "xlabel", "ylabel"],
    "fit": ["size", "title", "xlabel", "ylabel"],
    "schedule": ["size", "title", "epochs", "steps", "lr"],
]

let plotBuiltins: [Builtin] = [
    Builtin("plot", "plot boundary|data|loss|images|graph|weights|gradients|regression|fit|schedule ... FILE [size=800x600] [title=\"...\"] [log=false] [columns=N] [names=[...]] [loss=...] [xlabel=\"...\"] [ylabel=\"...\"] [aspect=\"equal\"] [epochs=100] [steps=N] [lr=...]",
            "Writes a PNG chart: a model's decision boundary over 2-d data, a data set, a training history, a grid of images (grey ones on one scale, read by a colour bar), the computational graph behind a tensor, a histogram per layer of a model's weights or gradients, a regression model's predictions against its targets, or its curve through 1-d data, or a learning-rate schedule's rates (epochs= of them, steps= for one_cycle_lr; lr= the base rate). Text is DejaVu Sans; charts under 480x360 use smaller text and margins and put their legend inside the data.",
            example: """
                plot boundary model data "boundary.png"
                plot data data "data.png" size=640x480 xlabel="x1" ylabel="x2" aspect="equal"
                h = fit model data epochs=5
                plot loss h "loss.png" log=true
                h2 = fit model data epochs=5 optimizer=(adam lr=0.01)
                plot loss [h, h2] "compare.png" names=["sgd", "adam"]
                plot images (rand 8 1 8 8) "images.png"
                plot weights model "weights.png"
                plot gradients model data "gradients.png"
                x1 = param 2.0; x2 = param 3.0; y = sin(x1) + x1 * x2
                plot graph y "graph.png"
                wave_data = wave 100
                net = sequential
                net.add(linear 1 16)
                net.add(tanh)
                net.add(linear 16 1)
                fit net wave_data epochs=20 loss=mse
                plot regression net wave_data "predictions.png"
                plot fit net wave_data "fit.png"
                plot schedule (cosine_annealing_lr t_max=50) "schedule.png" epochs=100 lr=0.1
                """,
            category: .plots, keywords: ["size", "title", "log", "columns", "names", "loss", "xlabel", "ylabel", "aspect", "epochs", "steps", "lr"], wordPositions: [0]) { call in
        let kind = try call.plotKind()
        // The file is the last positional argument; the ones between name what to draw.
        guard call.positional.count >= 2, case .string(let file) = call.positional[call.positional.count - 1].value else {
            throw ScriptError("plot \(kind): the last argument must be the PNG file name, like \"\(kind).png\"", at: call.location)
        }
        guard file.lowercased().hasSuffix(".png") else {
            throw ScriptError("plot \(kind): '\(file)' must end in .png: plot writes PNG images only", at: call.positional[call.positional.count - 1].location)
        }
        let chart = try call.chart(kind)
        let path = call.session.outputPath(file)
        do {
            try PlotFile.checkWritable(path)
            let canvas = try chart.render()
            let png = try PNGWriter.encode(canvas, text: [.statement(call.session.statementText ?? "plot \(kind)"), .software(dlnbVersion)])
            try PlotFile.write(png, to: path)
            call.session.writtenImages.insert(NotebookExport.resolved(path))
            // `:images on`: the REPL shows what was written (never in a notebook or a log).
            if call.session.showsPlots, let show = call.session.onShowImage { show(TerminalImage(canvas: canvas, png: png), file) }
            return .string("wrote \(file) (\(canvas.width)x\(canvas.height))")
        } catch let error as PlotError {
            throw ScriptError("plot: \(error.description)", at: call.positional[call.positional.count - 1].location)
        }
    },
]

extension Call {
    /// The values after the chart's kind: up to the file name for `plot`, all of them for `show`.
    var plotOperands: ArraySlice<Entry> { name == "plot" ? positional.dropFirst().dropLast() : positional.dropFirst() }

    /// The word after `plot` or `show`, checked against ``plotKinds``, and the keywords checked against
    /// what that chart applies.
    func plotKind() throws -> String {
        guard let first = argument(0), case .string(let kind) = first.value else {
            throw ScriptError("\(name): say what to draw: \(name) \(plotKinds.joined(separator: "|")) ...", at: location)
        }
        guard plotKinds.contains(kind) else {
            throw ScriptError("\(name): unknown chart '\(kind)'" + (Suggestions.nearest(to: kind, in: plotKinds).map { "; did you mean '\($0)'?" }
                ?? "; it draws " + plotKinds.joined(separator: ", ")), at: first.location)
        }
        let applies = plotKeywords[kind] ?? []
        for (label, entry) in keywords.sorted(by: { $0.key < $1.key }) where !applies.contains(label) {
            let users = plotKinds.filter { plotKeywords[$0]?.contains(label) ?? false }.map { "\(name) \($0)" }
            throw ScriptError("\(name) \(kind): \(label)= does not apply to this chart (it applies to \(users.joined(separator: " and ")))", at: entry.location)
        }
        return kind
    }

    /// The chart of `kind` from this call's operands and keywords (`size=`, `title=`, ...).
    func chart(_ kind: String) throws -> any Chart {
        let (width, height) = try plotSize()
        let title = has("title") ? try string(nil, "title", "title") : nil
        switch kind {
        case "boundary": return try boundaryChart(width: width, height: height, title: title)
        case "data": return try scatterChart(width: width, height: height, title: title)
        case "loss": return try lossChart(width: width, height: height, title: title)
        case "graph": return try graphChart(size: keywords["size"] == nil ? nil : (width, height), title: title)
        case "weights", "gradients": return try parameterHistograms(kind, width: width, height: height, title: title)
        case "schedule": return try scheduleChart(width: width, height: height, title: title)
        case "regression", "fit": return try regressionChart(kind, width: width, height: height, title: title)
        default: return try imageGrid(width: width, height: height, title: title)
        }
    }

    func plotSize() throws -> (Int, Int) {
        guard let entry = keywords["size"] else { return (800, 600) }
        guard case .list(let items) = entry.value, items.count == 2,
              case .number(let w) = items[0], case .number(let h) = items[1] else {
            throw ScriptError("plot: size must be written WIDTHxHEIGHT, like size=800x600", at: entry.location)
        }
        return (try wholeNumber(w, "the width", at: entry.location), try wholeNumber(h, "the height", at: entry.location))
    }

    /// The points of a data set with 2 input features, or an error saying why not.
    func points(_ data: Dataset, for kind: String) throws -> [LabeledPoint] {
        guard data.inputs.rank == 2, data.inputs.shape[1] == 2 else {
            throw ScriptError("plot \(kind): needs a data set with 2 input features; this one has samples of shape "
                + EngineError.format(Array(data.inputs.shape.dropFirst())), at: location)
        }
        let labels = data.labels ?? [Int](repeating: 0, count: data.count)
        return (0 ..< data.count).map {
            LabeledPoint(x: Double(data.inputs.data[2 * $0]), y: Double(data.inputs.data[2 * $0 + 1]), label: labels[$0])
        }
    }

    /// The model and data among the operands (each defaulting to the session's current one).
    func plotModelAndData(_ kind: String) throws -> (Sequential?, Dataset) {
        let (model, data) = try modelAndData(in: plotOperands, what: "plot \(kind)'s arguments")
        guard let d = data ?? session.currentData else {
            throw ScriptError("plot \(kind): no data given and none made yet", at: location)
        }
        return (model ?? session.currentModel, d)
    }

    func boundaryChart(width: Int, height: Int, title: String?) throws -> any Chart {
        let (model, data) = try plotModelAndData("boundary")
        guard let model else { throw ScriptError("plot boundary: no model given and none made yet", at: location) }
        let points = try points(data, for: "boundary")
        let labels = try axisLabels()
        var ranges = DecisionBoundaryChart.ranges(for: points)
        if try equalAspect() {
            let t = title ?? "Decision boundary"
            do {
                ranges = try DataRange.equalAspect(x: ranges.x, y: ranges.y, width: width, height: height, title: t,
                                                   xLabel: labels.x, yLabel: labels.y, labels: points.map(\.label),
                                                   classNames: try classNames("boundary"))
            } catch let error as PlotError { throw ScriptError("plot boundary: \(error.description)", at: location) }
        }
        let (rows, columns) = ClassGrid.suggestedSize(width: width, height: height)
        let centers = ClassGrid.centers(xRange: ranges.x, yRange: ranges.y, rows: rows, columns: columns)
        let grid = try Tensor(shape: [centers.count, 2], data: centers.flatMap { [Float($0.x), Float($0.y)] })
        let classes = try model.predictClasses(grid)
        let classGrid: ClassGrid
        do { classGrid = try ClassGrid(rows: rows, columns: columns, classes: classes) } catch let error as PlotError {
            throw ScriptError("plot boundary: \(error.description)", at: location)
        }
        return DecisionBoundaryChart(xRange: ranges.x, yRange: ranges.y, grid: classGrid, points: points,
                                     classNames: try classNames("boundary"),
                                     title: title ?? "Decision boundary", xLabel: labels.x, yLabel: labels.y,
                                     width: width, height: height)
    }

    func scatterChart(width: Int, height: Int, title: String?) throws -> any Chart {
        let (_, data) = try plotModelAndData("data")
        let points = try points(data, for: "data"), labels = try axisLabels(), names = try classNames("data")
        var ranges: (x: ClosedRange<Double>, y: ClosedRange<Double>)?
        if try equalAspect() {
            do {
                ranges = try DataRange.equalAspect(x: DataRange.padded(points.map(\.x)), y: DataRange.padded(points.map(\.y)),
                                                   width: width, height: height, title: title ?? data.name, xLabel: labels.x,
                                                   yLabel: labels.y, labels: points.map(\.label), classNames: names)
            } catch let error as PlotError { throw ScriptError("plot data: \(error.description)", at: location) }
        }
        return ScatterChart(points: points, classNames: names, title: title ?? data.name, xLabel: labels.x, yLabel: labels.y,
                            xRange: ranges?.x, yRange: ranges?.y, width: width, height: height)
    }

    /// `xlabel=` and `ylabel=`: the axes' titles.
    func axisLabels() throws -> (x: String?, y: String?) {
        (has("xlabel") ? try string(nil, "xlabel", "xlabel") : nil, has("ylabel") ? try string(nil, "ylabel", "ylabel") : nil)
    }

    /// `aspect="equal"` (one unit as long across as up) or `aspect="auto"` (fill the picture, the default).
    func equalAspect() throws -> Bool {
        guard let entry = keywords["aspect"] else { return false }
        guard case .string(let value) = entry.value, value == "equal" || value == "auto" else {
            throw ScriptError("\(name): aspect must be \"equal\" or \"auto\"", at: entry.location)
        }
        return value == "equal"
    }

    /// The `names=` keyword: a list of strings, one per class (or per run for `plot loss`); none when absent.
    func classNames(_ kind: String) throws -> [String] {
        guard let entry = keywords["names"] else { return [] }
        guard case .list(let items) = entry.value else {
            throw ScriptError("plot \(kind): names must be a list of strings, like names=[\"cat\", \"dog\"]", at: entry.location)
        }
        return try items.map {
            guard case .string(let s) = $0 else { throw ScriptError("plot \(kind): names must be strings", at: entry.location) }
            return s
        }
    }

    func lossChart(width: Int, height: Int, title: String?) throws -> any Chart {
        var histories: [History] = session.currentHistory.map { [$0] } ?? []
        var runNames: [String]?
        for entry in plotOperands {
            switch entry.value {
            case .history(let h): histories = [h]
            case .table(let t):
                // A table's runs, named as its rows are (`plot loss runs`).
                histories = t.rows.map(\.history)
                runNames = t.rows.map { t.key == "run" ? $0.name : "\(t.key) \($0.name)" }
            case .list(let items):
                histories = try items.map {
                    guard case .history(let h) = $0 else {
                        throw typeError(entry, expected: "a list of histories", what: "plot loss's argument")
                    }
                    return h
                }
            default: throw typeError(entry, expected: "a history (h = fit ...)", what: "plot loss's argument")
            }
        }
        guard !histories.isEmpty, histories.allSatisfy({ !$0.epochs.isEmpty }) else {
            throw ScriptError("plot loss: no training history yet (h = fit ...)", at: location)
        }
        let log = try boolean(nil, "log", "log", default: false)
        func values(_ history: History, _ key: KeyPath<EpochRecord, Float?>) -> [Double] {
            let v = history.epochs.map { $0[keyPath: key].map(Double.init) }
            return v.allSatisfy { $0 == nil } ? [] : v.map { $0 ?? .nan }
        }
        if histories.count == 1, runNames == nil, let history = histories.first {
            if let entry = keywords["names"] {
                throw ScriptError("plot loss: names= labels several runs (plot loss [h1, h2] ... names=[...]); here there is one", at: entry.location)
            }
            return LineChart.trainingHistory(
                loss: history.epochs.map { Double($0.loss) }, validationLoss: values(history, \.validationLoss),
                accuracy: values(history, \.accuracy), validationAccuracy: values(history, \.validationAccuracy),
                logLoss: log, title: title ?? "Training history", width: width, height: height)
        }
        // Several runs compared: one colour per run, training loss and accuracy.
        var names = runNames ?? (1 ... histories.count).map { "run \($0)" }
        if let entry = keywords["names"] {
            names = try classNames("loss")
            guard names.count == histories.count else {
                throw ScriptError("plot loss: names must be a list of \(histories.count) strings", at: entry.location)
            }
        }
        let loss = zip(histories, names).enumerated().map { i, pair in
            LineSeries(name: pair.1, values: pair.0.epochs.map { Double($0.loss) }, color: Palette.color(i))
        }
        let accuracy = zip(histories, names).enumerated().compactMap { i, pair -> LineSeries? in
            let v = values(pair.0, \.accuracy)
            return v.isEmpty ? nil : LineSeries(name: pair.1, values: v, color: Palette.color(i))
        }
        var panels = [LinePanel(yLabel: "loss", series: loss, logY: log)]
        if !accuracy.isEmpty { panels.append(LinePanel(yLabel: "accuracy", series: accuracy)) }
        return LineChart(panels: panels, title: title ?? "Training history", width: width, height: height)
    }

    /// Images from a tensor `[N, C, H, W]`, `[N, H, W]` or `[H, W]`, a data set of images (with their
    /// labels), or a layer's weight such as convolution filters `[out, in, kH, kW]` (one image per pair).
    func imageGrid(width: Int, height: Int, title: String?) throws -> any Chart {
        guard let entry = plotOperands.first, plotOperands.count == 1 else {
            throw ScriptError("plot images: give one tensor or data set of images", at: location)
        }
        var labels: [String] = []
        let tensor: Tensor
        switch entry.value {
        case .dataset(let d):
            tensor = d.inputs
            let names = try classNames("images")
            labels = (d.labels ?? []).map { $0 < names.count ? names[$0] : String($0) }
        case .layer(let l):
            guard let w = l.state.first(where: { $0.name == "weight" })?.tensor else {
                throw ScriptError("plot images: \(l.description) has no weights to show", at: entry.location)
            }
            tensor = w
        default:
            tensor = try Session.tensor(from: entry.value, at: entry.location, context: "plot images")
        }
        let (count, channels, h, w): (Int, Int, Int, Int)
        switch tensor.rank {
        case 2: (count, channels, h, w) = (1, 1, tensor.shape[0], tensor.shape[1])
        case 3: (count, channels, h, w) = (tensor.shape[0], 1, tensor.shape[1], tensor.shape[2])
        case 4 where tensor.shape[1] == 1 || tensor.shape[1] == 3:
            (count, channels, h, w) = (tensor.shape[0], tensor.shape[1], tensor.shape[2], tensor.shape[3])
        case 4:  // filters with several input channels: one grayscale image per (out, in) pair
            (count, channels, h, w) = (tensor.shape[0] * tensor.shape[1], 1, tensor.shape[2], tensor.shape[3])
        default:
            throw ScriptError("plot images: needs images of shape [N, C, H, W], [N, H, W] or [H, W]; got "
                + EngineError.format(tensor.shape), at: entry.location)
        }
        if let entry = keywords["names"], labels.isEmpty {
            throw ScriptError("plot images: names= names the classes of a data set's labels; this has no labels", at: entry.location)
        }
        let shown = Swift.min(count, 64)
        let size = channels * h * w
        let images = (0 ..< shown).map { Array(tensor.data[$0 * size ..< ($0 + 1) * size]) }
        // One grey scale for all the images (with a colour bar reading it), so they compare.
        return ImageGrid(images: images, imageHeight: h, imageWidth: w, channels: channels,
                         labels: Array(labels.prefix(shown)), normalization: .global,
                         columns: has("columns") ? try integer(nil, "columns", "columns") : nil,
                         title: title ?? "", width: width, height: height)
    }
}
