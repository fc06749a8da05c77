import Testing

/// The tolerance helper cannot be fooled by infinities or NaN (swift-numerics checks finiteness first).
@Suite struct ApproximateTests {
    @Test func infinityIsCloseOnlyToItself() {
        #expect(!isClose(Double.infinity, 1.0))
        #expect(!isClose(1.0, -Double.infinity))
        #expect(!isClose(Double.infinity, -Double.infinity))
        #expect(isClose(Double.infinity, Double.infinity))
        #expect(!isClose(Double.nan, Double.nan))
        #expect(!isClose(Float.infinity, 3e38))
        #expect(!allClose([1, .infinity], [1, 2]))
    }

    @Test func finiteValuesUseTheTolerances() {
        #expect(isClose(1.0, 1.0 + 1e-7))
        #expect(!isClose(1.0, 1.001))
        #expect(isClose(0.0, 5e-7))
    }
}
