import Testing
import DLScript

/// ``ProgressPacer``: the first question and the first after a reset are always due; within the interval
/// nothing is (an interval far longer than the test, so that the answers do not depend on its speed).
@Suite struct ProgressPacerTests {
    @Test func dueFirstThenNotWithinTheInterval() {
        var pacer = ProgressPacer(interval: 3600)
        var answers: [Bool] = []
        for _ in 0 ..< 3 { answers.append(pacer.isDue()) }
        pacer.reset()
        for _ in 0 ..< 2 { answers.append(pacer.isDue()) }
        #expect(answers == [true, false, false, true, false])
    }

    @Test func aZeroIntervalIsAlwaysDue() {
        var pacer = ProgressPacer(interval: 0)
        var answers: [Bool] = []
        for _ in 0 ..< 5 { answers.append(pacer.isDue()) }
        #expect(answers == [true, true, true, true, true])
    }

    @Test func theClockDoesNotGoBack() {
        var last = ProgressPacer.now()
        for _ in 0 ..< 1000 {
            let now = ProgressPacer.now()
            #expect(now >= last)
            last = now
        }
        #expect(last > 0)
    }
}
