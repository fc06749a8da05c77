import Foundation

/// A history saved alone, in the forms Keras users know: a CSV log (Keras's `CSVLogger`) and JSON (Keras's
/// `history.history` dictionary, written with `json.dump`).
///
/// - CSV: a header `epoch,loss,accuracy,f1,val_loss,val_accuracy,val_f1,lr` (the columns the history has:
///   the `metrics=` figures after the loss and accuracy of their side, as `verbose=2` prints them), one row
///   per recorded epoch; a figure an epoch lacks is left empty.
/// - JSON: `{"epoch": [1, 2, ...], "loss": [...], "accuracy": [...], "f1": [...], "val_loss": [...], ...}`,
///   a key only for the figures the history has; a figure an epoch lacks, or one that is NaN or infinite
///   (which JSON cannot write), is `null`. Read back, every key besides `epoch`, `loss`, `accuracy`,
///   `val_loss`, `val_accuracy` and `lr` is a metric (Keras's `history.history` holds its metrics so too).
///
/// Epochs are numbered from 1, as dlnb prints them (Keras counts from 0). Numbers are written as Swift
/// writes a `Float`: the shortest text that reads back as the same value.
extension History {
    /// The figures a history has, as (column name, value of a record).
    private var columns: [(String, (EpochRecord) -> Float?)] {
        var metricNames: [String] = []
        for record in epochs { for figure in record.metrics where !metricNames.contains(figure.name) { metricNames.append(figure.name) } }
        func metrics(validation: Bool) -> [(String, (EpochRecord) -> Float?)] {
            metricNames.filter { $0.hasPrefix("val_") == validation }.map { name in (name, { record in record.metrics.first { $0.name == name }?.value }) }
        }
        let all: [(String, (EpochRecord) -> Float?)] = [("loss", { $0.loss }), ("accuracy", { $0.accuracy })] + metrics(validation: false)
            + [("val_loss", { $0.validationLoss }), ("val_accuracy", { $0.validationAccuracy })] + metrics(validation: true)
            + [("lr", { $0.learningRate })]
        return all.filter { column in epochs.contains { column.1($0) != nil } }
    }

    /// The CSV text.
    public func csv() -> String {
        let columns = self.columns
        var lines = [(["epoch"] + columns.map(\.0)).joined(separator: ",")]
        for record in epochs {
            lines.append(([String(record.epoch)] + columns.map { $0.1(record).map { "\($0)" } ?? "" }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The JSON text.
    public func json() -> String {
        func number(_ value: Float?) -> String { value.flatMap { $0.isFinite ? "\($0)" : nil } ?? "null" }
        var entries = ["\"epoch\": [" + epochs.map { String($0.epoch) }.joined(separator: ", ") + "]"]
        for (name, value) in columns {
            entries.append("\"\(name)\": [" + epochs.map { number(value($0)) }.joined(separator: ", ") + "]")
        }
        return "{" + entries.joined(separator: ", ") + "}\n"
    }

    /// Saves the history as CSV (`.csv`) or JSON (`.json`), atomically.
    /// - Throws: ``EngineError/file(path:_:)`` for another ending or when the file cannot be written.
    public func save(to path: String) throws {
        switch (path as NSString).pathExtension.lowercased() {
        case "csv": try AtomicFile.write(Data(csv().utf8), to: path)
        case "json": try AtomicFile.write(Data(json().utf8), to: path)
        default: throw EngineError.file(path: path, "a history is saved as .csv or .json")
        }
    }

    /// Reads a history saved as JSON by ``save(to:)`` (or Keras's `history.history` dumped as JSON, whose
    /// lists lack `epoch`: its epochs are then numbered from 1).
    /// - Throws: ``EngineError/file(path:_:)`` when the file is not such a JSON object: lists of numbers of
    ///   one length, with `loss` among them.
    public static func loadJSON(from path: String) throws -> History {
        func fail(_ text: String) -> EngineError { .file(path: path, text) }
        guard let object = try? JSONSerialization.jsonObject(with: try AtomicFile.read(path)) as? [String: Any] else {
            throw fail("not a history: a JSON object of lists is expected")
        }
        guard let losses = object["loss"] as? [Any] else { throw fail("not a history: it has no \"loss\" list") }
        let count = losses.count
        func figures(_ key: String) throws -> [Float?]? {
            guard let value = object[key] else { return nil }
            guard let list = value as? [Any], list.count == count else { throw fail("\"\(key)\" is not a list of \(count) numbers") }
            return try list.map { item in
                if item is NSNull { return nil }
                guard let number = item as? Double else { throw fail("\"\(key)\" holds something other than numbers") }
                return Float(number)
            }
        }
        let epochNumbers = try object["epoch"].map { value -> [Int] in
            guard let list = value as? [Int], list.count == count else { throw fail("\"epoch\" is not a list of \(count) whole numbers") }
            return list
        } ?? Array(stride(from: 1, through: count, by: 1))
        guard zip(epochNumbers, epochNumbers.dropFirst()).allSatisfy({ $0 < $1 }), (epochNumbers.first ?? 1) >= 0,
              (epochNumbers.last ?? 0) <= History.maximumEpochNumber else {
            throw fail("\"epoch\" must count up from 0 or more, to at most \(History.maximumEpochNumber)")
        }
        let loss = try figures("loss") ?? [], accuracy = try figures("accuracy"), validationLoss = try figures("val_loss"),
            validationAccuracy = try figures("val_accuracy"), rates = try figures("lr")
        // The other keys are metrics: the training ones first, each in name order (a JSON object has none).
        let metricNames = object.keys.filter { !["epoch", "loss", "accuracy", "val_loss", "val_accuracy", "lr"].contains($0) }
            .sorted { ($0.hasPrefix("val_") ? 1 : 0, $0) < ($1.hasPrefix("val_") ? 1 : 0, $1) }
        let metrics = try metricNames.map { ($0, try figures($0) ?? []) }
        var history = History()
        for i in 0 ..< count {
            guard let value = loss[i] else { throw fail("\"loss\" of epoch \(epochNumbers[i]) is null") }
            history.epochs.append(EpochRecord(epoch: epochNumbers[i], loss: value, accuracy: accuracy?[i] ?? nil,
                                              validationLoss: validationLoss?[i] ?? nil,
                                              validationAccuracy: validationAccuracy?[i] ?? nil, learningRate: rates?[i] ?? nil,
                                              isComplete: true,
                                              metrics: metrics.compactMap { name, values in values[i].map { MetricFigure(name: name, value: $0) } }))
        }
        return history
    }
}
