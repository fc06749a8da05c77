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
        formatted(lines: source.split(separator: "\n", omittingEmptySubsequences: false), firstLine: 1, file: file)
    }

    /// The same for a source already split into lines, `lines[0]` being line `firstLine` of `file` (the
    /// location counts lines of the whole file; a line before `firstLine` shows empty). A caller reporting
    /// many errors of one input splits it once: re-splitting the input, or padding it with the lines
    /// before it, for each error made a piped script of 8,000 failing statements take 16 s (issue 14).
    public func formatted<Line: StringProtocol>(lines: [Line], firstLine: Int, file: String = "<input>") -> String {
        let shownMessage = message.map(\.escapedIfControl).joined()
        var text = "\(file):\(location.line):\(location.column): error: \(shownMessage)"
        let index = location.line - firstLine
        if location.line >= 1 && index < lines.count {
            let line = index >= 0 ? String(lines[index]) : ""
            // The line as shown: tabs as one space, other control characters escaped (a terminal would act
            // on them); the caret counts the shown characters before the column.
            var shown = "", caret = 0
            for (index, character) in line.enumerated() {
                let piece = character == "\t" ? " " : character.escapedIfControl
                if index < location.column - 1 { caret += piece.count }
                shown += piece
            }
            if location.column - 1 > line.count { caret += location.column - 1 - line.count }
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
