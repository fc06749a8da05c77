import Testing
@testable import DLEngine
@testable import DLScript

/// Ctrl-C in the engine's long work other than `fit`: predictions (and what is built on them: evaluate,
/// accuracy, plots) and the synthetic data sets stop between batches, and the statement fails, changing
/// nothing, as a Ctrl-C'd loop does.
@Suite struct InterruptionTests {
    /// A Ctrl-C that arrives at the `press`-th time the work asks.
    static func pressed(at press: Int) -> () -> Bool {
        var asked = 0
        return { asked += 1; return asked >= press }
    }

    @Test func aLongPredictionStopsBetweenBatchesAndChangesNothing() {
        let session = Session(seed: 1)
        _ = outputs("""
            data = spiral 5000 2
            m = sequential
            m.add(linear 2 3)
            """, session: session)
        session.isInterruptRequested = Self.pressed(at: 4)
        let outcomes = session.run("p = predict m data\nq = 1")
        // Batches of 1,024: asked before samples 0, 1024, 2048 and 3072.
        #expect(outcomes.count == 1)
        #expect(outcomes.first?.error?.message == "predict: interrupted after 3072 of 10000 samples; the statement changed nothing")
        #expect(outcomes.first?.interrupted == true)
        session.isInterruptRequested = { false }
        #expect(session.run("p").first?.error != nil)
        #expect(outputs("(predict m data).shape", session: session) == ["[10000, 3]"])
    }

    @Test func evaluateAndAccuracyStopTooAsTheyPredict() {
        let session = Session(seed: 1)
        _ = outputs("data = spiral 2000 2\nm = sequential\nm.add(linear 2 2)", session: session)
        for statement in ["evaluate m data", "accuracy m data"] {
            session.isInterruptRequested = Self.pressed(at: 2)
            let name = statement.split(separator: " ")[0]
            #expect(session.run(statement).first?.error?.message
                    == "\(name): interrupted after 1024 of 4000 samples; the statement changed nothing")
        }
    }

    @Test func aLargeDataSetStopsWhileItIsDrawnAndTheGeneratorIsUnmoved() {
        let session = Session(seed: 3)
        let expected = outputs("randn 2", session: Session(seed: 3))
        session.isInterruptRequested = Self.pressed(at: 2)
        // Asked every 65,536 points: the second time after 131,072 of 200,000.
        #expect(session.run("data = spiral 100000 2").first?.error?.message
                == "spiral: interrupted after 131072 of 200000 samples; the statement changed nothing")
        session.isInterruptRequested = Self.pressed(at: 1)
        #expect(session.run("s = shapes 1000 size=8").first?.error?.message
                == "shapes: interrupted after 255 of 1000 images; the statement changed nothing")
        session.isInterruptRequested = { false }
        // The random generator is where it was: the failed statements drew nothing that stayed.
        #expect(outputs("randn 2", session: session) == expected)
    }

    @Test func theEngineAsksOnlyWhereAHostBindsTheQuestion() throws {
        var rng = RandomGenerator(seed: 2)
        let model = Sequential([try Linear(inputSize: 2, outputSize: 3, using: &rng)])
        let inputs = try Tensor.randomNormal([3000, 2], using: &rng)
        #expect(try model.predict(inputs).shape == [3000, 3])
        #expect(throws: EngineError.interrupted("after 0 of 3000 samples")) {
            try Interruption.asking({ true }) { try model.predict(inputs) }
        }
        #expect(EngineError.interrupted("after 0 of 3000 samples").description == "interrupted after 0 of 3000 samples")
    }
}

extension InterruptionTests {
    @Test func aFitWithValidationStoppedByCtrlCKeepsWhatItLearnt() {
        // The stop is the fit's own: the epoch's validation (a prediction) is not cut short by it.
        let session = Session(seed: 2)
        _ = outputs("data = spiral 20 3\nm = sequential\nm.add(linear 2 3)", session: session)
        session.isInterruptRequested = Self.pressed(at: 30)
        let outcome = session.run("h = fit m data epochs=100 batch=10 validation_split=0.25").first
        #expect(outcome?.error == nil)
        #expect(outcome?.interrupted == true)
        session.isInterruptRequested = { false }
        #expect(outputs("h.epochs > 0", session: session) == ["true"])
    }
}
