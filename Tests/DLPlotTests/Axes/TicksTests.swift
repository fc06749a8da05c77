import Testing
@testable import DLPlot

@Test func linearTicksUseOneTwoFiveSteps() {
    #expect(Ticks.linear(0, 1, target: 5).values == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
    #expect(Ticks.linear(0, 1, target: 5).step == 0.2)
    #expect(Ticks.linear(-1.05, 1.05, target: 4).values == [-1, -0.5, 0, 0.5, 1])
    #expect(Ticks.linear(0, 1000, target: 4).step == 200)
    #expect(Ticks.linear(3, 3).values.contains(3))  // an empty range gets a unit around the value
    #expect(Ticks.linear(3, 3).step == 0.2)
    #expect(Ticks.linear(.nan, 1).values.isEmpty)
    #expect(Ticks.niceStep(0.26) == 0.2 && Ticks.niceStep(0.4) == 0.5 && Ticks.niceStep(8) == 10)
}

@Test func tickLabelsHaveTheDecimalsTheStepNeeds() {
    #expect(Ticks.label(0.30000000000000004, step: 0.1) == "0.3")
    #expect(Ticks.label(0.25, step: 0.05) == "0.25")
    #expect(Ticks.label(200, step: 100) == "200")
    #expect(Ticks.label(-0.0, step: 0.5) == "0.0")  // one format per axis: 0.0 between -0.5 and 0.5
    #expect(Ticks.label(0, step: 1) == "0" && Ticks.label(0, step: 0.02) == "0.00")
    #expect(Ticks.label(2.5e8, step: 5e7) == "2.5e+08")
    #expect(Ticks.label(1e-6, step: 1e-6) == "1e-06")
}

@Test func logarithmicTicks() {
    #expect(Ticks.logarithmic(0.045, 1.4) == [0.05, 0.1, 0.2, 0.5, 1])
    #expect(Ticks.logarithmic(1e-3, 1e3) == [0.001, 0.01, 0.1, 1, 10, 100, 1000])
    #expect(Ticks.logarithmic(0, 1).isEmpty)
    #expect(Ticks.logLabel(0.05) == "0.05" && Ticks.logLabel(1e6) == "1e+06")
}
