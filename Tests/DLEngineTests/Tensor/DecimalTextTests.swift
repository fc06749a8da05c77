import Foundation
import Testing
@testable import DLEngine

/// ``DecimalText`` against Foundation's `String(format:)`, the formatter it replaces (an independent
/// implementation of the same C conversions), and hand-worked values.
@Suite struct DecimalTextTests {
    @Test func handWorkedValues() {
        #expect(DecimalText.fixed(0.99331, 4) == "0.9933")
        #expect(DecimalText.fixed(2.5, 0) == "2")            // round half to even, as C rounds
        #expect(DecimalText.fixed(-0.00001, 4) == "-0.0000")  // the sign stays: NumberFormat drops it
        #expect(DecimalText.fixed(0.0066, 1) == "0.0")
        #expect(DecimalText.fixed(6.64, 1) == "6.6")
        #expect(DecimalText.scientific(1.5e-4, 1) == "1.5e-04")
        #expect(DecimalText.scientific(123456789.5, 4) == "1.2346e+08")
        #expect(DecimalText.scientific(1e-300, 2) == "1.00e-300")
        #expect(DecimalText.fixed(.nan, 4) == "nan")
        #expect(DecimalText.fixed(-.infinity, 4) == "-inf")
        // The widest fixed-point text: 309 integer digits and 17 decimals.
        #expect(DecimalText.fixed(-.greatestFiniteMagnitude, 17).count == 1 + 309 + 1 + 17)
    }

    @Test func agreesWithFoundationsFormatter() {
        var generator = RandomGenerator(seed: 11)
        var values: [Double] = [0, -0.0, 1, 0.5, 0.05, 0.125, 1e15, 9.999_95e-5, 2.675, 1.005]
        for _ in 0 ..< 2000 {
            let exponent = generator.integer(below: 40) - 20
            values.append((generator.nextUnit() * 2 - 1) * pow(10, Double(exponent)))
        }
        for value in values {
            for decimals in [0, 1, 2, 4, 7] {
                #expect(DecimalText.fixed(value, decimals) == String(format: "%.\(decimals)f", value), "\(value)")
                #expect(DecimalText.scientific(value, decimals) == String(format: "%.\(decimals)e", value), "\(value)")
            }
        }
    }
}
