import Testing
@testable import DLScript

/// `fit ... class_weight=[...]` and the losses' `reduction=`/`weight=` from the language: what trains,
/// what is refused (naming the keyword), and that a refused statement changes nothing.
@Suite struct ClassWeightStatementsTests {
    func outputs(_ s: Session, _ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [String] {
        let outcomes = s.run(source)
        for o in outcomes { if let e = o.error { Issue.record("\(e.message)", sourceLocation: sourceLocation) } }
        return outcomes.compactMap(\.output)
    }

    func failure(_ s: Session, _ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        let error = s.run(source).compactMap(\.error).first
        #expect(error != nil, "expected an error from \(source)", sourceLocation: sourceLocation)
        return error?.message ?? ""
    }

    static let setup = """
        seed 3
        data = spiral 20 3
        model = sequential
        model.add(linear 2 8)
        model.add(relu)
        model.add(linear 8 3)
        """

    @Test func fitTrainsWithClassWeightsOnTheFastStep() throws {
        let s = Session()
        _ = outputs(s, Self.setup)
        let out = outputs(s, "h = fit model data epochs=3 batch=10 class_weight=[1, 2, 0.5]\nh.step")
        #expect(out.last == "fused dense step")
        // The session's loss stays unweighted: the class weights belong to that fit only, as in Keras.
        #expect(s.currentLoss?.description == "SoftmaxCrossEntropy()")
        // Twice the weights, twice the loss (Keras's normalisation, over the batch size); weights of 1
        // are the plain loss. lr=0 keeps the model as it is from fit to fit.
        let ratios = outputs(s, """
            h0 = fit model data epochs=1 batch=60 shuffle=false optimizer=(sgd lr=0)
            h1 = fit model data epochs=1 batch=60 shuffle=false optimizer=(sgd lr=0) class_weight=[1, 1, 1]
            h2 = fit model data epochs=1 batch=60 shuffle=false optimizer=(sgd lr=0) class_weight=[2, 2, 2]
            h1.loss[0] - h0.loss[0]
            h2.loss[0] / h1.loss[0]
            """)
        #expect(Array(ratios.suffix(2)) == ["0", "2"])
    }

    @Test func bceTakesTwoClassWeights() throws {
        let s = Session()
        let out = outputs(s, """
            seed 1
            moons_data = moons 30
            net = sequential
            net.add(linear 2 1)
            h = fit net moons_data loss=bce epochs=2 class_weight=[0.5, 2]
            h.step
            """)
        #expect(out.last == "fused dense step")
    }

    @Test func classWeightRefusals() throws {
        let s = Session()
        _ = outputs(s, Self.setup + "\nwave_data = wave 20\nreg = sequential\nreg.add(linear 1 1)")
        let before = outputs(s, "softmax_ce model data")
        #expect(failure(s, "fit model data class_weight=[1, 2]")
                == "fit: class_weight has 2 values but the data has 3 classes; give one weight per class, in class order")
        #expect(failure(s, "fit model data class_weight=[1, -2, 1]")
                == "fit: class_weight must be finite numbers >= 0 (one per class); class 1 has -2.0")
        #expect(failure(s, "fit model data class_weight=[1, 0/0, 1]").contains("class_weight must be finite numbers >= 0"))
        #expect(failure(s, "fit model data class_weight=3") == "fit: class_weight must be a list of numbers, one weight per class, not a number")
        #expect(failure(s, "fit model data class_weight=[[1, 2, 3]]").hasPrefix("fit: class_weight must be a list of numbers"))
        #expect(failure(s, "fit model data class_weight=[1, 2, 1] loss=(softmax_ce weight=[1, 1, 1])")
                == "fit: class_weight cannot be combined with softmax_ce weight=, which already weights the classes; give one of them")
        #expect(failure(s, "fit model data class_weight=[1, 2, 1] loss=hinge")
                == "fit: class_weight works with loss=softmax_ce and loss=bce, not loss=hinge")
        #expect(failure(s, "fit reg wave_data class_weight=[1]")
                == "fit: class_weight needs class labels; the data's targets are values (a regression has no classes)")
        #expect(outputs(s, "softmax_ce model data") == before)
    }

    @Test func lossKeywordsFromTheLanguage() throws {
        let s = Session()
        _ = outputs(s, "o = tensor [[0.5, -1.0], [2.0, 0.25], [-0.3, 3.0]]; t = tensor [[0.0, -0.5], [0.5, 0.25], [1.0, 0.0]]")
        // PyTorch: F.mse_loss(o, t, reduction="sum") = 13.44; F.l1_loss(..., "none") row 0 = [0.5, 0.5].
        #expect(outputs(s, "mse o t reduction=\"sum\"") == ["13.44"])
        #expect(outputs(s, "(mae o t reduction=\"none\")[0]") == ["[0.5, 0.5]"])
        #expect(outputs(s, "huber o t delta=0.5 reduction=\"sum\"") == ["2.775"])
        #expect(outputs(s, "smooth_l1 o t beta=0.5 reduction=\"sum\"") == ["5.55"])
        #expect(failure(s, "mse weight=[1, 2]")
                == "mse has no weight= (PyTorch's MSELoss has none); to weight samples by their class, give fit class_weight=[...]")
        #expect(failure(s, "mae weight=[1]").contains("PyTorch's L1Loss has none"))
        #expect(failure(s, "huber weight=[1]").contains("PyTorch's HuberLoss has none"))
        #expect(failure(s, "smooth_l1 weight=[1]").contains("PyTorch's SmoothL1Loss has none"))
        #expect(failure(s, "hinge weight=[1]").hasPrefix("hinge has no weight="))
        #expect(failure(s, "mse reduction=\"avg\"") == "mse: unknown reduction 'avg'; reduction= takes mean, sum, none")
        #expect(failure(s, "bce weight=[1, -1]").contains("bce: weight must be finite numbers >= 0"))
        _ = outputs(s, "seed 1; wave_data = wave 20; reg = sequential; reg.add(linear 1 1)")
        #expect(failure(s, "fit reg wave_data loss=(mse reduction=\"none\")").hasPrefix("fit: loss=mse with reduction=\"none\" gives one loss per sample"))
        #expect(outputs(s, "h = fit reg wave_data loss=(huber reduction=\"sum\") epochs=2; h.step") == ["fused dense step"])
    }
}
