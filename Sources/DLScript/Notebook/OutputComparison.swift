/// How `check` compares recorded and fresh output: text that varies from run to run is written between
/// `{{` and `}}` and ignored, and numbers agree within a relative tolerance, so a notebook still checks
/// on a machine whose floating-point sums round differently.
public enum OutputComparison {
    /// The default relative tolerance of `dlnb check` (`--rtol`).
    public static let defaultRelativeTolerance = 1e-4

    /// Whether two outputs agree line by line.
    public static func matches(_ recorded: [String], _ fresh: [String], relativeTolerance: Double) -> Bool {
        recorded.count == fresh.count && zip(recorded, fresh).allSatisfy { linesMatch($0, $1, relativeTolerance: relativeTolerance) }
    }

    /// Whether two lines agree: the same text outside `{{...}}` spans, and numbers within tolerance.
    public static func linesMatch(_ a: String, _ b: String, relativeTolerance: Double) -> Bool {
        if a == b { return true }
        let x = tokens(withoutVariableParts(a)), y = tokens(withoutVariableParts(b))
        guard x.count == y.count else { return false }
        for (p, q) in zip(x, y) {
            switch (p, q) {
            case let (.number(u), .number(v)):
                guard u == v || Swift.abs(u - v) <= relativeTolerance * Swift.max(Swift.abs(u), Swift.abs(v)) else { return false }
            case let (.text(u), .text(v)):
                guard u == v else { return false }
            default:
                return false
            }
        }
        return true
    }

    /// Output as a person reads it (the REPL, exported reports): the `{{` and `}}` marks removed, what
    /// they enclose kept.
    public static func plainText(_ output: String) -> String {
        output.replacingOccurrences(of: "{{", with: "").replacingOccurrences(of: "}}", with: "")
    }

    /// `recorded` with its `{{...}}` spans replaced by `fresh`'s, in order: the recorded text kept, this
    /// run's durations shown. Unchanged when the two have different numbers of spans.
    public static func refreshingVariableParts(_ recorded: String, from fresh: String) -> String {
        let (old, new) = (variableParts(recorded), variableParts(fresh))
        guard !old.isEmpty, old.count == new.count else { return recorded }
        var result = "", rest = Substring(recorded)
        for part in new {
            guard let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") else { return recorded }
            result += rest[..<open.lowerBound] + "{{" + part + "}}"
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    /// The texts inside the line's `{{...}}` spans.
    static func variableParts(_ line: String) -> [Substring] {
        var parts: [Substring] = [], rest = Substring(line)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            parts.append(rest[open.upperBound ..< close.lowerBound])
            rest = rest[close.upperBound...]
        }
        return parts
    }

    /// The line with every `{{...}}` span reduced to `{{}}`.
    static func withoutVariableParts(_ line: String) -> String {
        var result = "", rest = Substring(line)
        while let open = rest.range(of: "{{") {
            result += rest[..<open.lowerBound] + "{{}}"
            guard let close = rest[open.upperBound...].range(of: "}}") else { return result }
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    enum Token: Equatable {
        case number(Double)
        case text(String)
    }

    /// Splits a line into numbers (`-1.5e-3`, `0.99`) and the text between them.
    static func tokens(_ line: String) -> [Token] {
        var result: [Token] = []
        var text = ""
        let chars = Array(line)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let startsNumber = c.isNumber || ((c == "-" || c == ".") && i + 1 < chars.count && chars[i + 1].isNumber)
            let glued = i > 0 && (chars[i - 1].isLetter || chars[i - 1] == "_")
            if startsNumber && !glued {
                var j = i + 1
                while j < chars.count, chars[j].isNumber || chars[j] == "." ||
                      ((chars[j] == "e" || chars[j] == "E") && j + 1 < chars.count && (chars[j + 1].isNumber || chars[j + 1] == "-" || chars[j + 1] == "+")) ||
                      ((chars[j] == "-" || chars[j] == "+") && (chars[j - 1] == "e" || chars[j - 1] == "E")) {
                    j += 1
                }
                if let value = Double(String(chars[i ..< j])) {
                    if !text.isEmpty { result.append(.text(text)); text = "" }
                    result.append(.number(value))
                    i = j
                    continue
                }
            }
            text.append(c)
            i += 1
        }
        if !text.isEmpty { result.append(.text(text)) }
        return result
    }
}
