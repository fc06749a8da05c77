import DLEngine

/// Tolerance helpers in one place: relative closeness as in swift-numerics' `isApproximatelyEqual`, which
/// checks finiteness first: an infinity is close only to the same infinity, and NaN to nothing.
func isClose(_ a: Double, _ b: Double, relative: Double = 1e-5, absolute: Double = 1e-6) -> Bool {
    if a == b { return true }
    guard a.isFinite, b.isFinite else { return false }
    return Swift.abs(a - b) <= Swift.max(absolute, relative * Swift.max(Swift.abs(a), Swift.abs(b)))
}

func isClose(_ a: Float, _ b: Double, relative: Double = 1e-5, absolute: Double = 1e-6) -> Bool {
    isClose(Double(a), b, relative: relative, absolute: absolute)
}

/// Whether two float arrays agree elementwise within tolerance.
func allClose(_ a: [Float], _ b: [Float], relative: Double = 1e-5, absolute: Double = 1e-6) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { isClose(Double($0), Double($1), relative: relative, absolute: absolute) }
}

/// A deterministic tensor with values spread over [-2, 2] (and away from 0 when `avoidingZero`), for
/// gradient checks that must not sit on a kink or a pole.
func sample(_ shape: [Int], seed: UInt64 = 1, avoidingZero: Bool = false, positive: Bool = false) throws -> Tensor {
    var rng = RandomGenerator(seed: seed)
    let count = shape.reduce(1, *)
    let values: [Float] = (0 ..< count).map { _ in
        var v = rng.uniform(-2, 2)
        if avoidingZero || positive { v = (v < 0 ? -1 : 1) * (0.3 + Swift.abs(v) * 0.8) }
        return positive ? Swift.abs(v) : v
    }
    return try Tensor(shape: shape, data: values)
}
