/// An error that a caller of the engine can cause: a bad shape, argument, index or size.
///
/// The engine throws these instead of trapping, so that a REPL session survives any input. The wording of
/// every message lives here, in ``description``.
public enum EngineError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Two shapes that an operation cannot combine, e.g. `[2, 3]` and `[4]` for `+`.
    case shapeMismatch(operation: String, [Int], [Int])
    /// An argument outside what the operation accepts; the text says which and why.
    case invalidArgument(String)
    /// An index outside `-size ..< size` on an axis.
    case indexOutOfRange(index: Int, axis: Int, size: Int)
    /// A request for more elements than the machine can hold (checked before allocating).
    case allocationTooLarge(shape: [Int], limit: Int)
    /// Working arrays for a result of `shape` (indices, a copy, Double sums) that need `bytes` while
    /// `available` remain.
    case workingMemoryTooLarge(shape: [Int], bytes: Int, available: Int)
    /// An operation that needs a gradient where none can be had.
    case gradient(String)
    /// A file that cannot be read or written, or whose contents are not what they should be.
    case file(path: String, String)
    /// Long work stopped by the user (``Interruption``); the text says how far it got
    /// (`"after 65536 of 1000000 samples"`).
    case interrupted(String)

    public var description: String {
        switch self {
        case let .shapeMismatch(operation, a, b):
            return "shape mismatch in \(operation): \(Self.format(a)) and \(Self.format(b))"
        case let .invalidArgument(text):
            return text
        case let .indexOutOfRange(index, axis, size):
            return "index \(index) is out of range for axis \(axis) with size \(size)"
        case let .allocationTooLarge(shape, limit):
            var requested = 1.0
            for size in shape { requested *= Double(size) }
            return "a tensor of shape \(Self.format(shape)) is too large to allocate: it needs "
                + "\(Self.bytes(requested * 4)), and \(Self.bytes(Double(limit) * 4)) are available (limit: \(limit) elements)"
        case let .workingMemoryTooLarge(shape, bytes, available):
            return "a tensor of shape \(Self.format(shape)) with its working arrays is too large to allocate: it needs "
                + "\(Self.bytes(Double(bytes))), and \(Self.bytes(Double(available))) are available"
        case let .gradient(text):
            return text
        case let .file(path, text):
            return "\(path): \(text)"
        case let .interrupted(what):
            return "interrupted \(what)"
        }
    }

    /// A byte count for people: `"12.0 GB"`, `"512.0 MB"`, `"100 bytes"`.
    static func bytes(_ count: Double) -> String {
        let units = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
        guard count.isFinite else { return "more than \(Int.max) bytes" }
        for (scale, name) in units where count >= scale {
            // Past 10¹⁵ TB the tenths no longer fit an Int (`eye 555555555555555/455555553`, a fuzzer
            // finding): the Double's own notation.
            guard count / scale < 1e15 else { return "\(count / scale) \(name)" }
            let tenths = Int((count / scale * 10).rounded())
            return "\(tenths / 10).\(tenths % 10) \(name)"
        }
        return "\(Int(count)) bytes"
    }

    /// Formats a shape the way users write it: `[2, 3]`.
    public static func format(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }
}
