import DLEngine
import Foundation

/// How values are shown as a statement's output, and conversions between values.
extension Session {
    /// A number as users read it: whole numbers without a decimal point, others with up to six
    /// significant digits (`0.99`, `2.58385`, `1e-08`).
    public static func format(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if v == v.rounded() && Swift.abs(v) < 1e15 { return String(Int64(v)) }
        var text = String(format: "%.6g", v)
        if text.contains("e") {
            // 1e-08 rather than 1.00000e-08
            let parts = text.split(separator: "e")
            var mantissa = String(parts[0])
            if mantissa.contains(".") {
                while mantissa.hasSuffix("0") { mantissa.removeLast() }
                if mantissa.hasSuffix(".") { mantissa.removeLast() }
            }
            text = mantissa + "e" + parts[1]
        }
        return text
    }

    /// The text shown for a statement's value; `nil` for `none`.
    public func display(_ value: Value) -> String? {
        switch value {
        case .none: return nil
        case .number(let v): return Session.format(v)
        case .boolean(let b): return b ? "true" : "false"
        case .string(let s): return s
        case .list(let items):
            var budget = Session.maximumListText
            return listText(items, budget: &budget)
        case .tensor(let t): return t.description
        case .model(let m): return m.description
        case .layer(let l): return l.description
        case .dataset(let d): return d.description
        case .optimizer(let o): return o.description
        case .loss(let l): return l.description
        case .history(let h): return Session.summary(of: h)
        case .schedule(let s): return s.description
        case .table(let t): return t.text
        case .figures(let f): return f.text
        case .builtin(let b): return "<function \(b.name)> \(b.signature)"
        case .method(let m): return "<method \(m.name) of \(m.receiver.kindWithArticle)>"
        }
    }

    /// A fit's one-line summary: epochs run, the last loss and accuracy (and validation figures), and why
    /// it stopped early, if it did.
    static func summary(of history: History) -> String {
        guard let last = history.last else {
            return history.stopReason.map { "trained 0 epochs: \($0)" } ?? "trained 0 epochs"
        }
        var parts = ["loss \(fixed(last.loss))"]
        if let a = last.accuracy { parts.append("accuracy \(fixed(a))") }
        if let l = last.validationLoss { parts.append("val_loss \(fixed(l))") }
        if let a = last.validationAccuracy { parts.append("val_accuracy \(fixed(a))") }
        let complete = history.completedEpochs
        // The duration varies from run to run: {{...}} marks it so that `dlnb check` ignores it.
        let seconds = String(format: "%.2fs", history.duration)
        var text = "trained \(complete) epoch\(complete == 1 ? "" : "s") in {{\(seconds)}}: " + parts.joined(separator: ", ")
        var notes = history.stopReason.map { ["\($0)"] } ?? []
        if let epoch = history.restoredEpoch { notes.append("restored the weights of epoch \(epoch)") }
        if !notes.isEmpty { text += " (" + notes.joined(separator: "; ") + ")" }
        // Only the slow step is named: a fit that could not use the fast ones says why.
        if case .autodiff? = history.step { text += " [\(history.step!)]" }
        return text
    }

    /// The most characters a list's text takes before the rest is elided as `...` (a list holding itself
    /// many times over, `x = [x, x]` in a loop, would otherwise print exponentially much).
    static let maximumListText = 10_000

    /// `[a, b, [c, d]]`, eliding the items past `budget` characters.
    private func listText(_ items: [Value], budget: inout Int) -> String {
        var text = "["
        for (index, item) in items.enumerated() {
            if index > 0 { text += ", " }
            guard budget > 0 else { return text + "...]" }
            let shown: String
            if case .list(let inner) = item { shown = listText(inner, budget: &budget) } else {
                shown = display(item) ?? "none"
                budget -= shown.count
            }
            text += shown
            budget -= 2
        }
        return text + "]"
    }

    static func fixed(_ v: Float) -> String { String(format: "%.4f", Double(v)) }

    /// A tensor from a value: a tensor as is, a number as a scalar, a (nested) list of numbers as an array.
    /// - Throws: a located error naming `context` when the value is something else or ragged.
    public static func tensor(from value: Value, at location: SourceLocation, context: String) throws -> Tensor {
        switch value {
        case .tensor(let t): return t
        case .number(let v): return Tensor(Float(v))
        case .boolean(let b): return Tensor(b ? 1 : 0)
        case .list(let items):
            guard !items.isEmpty else { return try Tensor(shape: [0], data: []) }
            let parts = try items.map { try tensor(from: $0, at: location, context: context) }
            let shape = parts[0].shape
            guard parts.allSatisfy({ $0.shape == shape }) else {
                throw ScriptError("\(context): the rows of a tensor must all have the same shape", at: location)
            }
            return try Tensor(shape: [parts.count] + shape, data: parts.flatMap(\.data))
        default:
            throw ScriptError("\(context) must be a tensor or a number, not \(value.kindWithArticle)", at: location)
        }
    }
}
