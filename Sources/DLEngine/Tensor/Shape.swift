#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Helpers for shapes: element counts with an allocation guard, row-major strides, axes and broadcasting.
///
/// A shape is a plain `[Int]`, outermost axis first; `[]` is a scalar.
public enum Shape {
    /// The most elements one tensor may hold: half of the machine's memory in float32, so that a request
    /// such as `zeros 100000 100000 100000` is an error before anything is allocated, not an out-of-memory kill.
    public static let maximumElementCount: Int = {
        let bytes = ProcessInfo.processInfo.physicalMemory
        return Int(clamping: bytes / 2 / UInt64(MemoryLayout<Float>.stride))
    }()

    /// The most axes a tensor may have (PyTorch's limit too). Printing and broadcasting walk the axes, and
    /// a file or a statement can declare any number of them.
    public static let maximumRank = 64

    /// The number of elements of `shape`, checked: throws for a negative size, more than ``maximumRank``
    /// axes, more than ``maximumElementCount`` elements (including a product that would overflow `Int`),
    /// or more bytes than ``MemoryBudget`` finds available.
    public static func elementCount(_ shape: [Int]) throws -> Int {
        guard shape.count <= maximumRank else {
            throw EngineError.invalidArgument("a tensor may have at most \(maximumRank) axes; this one would have \(shape.count)")
        }
        if let negative = shape.first(where: { $0 < 0 }) {
            throw EngineError.invalidArgument("negative size \(negative) in shape \(EngineError.format(shape))")
        }
        // The sizes other than 0 must multiply within the limit too: a shape such as [0, 2^40, 2^40] holds
        // nothing, but its strides would overflow (a fuzzed IDX file declared one).
        var count = 1
        for size in shape where size != 0 {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, product <= maximumElementCount else {
                throw EngineError.allocationTooLarge(shape: shape, limit: maximumElementCount)
            }
            count = product
        }
        if shape.contains(0) { return 0 }
        try MemoryBudget.check(bytes: count * MemoryLayout<Float>.stride, shape: shape)
        return count
    }

    /// Row-major strides (in elements) of a contiguous tensor of this shape.
    public static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = step
            step *= shape[axis]
        }
        return strides
    }

    /// Resolves a possibly negative axis (`-1` is the last) against `rank`; throws when out of range.
    public static func normalize(axis: Int, rank: Int) throws -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        guard resolved >= 0 && resolved < rank else {
            throw EngineError.invalidArgument("axis \(axis) is out of range for a tensor of rank \(rank)")
        }
        return resolved
    }

    /// The NumPy broadcast of two shapes: aligned at the right, each pair of sizes equal or one of them 1.
    public static func broadcast(_ a: [Int], _ b: [Int], operation: String) throws -> [Int] {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0 ..< rank {
            let x = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            guard x == y || x == 1 || y == 1 else {
                throw EngineError.shapeMismatch(operation: operation, a, b)
            }
            result[i] = x == 1 ? y : x
        }
        return result
    }

    /// Strides for reading a tensor of `shape` as if it had the (broadcast) shape `target`:
    /// 0 on the axes where it is repeated.
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(shape)
        let offset = target.count - shape.count
        return (0 ..< target.count).map { i in
            i < offset || shape[i - offset] == 1 ? 0 : own[i - offset]
        }
    }
}
