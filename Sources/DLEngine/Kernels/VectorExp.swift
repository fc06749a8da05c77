/// e^x on 16 float lanes at once, for the softmax of the cross-entropy loss (the one exponential of a
/// training step that runs for every score of every batch).
///
/// The classic single-precision scheme (Cody & Waite range reduction, Moshier's Cephes `expf`
/// polynomial): x = n·ln 2 + r with |r| ≤ ½ ln 2, ln 2 split in two constants so that n·ln 2 is
/// subtracted without rounding error, e^r by a degree-7 polynomial, 2ⁿ put together in the exponent
/// bits. Error within 2 ulp of the exact result over the normal range (`VectorExpTests` compares every
/// 1/64 step of [−87, 88] with the Double `exp`). Beyond it: e^x = 0 below −87.3 (where the exact result
/// is subnormal, under 1.2·10⁻³⁸), +∞ above 88.376 (where it is within 30 % of the largest float), NaN
/// for NaN. Each lane's result depends on that lane
/// only, so results do not depend on how a batch is cut into vectors.
enum VectorExp {
    typealias Vector = SIMD16<Float>

    @inline(__always)
    static func exp(_ x: Vector) -> Vector {
        let high: Float = 88.37626266479492, low: Float = -87.33654022216797
        // Clamp into the range where the reduction and 2ⁿ stay normal; the edges are fixed up below.
        var r = x
        r.replace(with: low, where: x .< low)
        r.replace(with: high, where: x .> high)
        let n = (r * 1.44269504088896341 + 0.5).rounded(.down)
        r = r - n * 0.693359375
        r = r - n * -2.12194440e-4
        let r2 = r * r
        var p: Vector = Vector(repeating: 1.9875691500e-4)
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        p = p * r2 + r + 1
        // 2ⁿ for n in [−126, 127]: n + 127 in the exponent field. The integer n + 127 is read from the
        // low bits of n + 127 + 1.5·2²³, whose exponent fixes the unit in the last place at 1 (a
        // vector conversion to Int32 that Swift's generic SIMD initializer does lane by lane).
        let shifted = n + Vector(repeating: 127 + 12_582_912)
        let exponent = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- 0x4B40_0000
        let scale = unsafeBitCast(exponent &<< 23, to: Vector.self)
        var result = p * scale
        result.replace(with: 0, where: x .< low)
        result.replace(with: .infinity, where: x .> high)
        result.replace(with: x, where: x .!= x)
        return result
    }
}
