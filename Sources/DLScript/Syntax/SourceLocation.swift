/// A place in the source a user typed or loaded: 1-based line and column (in characters).
public struct SourceLocation: Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public var description: String { "\(line):\(column)" }
}

/// An error in a statement, with where it is. Its message is one line; ``formatted(source:file:)`` adds
/// the source line and a caret under the spot.
public struct ScriptError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation

    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): \(message)" }

    /// `file:line:col: error: message`, then the offending line and a caret under the column.
    public func formatted(source: String, file: String = "<input>") -> String {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        var text = "\(file):\(location.line):\(location.column): error: \(message)"
        if location.line >= 1 && location.line <= lines.count {
            let line = String(lines[location.line - 1]).replacingTabs()
            text += "\n  " + line + "\n  " + String(repeating: " ", count: max(0, location.column - 1)) + "^"
        }
        return text
    }
}

extension String {
    /// Tabs shown as single spaces, so that the caret lines up with the column count.
    func replacingTabs() -> String { String(map { $0 == "\t" ? " " : $0 }) }
}
