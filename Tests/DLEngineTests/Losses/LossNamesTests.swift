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
        #expect(try makeLoss(named: "mae") is MeanAbsoluteError)
        #expect(try (makeLoss(named: "huber") as? HuberLoss)?.delta == 1)
        #expect(try (makeLoss(named: "smooth_l1") as? SmoothL1Loss)?.beta == 1)
    }

    @Test func unknownNameListsTheKnownOnes() throws {
        #expect(throws: EngineError.invalidArgument("unknown loss 'cross_entropy'; known losses: softmax_ce, hinge, mse, bce, mae, huber, smooth_l1")) {
            try makeLoss(named: "cross_entropy")
        }
    }
}
