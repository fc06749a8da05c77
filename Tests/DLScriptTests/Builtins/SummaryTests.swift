import Testing
@testable import DLScript

/// `summary`'s last line: the step `fit` will train the model on (the same decision, made before the fit),
/// and why when it is the autodiff step.
@Suite struct SummaryTests {
    func lastLine(_ source: String) -> String? {
        outputs(source).last??.split(separator: "\n").last.map(String.init)
    }

    @Test func aDenseNetworkWithoutDataTrainsFused() {
        #expect(lastLine("""
            m = sequential
            m.add(linear 2 16)
            m.add(gelu)
            m.add(linear 16 3)
            summary m
            """) == "Training step: fused dense step")
    }

    @Test func convolutionsTrainLayerByLayerWithTheirDenseHeadFused() {
        #expect(lastLine("""
            m = sequential
            m.add(conv2d 1 4 3)
            m.add(relu)
            m.add(flatten)
            m.add(linear 144 6)
            m.add(relu)
            m.add(linear 6 6)
            data = shapes 12 size=8
            summary m
            """) == "Training step: layer-kernel step (layers 4-6 fused)")
        // A head wider than the fused kernel takes (256) runs on the Linear layer's own kernel.
        #expect(lastLine("""
            m = sequential
            m.add(conv2d 1 4 3)
            m.add(relu)
            m.add(flatten)
            m.add(linear 144 300)
            data = shapes 12 size=8
            summary m
            """) == "Training step: layer-kernel step")
    }

    @Test func aLayerUsedTwiceSaysWhyItTakesAutodiff() {
        #expect(lastLine("""
            m = sequential
            l = linear 3 3
            m.add(linear 2 3)
            m.add(l)
            m.add(l)
            summary m
            """) == "Training step: autodiff step (a layer is used more than once)")
    }

    @Test func labelsTheOutputsCannotScoreAreNamed() {
        // Six shapes, three outputs: the reason is the data, not the loss.
        #expect(lastLine("""
            seed 0
            data = shapes 60 size=8
            m = sequential
            m.add(flatten)
            m.add(linear 64 3)
            summary m
            """) == "Training step: autodiff step (the data has labels up to 5 but the model 3 outputs; fit refuses it)")
        #expect(lastLine("""
            seed 0
            data = shapes 60 size=8
            m = sequential
            m.add(flatten)
            m.add(linear 64 6)
            summary m
            """) == "Training step: layer-kernel step (layer 2 fused)")
    }

    @Test func withoutAnInputShapeThereIsNoStepLine() {
        let out = outputs("""
            m = sequential
            m.add(relu)
            summary m
            """).last ?? nil
        #expect(out?.contains("Training step") == false)
    }
}
