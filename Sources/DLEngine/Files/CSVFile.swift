/// Which column of a CSV file holds the labels: the last one (the default), one by its 0-based index
/// (negative counts from the end: -1 is the last), or one by its name in the header row. Write an
/// integer or a string literal for the latter two: `label: 4`, `label: "species"`.
public enum CSVColumn: Equatable, Sendable, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    case last
    case index(Int)
    case name(String)

    public init(integerLiteral value: Int) { self = .index(value) }
    public init(stringLiteral value: String) { self = .name(value) }
}

extension Dataset {
    /// A data set from a CSV file: one sample per row, numeric feature columns and one label (target)
    /// column, read as class labels or as real values (`target`).
    ///
    /// - Header: with `header: nil` (the default) the first row is taken for a header when one of its
    ///   fields is not a number while the field below it is (a file of one row: when none of its fields
    ///   is a number); `true` or `false` decides it.
    /// - Labels: whole numbers ≥ 0 are the class indices as they are (the class count is the largest
    ///   plus one); any other labels — strings such as `setosa`, or numbers such as -1 and 1 — are
    ///   sorted (numbers by value, strings by their characters) and numbered from 0 in that order.
    /// - Targets: with `target: .values` the label column holds real values, targets `[rows, 1]`; with
    ///   `.automatic` (the default), numbers that are not all whole are refused as ambiguous (the
    ///   message names both kinds), and a target that reads as NaN or infinity is refused whatever the kind.
    /// - Fields: separated by commas; surrounding spaces are ignored; a field may be quoted with `"`
    ///   (to hold a comma; `""` inside is one quote). Blank lines are skipped. Features must be finite
    ///   numbers.
    /// - Shapes: inputs `[rows, columns − 1]`, targets `.classes`, or `.values` of shape `[rows, 1]`.
    /// - Parameters:
    ///   - path: the file.
    ///   - label: the label column (default: the last).
    ///   - header: whether the first row is a header; `nil` detects it.
    ///   - target: how the label column is read (default: told from its values).
    /// - Throws: ``EngineError/file(path:_:)`` for a missing or empty file, a header without data rows,
    ///   a label column that does not exist (or a name without a header row), fewer than two columns,
    ///   or a bad row — a missing value, a feature that is not a finite number, or a different number of
    ///   columns than the first row — naming its line number (counted from 1) and column.
    public static func loadCSV(path: String, label: CSVColumn = .last, header: Bool? = nil,
                               target: TargetKind = .automatic) throws -> Dataset {
        let text = String(decoding: try AtomicFile.read(path), as: UTF8.self)
        func fail(_ message: String) -> EngineError { EngineError.file(path: path, message) }
        var rows: [(line: Int, fields: [String])] = []
        var lineNumber = 0
        // "\r\n" is one Character in Swift, so it is a separator of its own.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            lineNumber += 1
            if line.allSatisfy(\.isWhitespace) { continue }
            rows.append((lineNumber, try CSVFile.fields(line, line: lineNumber, fail: fail)))
        }
        guard let first = rows.first else { throw fail("the file is empty (no rows)") }
        let hasHeader = header ?? CSVFile.looksLikeHeader(first.fields, below: rows.dropFirst().first?.fields)
        let names = hasHeader ? first.fields : nil
        let data = hasHeader ? Array(rows.dropFirst()) : rows
        guard let firstData = data.first else { throw fail("the file has a header row but no data rows") }
        let columns = names?.count ?? firstData.fields.count
        guard columns >= 2 else {
            throw fail("needs at least two columns (features and a label); line \(firstData.line) has \(columns)")
        }
        let labelColumn: Int
        switch label {
        case .last: labelColumn = columns - 1
        case .index(let i):
            guard i >= -columns, i < columns else {
                throw fail("there is no label column \(i): the rows have \(columns) columns (0 ..< \(columns))")
            }
            labelColumn = i < 0 ? i + columns : i
        case .name(let name):
            guard let names else { throw fail("the label column '\(name)' needs a header row, and the file has none") }
            guard let i = names.firstIndex(of: name) else {
                throw fail("there is no column named '\(name)'; the header has \(names.map { "'\($0)'" }.joined(separator: ", "))")
            }
            labelColumn = i
        }
        let labelName = names.map { "'\($0[labelColumn])'" } ?? String(labelColumn + 1)
        let features = columns - 1
        _ = try Shape.elementCount([data.count, features + 1])
        var values: [Float] = []
        values.reserveCapacity(data.count * features)
        var labelTexts: [String] = []
        labelTexts.reserveCapacity(data.count)
        var labelPlaces: [String] = []
        for (line, fields) in data {
            guard fields.count == columns else {
                throw fail("line \(line) has \(fields.count) columns where \(hasHeader ? "the header" : "the first row") has \(columns)")
            }
            for (column, field) in fields.enumerated() {
                let place = "line \(line), column \(names.map { "'\($0[column])'" } ?? String(column + 1))"
                guard !field.isEmpty else { throw fail("\(place): missing value") }
                if column == labelColumn {
                    labelTexts.append(field)
                    labelPlaces.append(place)
                    continue
                }
                guard let number = Float(field), number.isFinite else {
                    throw fail("\(place): '\(field)' is not a finite number")
                }
                values.append(number)
            }
        }
        let inputs = try Tensor(shape: [data.count, features], data: values)
        // A label that reads as NaN or infinity is an error for any kind of target.
        if let i = labelTexts.firstIndex(where: { Double($0).map { !$0.isFinite } ?? false }) {
            throw fail("\(labelPlaces[i]): the target '\(labelTexts[i])' is not a finite number")
        }
        let numbers = labelTexts.compactMap { Float($0) }
        if target == .values {
            if let i = labelTexts.firstIndex(where: { Float($0)?.isFinite != true }) {
                throw fail("\(labelPlaces[i]): the target '\(labelTexts[i])' is not a finite number (target=\"values\")")
            }
            return try Dataset(inputs: inputs, targets: .values(Tensor(shape: [data.count, 1], data: numbers)), name: "csv")
        }
        if target == .automatic, numbers.count == labelTexts.count, let i = numbers.firstIndex(where: { $0.rounded() != $0 }) {
            throw fail("\(labelPlaces[i]): the label column \(labelName) holds numbers that are not whole ('\(labelTexts[i])'): "
                       + TargetKind.advice)
        }
        let (labels, classCount) = CSVFile.classIndices(labelTexts)
        guard classCount <= 1_000_000 else {
            throw fail("the label column \(labelName) would make \(classCount) classes; at most 1000000")
        }
        return try Dataset(inputs: inputs, targets: .classes(labels, classCount: classCount), name: "csv")
    }
}

/// The parts of CSV reading that do not need the file: fields, header detection, label numbering.
enum CSVFile {
    /// Splits a line into trimmed fields; a field may be quoted with `"` (`""` is a quote inside).
    /// - Throws: for a quote that is not closed on the line.
    static func fields(_ line: Substring, line number: Int, fail: (String) -> EngineError) throws -> [String] {
        var fields: [String] = [], field = "", quoted = false, wasQuoted = false
        var characters = line.makeIterator()
        while let c = characters.next() {
            if quoted {
                if c == "\"" {
                    var lookahead = characters
                    if lookahead.next() == "\"" { field.append("\""); characters = lookahead } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "," {
                fields.append(wasQuoted ? field : field.trimmingWhitespace())
                (field, wasQuoted) = ("", false)
            } else if c == "\"" && field.allSatisfy(\.isWhitespace) {
                (field, quoted, wasQuoted) = ("", true, true)
            } else if !(wasQuoted && c.isWhitespace) {
                field.append(c)
            }
        }
        guard !quoted else { throw fail("line \(number): a quoted field is not closed") }
        fields.append(wasQuoted ? field : field.trimmingWhitespace())
        return fields
    }

    /// Whether `first` is a header: a field that is not a number above one that is (or, with no row
    /// below, no field that is a number).
    static func looksLikeHeader(_ first: [String], below: [String]?) -> Bool {
        func isNumber(_ s: String) -> Bool { Float(s)?.isFinite == true }
        guard let below else { return !first.contains(where: isNumber) }
        return zip(first, below).contains { !isNumber($0) && isNumber($1) }
    }

    /// Class indices for the label texts: whole numbers ≥ 0 as they are; otherwise the distinct labels
    /// sorted (numerically when all are numbers) and numbered in that order.
    static func classIndices(_ texts: [String]) -> (labels: [Int], classCount: Int) {
        let numbers = texts.compactMap { Double($0) }
        if numbers.count == texts.count, numbers.allSatisfy({ $0.isFinite }) {
            if numbers.allSatisfy({ $0 >= 0 && $0 <= 1e9 && $0.rounded() == $0 }) {
                let labels = numbers.map { Int($0) }
                return (labels, (labels.max() ?? -1) + 1)
            }
            let distinct = Array(Set(numbers)).sorted()
            let index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
            return (numbers.map { index[$0] ?? 0 }, distinct.count)
        }
        let distinct = Array(Set(texts)).sorted()
        let index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
        return (texts.map { index[$0] ?? 0 }, distinct.count)
    }
}

extension String {
    /// The string without leading and trailing whitespace.
    func trimmingWhitespace() -> String {
        guard let start = firstIndex(where: { !$0.isWhitespace }), let end = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[start ... end])
    }
}
