import DLEngine
import Foundation

/// How values are shown as a statement's output, and conversions between values.
extension Session {
    /// A number as users read it, in the rule every output shares (``NumberFormat``): `2`, `0.99`,
    /// `2.5839`, `1e-08`.
    public static func format(_ v: Double) -> String { NumberFormat.string(v) }

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
        case .optimizer(let o): return o.description + (o.schedule.map { ", schedule \($0)" } ?? "")
        case .loss(let l): return l.description
        case .history(let h): return Session.summary(of: h)
        case .schedule(let s): return s.description
        case .table(let t): return t.text
        case .figures(let f): return f.text
        case .builtin(let b): return "<function \(b.name)> \(b.signature)"
        case .method(let m): return "<method \(m.name) of \(m.receiver.kindWithArticle)>"
        }
    }

    /// A fit's one-line summary: epochs run, the last epoch's figures, and why it stopped early, if it did.
    /// The training figures are means over the last epoch's batches, taken while the weights moved (not
    /// the final model's, which `evaluate` gives); the validation ones are taken at the epoch's end. The
    /// line says so, since Keras and PyTorch users read bare figures as the final model's.
    static func summary(of history: History) -> String {
        guard let last = history.last else {
            return history.stopReason.map { "trained 0 epochs: \($0)" } ?? "trained 0 epochs"
        }
        func figure(_ name: String, _ value: some BinaryFloatingPoint) -> String { "\(name) \(NumberFormat.string(value))" }
        var training = [figure("loss", last.loss)]
        if let a = last.accuracy { training.append(figure("accuracy", a)) }
        // The metrics asked for (fit ... metrics=[...]): training figures here, val_ ones after val_accuracy.
        training += last.metrics.filter { !$0.name.hasPrefix("val_") }.map { figure($0.name, $0.value) }
        var validation: [String] = []
        if let l = last.validationLoss { validation.append(figure("val_loss", l)) }
        if let a = last.validationAccuracy { validation.append(figure("val_accuracy", a)) }
        validation += last.metrics.filter { $0.name.hasPrefix("val_") }.map { figure($0.name, $0.value) }
        let complete = history.completedEpochs
        // The duration varies from run to run: {{...}} marks it so that `dlnb check` ignores it.
        // Under 10 ms in milliseconds, so that a short fit does not read as taking no time ("0.00s").
        let seconds = history.duration < 0.01 ? DecimalText.fixed(history.duration * 1000, 1) + "ms"
            : DecimalText.fixed(history.duration, 2) + "s"
        var text = "trained \(complete) epoch\(complete == 1 ? "" : "s") in {{\(seconds)}}; last epoch, mean over its batches: "
            + training.joined(separator: ", ")
        if !validation.isEmpty { text += "; at its end: " + validation.joined(separator: ", ") }
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
            // Counted (and checked against the memory left) before any copy: [x, x] of a tensor larger
            // than half the memory left ended the process in the array's growth. An
            // ``EngineError/allocationTooLarge(shape:limit:)`` is thrown as it is, for the caller to place.
            let outShape = [parts.count] + shape
            var data: [Float] = []
            data.reserveCapacity(try Shape.elementCount(outShape))
            for part in parts { data.append(contentsOf: part.data) }
            return try Tensor(shape: outShape, data: data)
        default:
            throw ScriptError("\(context) must be a tensor or a number, not \(value.kindWithArticle)", at: location)
        }
    }
}
