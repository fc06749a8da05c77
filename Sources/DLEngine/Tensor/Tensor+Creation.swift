/// Ways to make a tensor: constants, ranges, the identity, and random values from dlnb's own generator.
/// Every one checks the requested size before allocating.
extension Tensor {
    /// A tensor of the given shape filled with `value`.
    public static func full(_ shape: [Int], value: Float, requiresGrad: Bool = false) throws -> Tensor {
        let count = try Shape.elementCount(shape)
        return Tensor(uncheckedShape: shape, data: [Float](repeating: value, count: count), requiresGrad: requiresGrad)
    }

    /// Zeros of the given shape.
    public static func zeros(_ shape: [Int], requiresGrad: Bool = false) throws -> Tensor {
        try full(shape, value: 0, requiresGrad: requiresGrad)
    }

    /// Ones of the given shape.
    public static func ones(_ shape: [Int], requiresGrad: Bool = false) throws -> Tensor {
        try full(shape, value: 1, requiresGrad: requiresGrad)
    }

    /// `start, start + step, ...` up to but not including `end` (NumPy's `arange`).
    /// - Throws: for a zero or non-finite step or bound, or a range of more elements than a tensor may hold.
    public static func arange(_ start: Float, _ end: Float, step: Float = 1) throws -> Tensor {
        guard step != 0, step.isFinite, start.isFinite, end.isFinite else {
            throw EngineError.invalidArgument("arange needs finite bounds and a nonzero step")
        }
        // The count is computed in Double and checked before it becomes an Int: a range such as
        // `arange -1e19` or a step of 1e-30 asks for more elements than an Int holds.
        let steps = ((Double(end) - Double(start)) / Double(step)).rounded(.up)
        guard steps.isFinite, steps < Double(Shape.maximumElementCount) else {
            throw EngineError.invalidArgument(
                "arange \(start) \(end) step \(step) would have \(steps) elements, more than a tensor may hold (\(Shape.maximumElementCount))")
        }
        let length = steps > 0 ? Int(steps) : 0
        _ = try Shape.elementCount([length])
        return Tensor(uncheckedShape: [length], data: (0 ..< length).map { start + Float($0) * step })
    }

    /// `count` evenly spaced values from `start` to `end`, both included (NumPy's `linspace`).
    public static func linspace(_ start: Float, _ end: Float, count: Int) throws -> Tensor {
        _ = try Shape.elementCount([count])
        let step = count > 1 ? (Double(end) - Double(start)) / Double(count - 1) : 0
        return Tensor(uncheckedShape: [count], data: (0 ..< count).map {
            $0 == count - 1 && count > 1 ? end : Float(Double(start) + Double($0) * step)
        })
    }

    /// The `n × n` identity matrix (or `n × m` with ones on the diagonal).
    public static func eye(_ n: Int, _ m: Int? = nil) throws -> Tensor {
        let columns = m ?? n
        let t = try zeros([n, columns])
        for i in 0 ..< Swift.min(n, columns) { t.data[i * columns + i] = 1 }
        return t
    }

    /// Values drawn from a normal distribution (default: standard normal, NumPy's `randn`).
    public static func randomNormal(_ shape: [Int], mean: Float = 0, std: Float = 1,
                                    using generator: inout RandomGenerator) throws -> Tensor {
        let count = try Shape.elementCount(shape)
        var data = [Float](repeating: 0, count: count)
        for i in 0 ..< count { data[i] = Float(generator.normal(mean: Double(mean), std: Double(std))) }
        return Tensor(uncheckedShape: shape, data: data)
    }

    /// Values drawn uniformly from [low, high) (default [0, 1), NumPy's `rand`).
    public static func randomUniform(_ shape: [Int], low: Float = 0, high: Float = 1,
                                     using generator: inout RandomGenerator) throws -> Tensor {
        guard low <= high else { throw EngineError.invalidArgument("uniform needs low <= high; got \(low) and \(high)") }
        let count = try Shape.elementCount(shape)
        var data = [Float](repeating: 0, count: count)
        for i in 0 ..< count { data[i] = generator.uniform(low, high) }
        return Tensor(uncheckedShape: shape, data: data)
    }

    /// A tensor with the same shape as this one, filled with `value`.
    public func filled(with value: Float) -> Tensor {
        Tensor(uncheckedShape: shape, data: [Float](repeating: value, count: count))
    }
}
