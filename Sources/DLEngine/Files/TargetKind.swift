/// How a data file's labels are read: as class labels, as real values (regression), or told from the
/// values themselves.
public enum TargetKind: String, Sendable, CaseIterable {
    /// Class labels when the labels allow it (whole numbers ≥ 0, or, in a CSV file, any labels that are
    /// not all numbers); numbers that are not whole are refused as ambiguous, naming the other two kinds.
    case automatic
    /// Class labels, always.
    case classes
    /// Real values, one per sample (regression targets); each must be a finite number.
    case values

    /// The words users write: `automatic`, `classes`, `values`.
    public static var names: [String] { allCases.map(\.rawValue) }

    /// The advice that ends an ambiguity error.
    static let advice = "say target=\"values\" for real-valued (regression) targets, or target=\"classes\" for class labels"
}

/// Checks that real-valued targets are finite numbers.
/// - Parameter place: the wording of where value `i` is, for the message (`"label 3"`, `"line 4, column 'y'"`).
/// - Throws: ``EngineError/file(path:_:)`` naming the first that is NaN or infinite.
func checkFiniteTargets(_ values: [Float], path: String, place: (Int) -> String) throws {
    if let i = values.firstIndex(where: { !$0.isFinite }) {
        throw EngineError.file(path: path, "\(place(i)): the target \(values[i]) is not a finite number")
    }
}
