import Testing
@testable import DLScript
import DLEngine

/// The metric built-ins read the engine's figures (whose values are checked by hand in DLEngineTests'
/// ConfusionMatrixTests), `fit ... metrics=[...]` records them, and bad input is refused naming the keyword.
@Suite struct MetricBuiltinsTests {
    static let setup = """
        seed 5
        data = spiral 20 3
        model = sequential
        model.add(linear 2 16)
        model.add(relu)
        model.add(linear 16 3)
        h = fit model data epochs=5 batch=10 optimizer=(adam lr=0.02) metrics=["precision", "f1_weighted", "top2"] validation=data
        """

    func session() -> Session {
        let s = Session()
        for o in s.run(Self.setup) where o.error != nil { Issue.record("setup: \(o.error!.message)") }
        return s
    }

    func value(_ s: Session, _ statement: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        let outcome = s.run(statement).last
        #expect(outcome?.error == nil, "\(outcome?.error?.message ?? "")", sourceLocation: sourceLocation)
        return outcome?.output ?? ""
    }

    func failure(_ s: Session, _ statement: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        let error = s.run(statement).compactMap(\.error).first
        #expect(error != nil, "expected an error from \(statement)", sourceLocation: sourceLocation)
        return error?.message ?? ""
    }

    @Test func builtinsGiveTheEnginesFigures() throws {
        let s = session()
        guard case .model(let model)? = s.variables["model"], case .dataset(let data)? = s.variables["data"] else {
            Issue.record("no model")
            return
        }
        let m = try model.confusionMatrix(data)
        #expect(value(s, "precision model data") == Session.format(m.score(.precision, average: .macro)))
        #expect(value(s, "recall model data average=\"micro\"") == Session.format(m.accuracy))
        #expect(value(s, "f1 model data average=\"weighted\"") == Session.format(m.score(.f1, average: .weighted)))
        #expect(value(s, "(precision model data average=\"none\").shape") == "[3]")
        #expect(value(s, "topk model data k=3") == "1")
        #expect(value(s, "topk model data k=2") == Session.format(try model.topKAccuracy(data, k: 2)))
        #expect(value(s, "confusion model data") == m.tensor.description)
        #expect(value(s, "classification_report model data") == m.report)
        // Also on the session's current model and data.
        #expect(value(s, "precision") == "<function precision> precision [MODEL] [DATA] [average=\"macro\"]")
        #expect(value(s, "precision()") == Session.format(m.score(.precision, average: .macro)))
    }

    @Test func fitRecordsThemPerEpoch() throws {
        let s = session()
        #expect(value(s, "h.precision.shape") == "[5]")
        #expect(value(s, "h.val_top2.shape") == "[5]")
        let summary = value(s, "h")
        #expect(summary.contains("accuracy"))
        #expect(summary.contains(", precision "), "\(summary)")
        #expect(summary.contains("f1_weighted") && summary.contains("val_top2"), "\(summary)")
        // Builtins as names, and accuracy (always recorded) accepted.
        #expect(value(s, "fit model data metrics=[recall, \"accuracy\"]").contains("recall "))
        #expect(value(s, "ans.recall.shape") == "[1]")
    }

    @Test func badInputNamesTheKeyword() throws {
        let s = session()
        #expect(failure(s, "precision model data average=\"mean\"") == "precision: unknown average 'mean'; average= takes macro, micro, weighted, none")
        #expect(failure(s, "f1 model data average=3").contains("average must be a string"))
        #expect(failure(s, "topk model data k=0") == "topk: k must be between 1 and the number of classes (3); got k=0")
        #expect(failure(s, "topk model data k=4") == "topk: k must be between 1 and the number of classes (3); got k=4")
        #expect(failure(s, "fit model data metrics=[\"top4\"]").contains("metrics: top4: k must be between 1"))
        #expect(failure(s, "fit model data metrics=[\"precision_none\"]").contains("metrics: unknown average in 'precision_none'"))
        #expect(failure(s, "fit model data metrics=[\"auc\"]").contains("metrics: unknown metric 'auc'; known: precision,"))
        #expect(failure(s, "fit model data metrics=[1, 2]").contains("metrics must be a list of metric names"))
        #expect(failure(s, "fit model data metrics=[\"f1\", 2]").contains("metrics= takes metric names, like metrics=[\"precision\", \"f1\", \"top2\"], not a number"))
        #expect(failure(s, "fit model data metrics=5").contains("metrics must be a list of metric names"))
        // The session goes on.
        #expect(value(s, "1 + 1") == "2")
    }
}
