import Foundation

/// Printing like NumPy's: nested brackets that follow the shape, numbers right-aligned in one format,
/// and large tensors elided with `...` (first and last three along each long axis).
extension Tensor: CustomStringConvertible {
    /// The tensor as nested brackets, e.g. `[[1, 2], [3, 4]]` on two lines; a scalar as its number.
    public var description: String { formatted() }

    /// The nested-bracket text, elided beyond `threshold` elements and wrapped at `lineWidth` columns.
    public func formatted(threshold: Int = 1000, edgeItems: Int = 3, lineWidth: Int = 75) -> String {
        let elide = count > threshold
        // The positions shown along each axis (nil marks the "..." gap).
        let shown: [[Int?]] = shape.map { size in
            elide && size > 2 * edgeItems
                ? Array(0 ..< edgeItems) + [nil] + Array(size - edgeItems ..< size)
                : Array(0 ..< size)
        }
        var visible: [Float] = []
        collect(shown, axis: 0, offset: 0, into: &visible)
        let format = NumberFormat(visible)
        if rank == 0 { return format.string(data[0]) }
        let width = visible.map { format.string($0).count }.max() ?? 1
        var text = ""
        write(shown, axis: 0, offset: 0, format: format, width: width, lineWidth: lineWidth, into: &text)
        return text
    }

    private func collect(_ shown: [[Int?]], axis: Int, offset: Int, into values: inout [Float]) {
        if axis == rank { values.append(data[offset]); return }
        let stride = shape[(axis + 1)...].reduce(1, *)
        for case let i? in shown[axis] { collect(shown, axis: axis + 1, offset: offset + i * stride, into: &values) }
    }

    private func write(_ shown: [[Int?]], axis: Int, offset: Int, format: NumberFormat, width: Int,
                       lineWidth: Int, into text: inout String) {
        let stride = shape[(axis + 1)...].reduce(1, *)
        let indent = String(repeating: " ", count: axis + 1)
        text += "["
        if axis == rank - 1 {
            var column = axis + 1
            for (n, position) in shown[axis].enumerated() {
                let item = position.map { pad(format.string(data[offset + $0 * stride]), width) } ?? "..."
                if n > 0 {
                    text += ","
                    column += 1
                    if column + item.count + 2 > lineWidth {
                        text += "\n" + indent
                        column = indent.count
                    } else {
                        text += " "
                        column += 1
                    }
                }
                text += item
                column += item.count
            }
        } else {
            let separator = "," + String(repeating: "\n", count: rank - axis - 1) + indent
            for (n, position) in shown[axis].enumerated() {
                if n > 0 { text += separator }
                if let position {
                    write(shown, axis: axis + 1, offset: offset + position * stride, format: format,
                          width: width, lineWidth: lineWidth, into: &text)
                } else {
                    text += "..."
                }
            }
        }
        text += "]"
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }
}

/// One number format for all elements of a tensor: integers when every value is whole, fixed point with
/// up to four decimals, or scientific notation for very large or very small magnitudes.
struct NumberFormat {
    private enum Style { case integer, fixed(decimals: Int), scientific }
    private let style: Style

    init(_ values: [Float]) {
        let finite = values.filter(\.isFinite)
        let largest = finite.map { Swift.abs($0) }.max() ?? 0
        let smallest = finite.filter { $0 != 0 }.map { Swift.abs($0) }.min() ?? 1
        if finite.allSatisfy({ $0 == $0.rounded() }) && largest < 1e8 {
            style = .integer
        } else if largest >= 1e8 || smallest < 1e-4 {
            style = .scientific
        } else {
            // As many decimals as the most precise value needs, at most four.
            let decimals = finite.map { value -> Int in
                let text = String(format: "%.4f", Double(value))
                return 4 - text.reversed().prefix(while: { $0 == "0" }).count
            }.max() ?? 1
            style = .fixed(decimals: Swift.max(decimals, 1))
        }
    }

    func string(_ value: Float) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        switch style {
        case .integer: return String(Int(value))
        case .fixed(let decimals):
            let text = String(format: "%.\(decimals)f", Double(value))
            return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
        case .scientific: return String(format: "%.4e", Double(value))
        }
    }
}
