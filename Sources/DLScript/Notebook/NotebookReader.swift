import Foundation

/// An error in a notebook file itself (not in a statement): the file and line it is at.
public struct NotebookError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let line: Int?
    public let message: String

    public var description: String {
        line.map { "\(path):\($0): error: \(message)" } ?? "\(path): error: \(message)"
    }
}

extension Notebook {
    /// Reads a notebook from the bytes of a file (`path` is for messages).
    /// - Throws: ``NotebookError`` for text that is not UTF-8 or holds NUL bytes (a binary file), an
    ///   unknown format version, or an output line with no statement above it.
    public static func parse(_ bytes: [UInt8], path: String) throws -> Notebook {
        guard !bytes.contains(0), let text = String(bytes: bytes, encoding: .utf8) else {
            throw NotebookError(path: path, line: nil, message: "not a text notebook (the file holds binary data)")
        }
        return try parse(text, path: path)
    }

    /// Reads a notebook from its text; see ``parse(_:path:)-([UInt8],_)``.
    public static func parse(_ text: String, path: String) throws -> Notebook {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        if lines.last == "" { lines.removeLast() }
        var items: [Item] = []
        var index = 0
        func fail(_ message: String) -> NotebookError { NotebookError(path: path, line: index + 1, message: message) }
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#>") {
                guard case .code(var cell)? = items.last else {
                    throw fail("output line with no statement above it")
                }
                // All the cell's output lines at once: appending one at a time to a cell copied out of
                // `items` would copy its output every line (quadratic in a long output).
                var end = index
                while end < lines.count, lines[end].trimmingCharacters(in: .whitespaces).hasPrefix("#>") { end += 1 }
                cell.output += lines[index ..< end].map { outputText($0.trimmingCharacters(in: .whitespaces)) }
                items[items.count - 1] = .code(cell)
                index = end
            } else if trimmed.hasPrefix("#!") {
                let body = trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces)
                let key = String(body.prefix(while: { !$0.isWhitespace }))
                let value = body.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
                if key == "dlnb" {
                    guard let version = Int(value), version >= 1 && version <= formatVersion else {
                        throw fail("unknown notebook format version '\(value)' (this dlnb reads version \(formatVersion))")
                    }
                }
                items.append(.metadata(key: key, value: value))
                index += 1
            } else if trimmed.hasPrefix("%%") {
                items.append(.section(trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces)))
                index += 1
            } else if trimmed.hasPrefix("#") {
                items.append(.prose(line))
                index += 1
            } else if trimmed.isEmpty {
                items.append(.blank)
                index += 1
            } else {
                // Statement lines: continue while a bracket is open or a line ends with a backslash.
                var buffer = InputBuffer()
                var complete = buffer.append(line)
                let start = index
                index += 1
                while !complete, index < lines.count, !lines[index].trimmingCharacters(in: .whitespaces).hasPrefix("#>") {
                    complete = buffer.append(lines[index])
                    index += 1
                }
                items.append(.code(Cell(input: buffer, line: start + 1)))
            }
        }
        return Notebook(items: items)
    }

    /// The text of an output line after `#>` and one space.
    private static func outputText(_ trimmed: String) -> String {
        let rest = trimmed.dropFirst(2)
        return String(rest.hasPrefix(" ") ? rest.dropFirst() : rest)
    }
}
