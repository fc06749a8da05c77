import Foundation

extension Dataset {
    /// Writes the data set to a CSV file, atomically: a header row (`x0,x1,…,label`), then one row per
    /// sample with its inputs flattened in row-major order and its class label last, so that
    /// ``loadCSV(path:label:header:)`` and `numpy.loadtxt(path, delimiter=",", skiprows=1)` read it back.
    /// Values are written in the shortest form that reads back to the same `Float`, so the round trip is
    /// exact. Inputs of more than one axis per sample (images) come back flattened.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for value targets (CSV files hold class labels here:
    ///   save such a data set as `.npz`); ``EngineError/file(path:_:)`` when the file cannot be written.
    public func saveCSV(to path: String) throws {
        guard case .classes(let labels, _) = targets else {
            throw EngineError.invalidArgument("\(path): a CSV file holds class labels; save a data set of target values as .npz")
        }
        let width = count == 0 ? 0 : inputs.count / count
        var text = (0 ..< width).map { "x\($0)" }.joined(separator: ",") + ",label\n"
        inputs.data.withUnsafeBufferPointer { values in
            for (row, label) in labels.enumerated() {
                for column in 0 ..< width {
                    text += values[row * width + column].description
                    text += ","
                }
                text += "\(label)\n"
            }
        }
        try AtomicFile.write(Data(text.utf8), to: path)
    }
}
