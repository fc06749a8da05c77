import Testing
@testable import DLScript

/// `evaluate` returns its figures labelled, each one a member, for class labels and real-valued targets.
@Suite struct EvaluateFiguresTests {
    @Test func classFiguresAreLabelledAndEachIsAMember() {
        let session = Session(seed: 5)
        let out = outputs("""
            data = spiral 20 2
            m = sequential
            m.add(linear 2 2)
            e = evaluate m data
            e
            e.loss
            e.accuracy
            accuracy m data
            """, session: session)
        let shown = out[4] ?? ""
        #expect(shown.hasPrefix("loss ") && shown.contains(", accuracy "))
        // The labelled figures are the members, each shown as the number alone is, and the accuracy is accuracy's.
        #expect(shown == "loss \(out[5] ?? ""), accuracy \(out[6] ?? "")")
        let loss = Double(out[5] ?? "") ?? .nan
        #expect(out[7] == out[6])
        #expect(loss > 0 && loss.isFinite)
    }

    @Test func anUnknownFigureIsRefusedNamingTheKnownOnes() {
        let session = Session(seed: 5)
        _ = outputs("data = spiral 20 2\nm = sequential\nm.add(linear 2 2)\ne = evaluate m data", session: session)
        #expect(session.run("e.acuracy").first?.error?.message == "the figures have no member 'acuracy'; did you mean 'accuracy'?")
    }

    @Test func regressionFiguresAreMembersToo() {
        let out = outputs("""
            data = wave 50
            m = sequential
            m.add(linear 1 1)
            e = evaluate m data
            e.r2 == (r2 m data)
            (e.mae - (mae m data)) / e.mae
            """, session: Session(seed: 2))
        #expect(out[4] == "true")
        // MAE as a metric is summed in Double, `mae` the loss in Float: equal to float rounding.
        #expect(Swift.abs(Double(out[5] ?? "") ?? .nan) < 1e-5)
    }
}
