import Foundation

extension Dataset {
    /// Writes the data set to a CSV file, atomically: a header row (`x0,x1,…,label`), then one row per
    /// sample with its inputs flattened in row-major order and its class label last, so that
    /// ``loadCSV(path:label:header:)`` and `numpy.loadtxt(path, delimiter=",", skiprows=1)` read it back.
    /// Values are written in the shortest form that reads back to the same `Float`, so the round trip is
    /// exact. Inputs of more than one axis per sample (images) come back flattened.
    /// Value targets of one per sample go in a last column named `target` (``loadCSV(path:label:header:target:)``
    /// with `target: .values` reads them back).
    /// - Throws: ``EngineError/invalidArgument(_:)`` for several target values per sample (save such a
    ///   data set as `.npz`); ``EngineError/file(path:_:)`` when the file cannot be written.
    public func saveCSV(to path: String) throws {
        // One column of labels, or of target values (read back with target: .values).
        let target: (Int) -> String, header: String
        switch targets {
        case .classes(let labels, _): (target, header) = ({ String(labels[$0]) }, "label")
        case .values(let values) where values.count == count:
            (target, header) = ({ values.data[$0].description }, "target")
        case .values(let values):
            throw EngineError.invalidArgument(
                "\(path): a CSV file holds one target per sample, and these targets have shape \(EngineError.format(values.shape)); save them as .npz")
        }
        let width = count == 0 ? 0 : inputs.count / count
        // The text is made in memory, then copied once to be written: at most about 16 bytes a value
        // each time. Refused beforehand when that cannot fit (a 300-million-row data set ended the
        // process), with the binary format that needs no text.
        let (perRow, overflow1) = (width + 1).multipliedReportingOverflow(by: 32)
        let (needed, overflow2) = perRow.multipliedReportingOverflow(by: count)
        let available = MemoryBudget.availableBytes()
        if overflow1 || overflow2 || (needed > MemoryBudget.smallRequest && needed > available) {
            throw EngineError.invalidArgument(
                "\(path): writing \(count) rows of \(width + 1) values as CSV text needs up to \(EngineError.bytes(overflow1 || overflow2 ? .infinity : Double(needed))) of memory, and \(EngineError.bytes(Double(available))) are available; save the data set as .npz")
        }
        var text = (0 ..< width).map { "x\($0)" }.joined(separator: ",") + ",\(header)\n"
        inputs.data.withUnsafeBufferPointer { values in
            for row in 0 ..< count {
                for column in 0 ..< width {
                    text += values[row * width + column].description
                    text += ","
                }
                text += target(row)
                text += "\n"
            }
        }
        try AtomicFile.write(Data(text.utf8), to: path)
    }
}
