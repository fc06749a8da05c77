import DLEngine

/// Named figures (`loss 0.0945, accuracy 0.9733`): what `evaluate` returns, shown labelled as the fit
/// summary shows its figures, each a member (`e.loss`, `e.accuracy`). The order is the builtin's.
public struct Figures: Sendable, Equatable {
    public let entries: [(name: String, value: Double)]

    public init(_ entries: [(name: String, value: Double)]) {
        self.entries = entries
    }

    /// The figure called `name`, if there is one.
    public subscript(name: String) -> Double? {
        entries.first { $0.name == name }?.value
    }

    /// `loss 0.0945, accuracy 0.9733`: each figure a number alone (``NumberFormat``), as the fit summary.
    public var text: String {
        entries.map { "\($0.name) \(NumberFormat.string($0.value))" }.joined(separator: ", ")
    }

    public static func == (a: Figures, b: Figures) -> Bool {
        a.entries.map(\.name) == b.entries.map(\.name) && a.entries.map(\.value) == b.entries.map(\.value)
    }
}
