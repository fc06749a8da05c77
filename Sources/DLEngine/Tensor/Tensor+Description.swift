import Foundation

/// Printing like NumPy's: nested brackets that follow the shape, numbers right-aligned in one format,
/// and large tensors elided with `...` (first and last three along each long axis).
extension Tensor: CustomStringConvertible {
    /// The tensor as nested brackets, e.g. `[[1, 2], [3, 4]]` on two lines; a scalar as its number.
    public var description: String { formatted() }

    /// The nested-bracket text, elided beyond `threshold` elements and wrapped at `lineWidth` columns.
    public func formatted(threshold: Int = 1000, edgeItems: Int = 3, lineWidth: Int = 75) -> String {
        // An empty tensor whose other axes would still print more than `threshold` brackets is shown by
        // its shape (NumPy does the same), so `zeros 1000000000000 0` prints at once.
        if count == 0 {
            var brackets = 1
            for size in shape.prefix(while: { $0 != 0 }) {
                brackets = brackets.multipliedReportingOverflow(by: size).partialValue
                if brackets > threshold || brackets < 0 { return "[] (shape \(EngineError.format(shape)))" }
            }
        }
        let elide = count > threshold
        // The positions shown along each axis (nil marks the "..." gap). With many long axes, fewer edge
        // items each, so that the text stays about `threshold` values long whatever the rank.
        var edge = Swift.max(1, edgeItems)
        func shownCount(_ edge: Int) -> Int {
            shape.reduce(1) { product, size in
                let shown = elide && size > 2 * edge ? 2 * edge : size
                let (next, overflow) = product.multipliedReportingOverflow(by: Swift.max(shown, 1))
                return overflow ? Int.max : next
            }
        }
        while elide, edge > 1, shownCount(edge) > 10 * threshold { edge -= 1 }
        let shown: [[Int?]] = shape.map { size in
            elide && size > 2 * edge
                ? Array(0 ..< edge) + [nil] + Array(size - edge ..< size)
                : Array(0 ..< Swift.min(size, threshold + 1))  // only an empty tensor has a larger one; unused
        }
        var visible: [Float] = []
        collect(shown, into: &visible)
        let format = NumberFormat(visible)
        if rank == 0 { return format.string(data[0]) }
        let width = visible.map { format.string($0).count }.max() ?? 1
        var text = ""
        write(shown, format: format, width: width, lineWidth: lineWidth, into: &text)
        return text
    }

    /// One level of the walk over the shown positions: an axis, the flat offset of the block being
    /// printed, and how many of the axis's shown positions are done. The walk keeps its own stack instead
    /// of recursing once per axis, so a tensor of many axes cannot overflow the thread's stack.
    private struct Frame {
        let axis: Int
        let offset: Int
        var next = 0
    }

    /// The values shown, in printing order.
    private func collect(_ shown: [[Int?]], into values: inout [Float]) {
        if rank == 0 { values.append(data[0]); return }
        let strides = Shape.strides(shape)
        var stack = [Frame(axis: 0, offset: 0)]
        while var frame = stack.popLast() {
            let positions = shown[frame.axis]
            if frame.axis == rank - 1 {
                for case let i? in positions { values.append(data[frame.offset + i * strides[frame.axis]]) }
                continue
            }
            while frame.next < positions.count, positions[frame.next] == nil { frame.next += 1 }
            guard frame.next < positions.count, let position = positions[frame.next] else { continue }
            frame.next += 1
            stack.append(frame)
            stack.append(Frame(axis: frame.axis + 1, offset: frame.offset + position * strides[frame.axis]))
        }
    }

    private func write(_ shown: [[Int?]], format: NumberFormat, width: Int, lineWidth: Int, into text: inout String) {
        let strides = Shape.strides(shape)
        var stack = [Frame(axis: 0, offset: 0)]
        text += "["
        while var frame = stack.popLast() {
            let axis = frame.axis, positions = shown[axis]
            let indent = String(repeating: " ", count: axis + 1)
            if axis == rank - 1 {
                var column = axis + 1
                for (n, position) in positions.enumerated() {
                    let item = position.map { pad(format.string(data[frame.offset + $0 * strides[axis]]), width) } ?? "..."
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
                text += "]"
                continue
            }
            guard frame.next < positions.count else { text += "]"; continue }
            if frame.next > 0 { text += "," + String(repeating: "\n", count: rank - axis - 1) + indent }
            let position = positions[frame.next]
            frame.next += 1
            stack.append(frame)
            if let position {
                text += "["
                stack.append(Frame(axis: axis + 1, offset: frame.offset + position * strides[axis]))
            } else {
                text += "..."
            }
        }
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }
}
