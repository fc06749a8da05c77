/// An error that a caller of DLPlot can cause: a bad size, argument or path, or a PNG that cannot be
/// encoded or decoded.
///
/// DLPlot throws these instead of trapping, so that a REPL session survives any input. The wording of
/// every message lives here, in ``description``.
public enum PlotError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A picture size outside what the chart accepts (too small for its margins, or too large).
    case invalidSize(width: Int, height: Int, minimumWidth: Int, minimumHeight: Int, maximumSide: Int)
    /// An argument outside what the function accepts; the text says which and why.
    case invalidArgument(String)
    /// Nothing to draw: the named input is empty.
    case noData(String)
    /// A file that cannot be written or read; the text says why.
    case file(path: String, String)
    /// libpng refused to encode or decode; the text is libpng's message.
    case png(String)

    public var description: String {
        switch self {
        case let .invalidSize(width, height, minimumWidth, minimumHeight, maximumSide):
            return "plot size \(width)x\(height) is out of range: it must be at least "
                + "\(minimumWidth)x\(minimumHeight) and at most \(maximumSide) pixels on each side"
        case let .invalidArgument(text):
            return text
        case let .noData(what):
            return "nothing to plot: \(what) is empty"
        case let .file(path, text):
            return "\(path): \(text)"
        case let .png(text):
            return "PNG: \(text)"
        }
    }
}
