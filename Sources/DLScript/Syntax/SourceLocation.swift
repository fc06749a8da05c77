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
        let shownMessage = message.map(\.escapedIfControl).joined()
        var text = "\(file):\(location.line):\(location.column): error: \(shownMessage)"
        if location.line >= 1 && location.line <= lines.count {
            // The line as shown: tabs as one space, other control characters escaped (a terminal would act
            // on them); the caret counts the shown characters before the column.
            var shown = "", caret = 0
            for (index, character) in lines[location.line - 1].enumerated() {
                let piece = character == "\t" ? " " : character.escapedIfControl
                if index < location.column - 1 { caret += piece.count }
                shown += piece
            }
            if location.column - 1 > lines[location.line - 1].count { caret += location.column - 1 - lines[location.line - 1].count }
            text += "\n  " + shown + "\n  " + String(repeating: " ", count: caret) + "^"
        }
        return text
    }
}

extension Character {
    /// The character itself, or for a control character (ESC, NUL, DEL, ...) its escape `\u{1B}`, so
    /// that an echoed line or a message cannot drive the terminal.
    var escapedIfControl: String {
        guard unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return String(self) }
        return unicodeScalars.map { "\\u{" + String($0.value, radix: 16, uppercase: true) + "}" }.joined()
    }
}
