import Foundation

/// Tick values at "nice" steps (1, 2 or 5 times a power of ten) and their labels.
public enum Ticks {
    /// Ticks covering `low...high` at a 1-2-5 step chosen so that about `target` of them fall inside.
    ///
    /// The first and last ticks lie inside the range (no tick outside it). An empty range (`low ==
    /// high`) is widened to a unit around the value; non-finite bounds give no ticks.
    public static func linear(_ low: Double, _ high: Double, target: Int = 6) -> (values: [Double], step: Double) {
        guard low.isFinite, high.isFinite else { return ([], 1) }
        var (a, b) = low <= high ? (low, high) : (high, low)
        if b - a < max(abs(a), abs(b)) * 1e-12 || b == a { a -= 0.5; b += 0.5 }
        let step = niceStep((b - a) / Double(max(target, 1)))
        guard step.isFinite, step > 0 else { return ([], 1) }
        var values: [Double] = []
        var k = (a / step).rounded(.up)
        while k * step <= b + step * 1e-9, values.count < 100 {
            // Snapping to the step's multiples keeps 0.30000000000000004 out of the labels.
            let value = k * step
            values.append(abs(value) < step * 1e-9 ? 0 : value)
            k += 1
        }
        return (values, step)
    }

    /// The 1-2-5 step nearest to `raw` (on a log scale: the boundaries are the geometric means).
    public static func niceStep(_ raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let fraction = raw / magnitude
        let nice: Double = fraction < 1.414 ? 1 : fraction < 3.162 ? 2 : fraction < 7.071 ? 5 : 10
        return nice * magnitude
    }

    /// Ticks for a logarithmic axis over `low...high` (both positive): the powers of ten inside, with
    /// 2 and 5 times them when the range spans fewer than three decades.
    public static func logarithmic(_ low: Double, _ high: Double) -> [Double] {
        guard low.isFinite, high.isFinite, low > 0, high >= low else { return [] }
        let first = Int(log10(low).rounded(.down)), last = Int(log10(high).rounded(.up))
        guard last - first < 400 else { return [] }
        let multiples: [Double] = last - first <= 3 ? [1, 2, 5] : [1]
        var values: [Double] = []
        for exponent in first...last {
            for multiple in multiples {
                // Dividing by a power of ten keeps 0.05 exact where 5 * 0.01 would not be.
                let value = exponent < 0 ? multiple / pow(10, Double(-exponent)) : multiple * pow(10, Double(exponent))
                if value >= low * (1 - 1e-9), value <= high * (1 + 1e-9) { values.append(value) }
            }
        }
        return values
    }

    /// A label for `value` on an axis whose ticks are `step` apart: as many decimals as the step needs
    /// (`0.25`, `1.5`, `200`), scientific notation for very large or small numbers (`1e-06`, `2.5e+08`).
    /// Zero takes the same decimals as its neighbours (`0.0` between `-0.5` and `0.5`): one format per axis.
    public static func label(_ value: Double, step: Double) -> String {
        guard value.isFinite else { return String(value) }
        let value = value == 0 ? 0 : value  // no "-0.0"
        let magnitude = abs(value)
        if magnitude >= 1e7 || (magnitude < 1e-4 && magnitude > 0) {
            return String(format: "%.3g", value)
        }
        let decimals = step.isFinite && step > 0 ? max(0, min(6, -Int((log10(step) + 1e-9).rounded(.down)))) : 2
        let text = String(format: "%.\(decimals)f", value)
        return text == "-0" ? "0" : text
    }

    /// A label for a tick of a logarithmic axis: `0.01`, `0.5`, `100`, `1e+06`.
    public static func logLabel(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return String(value) }
        if value >= 1e5 || value < 1e-3 { return String(format: "%.0e", value) }
        return String(format: "%g", value)
    }
}
