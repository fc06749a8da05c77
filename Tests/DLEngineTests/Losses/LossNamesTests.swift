import Testing
import DLEngine

/// The loss lookup by name, as the language's `loss=...` uses it.
@Suite struct LossNamesTests {
    @Test func everyNameGivesItsLoss() throws {
        for name in knownLossNames { #expect(try makeLoss(named: name).name == name) }
        #expect(try makeLoss(named: "softmax_ce") is SoftmaxCrossEntropy)
        #expect(try makeLoss(named: "hinge") is MulticlassHinge)
        #expect(try makeLoss(named: "mse") is MeanSquaredError)
        #expect(try makeLoss(named: "bce") is BinaryCrossEntropy)
    }

    @Test func unknownNameListsTheKnownOnes() throws {
        #expect(throws: EngineError.invalidArgument("unknown loss 'cross_entropy'; known losses: softmax_ce, hinge, mse, bce")) {
            try makeLoss(named: "cross_entropy")
        }
    }
}
