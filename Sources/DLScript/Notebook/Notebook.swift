/// A `.dlnb` notebook: plain UTF-8 text in which statements stand as typed, prose as `#` comments, each
/// statement's output right below it on `#> ` lines, metadata on `#!` lines and sections on `%%` lines.
/// The format is specified in docs/NOTEBOOKS.md.
public struct Notebook: Equatable {
    /// One part of a notebook, in file order.
    public enum Item: Equatable {
        /// `#! key value` (e.g. `#! dlnb 1`, `#! seed 42`).
        case metadata(key: String, value: String)
        /// `%% Title`: starts a section.
        case section(String)
        /// A `#` comment line, kept as written (including the `#`).
        case prose(String)
        /// An empty line.
        case blank
        /// Statements (one line, or several while a bracket is open) with their recorded output.
        case code(Cell)
    }

    /// Statements and the output recorded below them.
    public struct Cell: Equatable {
        /// The statement lines as typed. Setting them lexes the new lines.
        public var lines: [String] {
            get { input.lines }
            set { input = InputBuffer(lines: newValue) }
        }
        /// The line number of the first statement line in the file (1-based).
        public var line: Int
        /// The recorded output lines, without their `#> ` prefix.
        public var output: [String]
        /// The lines with their tokens, lexed once as the reader gathered them (it needs the tokens to
        /// tell where a statement ends); replay parses the cell from these tokens.
        private var input: InputBuffer

        public init(lines: [String], line: Int, output: [String] = []) {
            self.init(input: InputBuffer(lines: lines), line: line, output: output)
        }

        /// A cell of the lines `input` gathered, keeping their tokens.
        init(input: InputBuffer, line: Int, output: [String] = []) {
            self.input = input
            self.line = line
            self.output = output
        }

        /// The statements as one source text.
        public var source: String { input.text }

        /// The cell's statements, parsed from the tokens lexed when the cell was read (the same as
        /// `Parser.parse(source)`, without lexing again).
        public func parse() -> (statements: [ParsedStatement], errors: [ScriptError]) { input.parse() }

        public static func == (a: Cell, b: Cell) -> Bool {
            a.lines == b.lines && a.line == b.line && a.output == b.output
        }
    }

    public var items: [Item]

    public init(items: [Item] = []) {
        self.items = items
    }

    /// The format version this build reads and writes.
    public static let formatVersion = LanguageVersion.notebookFormat

    /// The value of the first `#! key` line, if any.
    public func metadata(_ key: String) -> String? {
        for case let .metadata(k, v) in items where k == key { return v }
        return nil
    }

    /// The code cells, in order.
    public var cells: [Cell] {
        items.compactMap { if case .code(let c) = $0 { return c } else { return nil } }
    }

    /// The notebook as text: each item on its lines, outputs as `#> ` lines, a final newline.
    public func rendered() -> String {
        var lines: [String] = []
        for item in items {
            switch item {
            case let .metadata(key, value): lines.append("#! \(key)" + (value.isEmpty ? "" : " \(value)"))
            case .section(let title): lines.append("%% \(title)")
            case .prose(let text): lines.append(text)
            case .blank: lines.append("")
            case .code(let cell):
                lines.append(contentsOf: cell.lines)
                lines.append(contentsOf: cell.output.map { $0.isEmpty ? "#>" : "#> " + $0 })
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
