import Testing
import DLEngine

/// The one number format (NumPy's `floatmode='maxprec'` at four decimals, NumPy's and PyTorch's
/// thresholds for scientific notation, but 1e-3 below): hand-worked values.
@Suite struct NumberFormatTests {
    @Test func aNumberAlone() {
        #expect(NumberFormat.string(2.0) == "2")
        #expect(NumberFormat.string(300.0) == "300")
        #expect(NumberFormat.string(-0.0) == "0")
        #expect(NumberFormat.string(0.99) == "0.99")
        #expect(NumberFormat.string(0.9933333333) == "0.9933")  // rounded to four decimals
        #expect(NumberFormat.string(2.5838531634528574) == "2.5839")  // cos(2) + 3
        #expect(NumberFormat.string(2.00001) == "2.0")           // not whole: a point, at least one decimal
        #expect(NumberFormat.string(0.001) == "0.001")
        #expect(NumberFormat.string(0.00015) == "1.5e-04")       // four decimals would show 0.0001 (one digit)
        #expect(NumberFormat.string(1e-8) == "1e-08")
        #expect(NumberFormat.string(123456789.5) == "1.2346e+08")
        #expect(NumberFormat.string(1099511627776.0) == "1099511627776")  // 2**40, whole: every digit
        #expect(NumberFormat.string(Float(0.99)) == "0.99")               // a Float reads as its decimal
        #expect(NumberFormat.string(-0.00001) == "-1e-05")
    }

    @Test func nanAndInfinities() {
        #expect(NumberFormat.string(Double.nan) == "nan")
        #expect(NumberFormat.string(Double.infinity) == "inf")
        #expect(NumberFormat.string(-Double.infinity) == "-inf")
        // They do not decide the style of the values beside them.
        let format = NumberFormat([Double.nan, 1, 2])
        #expect([Double.nan, 1, 2].map(format.string) == ["nan", "1", "2"])
    }

    @Test func valuesShownTogetherShareOneStyle() {
        let column = NumberFormat([0.5, 0.9933, 1.0])
        #expect([0.5, 0.9933, 1.0].map(column.string) == ["0.5000", "0.9933", "1.0000"])
        let halves = NumberFormat([0.5, 1.5])
        #expect([0.5, 1.5].map(halves.string) == ["0.5", "1.5"])
        // One small value makes the whole group scientific, as in NumPy and PyTorch.
        let mixed = NumberFormat([0.0002, 0.25])
        #expect([0.0002, 0.25].map(mixed.string) == ["2.0e-04", "2.5e-01"])
        // A value that shows as zero shows no sign (-0.00 is 0.00).
        let nearZero = NumberFormat([-0.00001, 0.5])
        #expect(nearZero.string(-0.000001) == "-1e-06")
        #expect(NumberFormat([0.25, 0.5]).string(-0.00001) == "0.00")
    }
}
