import Foundation
import Testing
@testable import DLEngine

/// ``VectorExp`` against the Double `exp` of the C library, rounded to float.
@Suite struct VectorExpTests {
    /// Units in the last place between `x` and the float nearest to `exact`.
    static func ulps(_ x: Float, _ exact: Double) -> Float {
        let reference = Float(exact)
        return abs(x - reference) / reference.ulp
    }

    @Test func withinTwoUlpOverTheNormalRange() {
        var worst: Float = 0
        var x: Float = -87
        while x <= 88 {
            var lanes = SIMD16<Float>()
            for l in 0 ..< 16 { lanes[l] = x + Float(l) / 1024 }
            let e = VectorExp.exp(lanes)
            for l in 0 ..< 16 { worst = max(worst, Self.ulps(e[l], Foundation.exp(Double(lanes[l])))) }
            x += 1.0 / 64
        }
        #expect(worst <= 2)
        #expect(worst > 0)  // a polynomial, not a table of exact answers
    }

    @Test func edgesAndSpecialValues() {
        var lanes = SIMD16<Float>(repeating: 0)
        let inputs: [Float] = [0, -.infinity, -100, -87.5, 100, 88.5, .infinity, .nan, 1, -1, 88, -87, 1e-8, -1e-8, 0.5, -0.0]
        for (l, x) in inputs.enumerated() { lanes[l] = x }
        let e = VectorExp.exp(lanes)
        #expect(e[0] == 1 && e[15] == 1)
        #expect(e[1] == 0 && e[2] == 0 && e[3] == 0)
        #expect(e[4] == .infinity && e[5] == .infinity && e[6] == .infinity)
        #expect(e[7].isNaN)
        #expect(Self.ulps(e[8], M_E) <= 1 && Self.ulps(e[9], 1 / M_E) <= 1)
        #expect(e[10].isFinite && e[10] > 1e38 && e[11] > 1e-38 && e[11] < 1e-37)
        #expect(e[12] == 1 && e[13] == 1)
    }
}
