/// dlnb's one rule for printing numbers, shared by every output: a number alone, the elements of a
/// tensor, a column of a table and a labelled figure (`loss 0.0201, accuracy 0.99`).
///
/// Values printed together (a tensor's elements, a table's column) share one style, as NumPy and
/// PyTorch print an array; a number alone is a group of one. The style:
/// - **integer** when every value is whole and smaller than 1e15 in magnitude (`2`, `300`, `[1, 2]`);
/// - **scientific** when the largest magnitude is at least 1e8, or a nonzero one is below 1e-3, where
///   four decimals would show at most one significant digit (`1e-08`, `[1.5e-04, 2.0e-01]`);
/// - otherwise **fixed point**.
/// Both of the last two use as many decimals as the most precise value needs, at most four and (in
/// fixed point) at least one: `0.99`, `0.9933`, `2.5839`, `[0.5000, 0.9933]`. This is NumPy's
/// `floatmode='maxprec'` at PyTorch's precision of four, so losses and accuracies read as Keras prints
/// them, and a column's decimal points line up. NaN and the infinities print as `nan`, `inf`, `-inf`.
public struct NumberFormat: Sendable {
    private enum Style { case integer, fixed(decimals: Int), scientific(decimals: Int) }
    private let style: Style

    /// The most decimals shown, in fixed point and in a scientific mantissa.
    public static let precision = 4

    /// The format shared by `values`.
    public init<S: Sequence>(_ values: S) where S.Element: BinaryFloatingPoint {
        let finite = values.map { Double($0) }.filter(\.isFinite)
        let largest = finite.map { Swift.abs($0) }.max() ?? 0
        let smallest = finite.filter { $0 != 0 }.map { Swift.abs($0) }.min() ?? 1
        // As many decimals as the most precise value needs in `pattern`, at most `precision`.
        func decimals(_ pattern: (Double) -> String) -> Int {
            finite.map { value -> Int in
                let text = pattern(value)
                let mantissa = text.split(separator: "e").first.map(String.init) ?? text
                return Self.precision - mantissa.reversed().prefix(while: { $0 == "0" }).count
            }.max() ?? 0
        }
        if finite.allSatisfy({ $0 == $0.rounded() }) && largest < 1e15 {
            style = .integer
        } else if largest >= 1e8 || smallest < 1e-3 {
            style = .scientific(decimals: decimals { DecimalText.scientific($0, Self.precision) })
        } else {
            style = .fixed(decimals: Swift.max(decimals { DecimalText.fixed($0, Self.precision) }, 1))
        }
    }

    /// `value` alone: `2`, `0.99`, `0.9933`, `1e-08`.
    public static func string<F: BinaryFloatingPoint>(_ value: F) -> String {
        NumberFormat([value]).string(value)
    }

    /// `value` in this format (it need not be one of the values the format was made from).
    public func string<F: BinaryFloatingPoint>(_ value: F) -> String {
        let v = Double(value)
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        let text: String
        switch style {
        case .integer:
            guard Swift.abs(v) < 1e15 else { return DecimalText.scientific(v, Self.precision) }
            return String(Int64(v.rounded()))
        case .fixed(let decimals): text = DecimalText.fixed(v, decimals)
        case .scientific(let decimals): text = DecimalText.scientific(v, decimals)
        }
        // -0.0000 is 0.0000: a sign on a value that shows as zero only distracts.
        if text.hasPrefix("-"), let shown = Double(text), shown == 0 { return String(text.dropFirst()) }
        return text
    }
}
