import Testing
@testable import DLScript

/// softmax_ce's weight, label_smoothing and reduction from the language: the values PyTorch gives (see
/// DLEngineTests' SoftmaxCrossEntropyOptionsTests for their origin), training with them, and bad values
/// refused naming the keyword.
@Suite struct LossOptionsTests {
    static let z = "(tensor [[1.0, 2.0, 0.5], [0.1, -1.0, 2.0], [3.0, 0.0, -2.0], [0.5, 0.5, 1.5]])"

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

    @Test func valuesAsPyTorch() throws {
        let s = Session()
        _ = outputs(s, "z = \(Self.z); y = [1, 2, 0, 0]")
        // F.cross_entropy(z, y, weight=w) = 0.5835688356; with label_smoothing=0.2 and reduction="none":
        // [0.96800944, 0.64179684, 0.62348474, 1.5698262].
        #expect(outputs(s, "softmax_ce z y weight=[1, 2, 0.5]") == ["0.5836"])
        #expect(outputs(s, "softmax_ce z y weight=[1, 2, 0.5] label_smoothing=0.2 reduction=\"none\"")
                == ["[0.9680, 0.6418, 0.6235, 1.5698]"])
        #expect(outputs(s, "softmax_ce z y weight=[1, 2, 0.5] label_smoothing=0.2 reduction=\"sum\"") == ["3.8031"])
        // The value records its gradient: ∂/∂z of the weighted mean, row 0 (PyTorch: 0.10276618, -0.16509701, 0.06233084).
        #expect(outputs(s, "p = param \(Self.z); l = softmax_ce p y weight=[1, 2, 0.5]; backward l; p.grad[0]")
                == ["[ 0.1028, -0.1651,  0.0623]"])
        #expect(outputs(s, "softmax_ce weight=[1, 2]") == ["SoftmaxCrossEntropy(weight: [1, 2])"])
    }

    @Test func fitTrainsWithThem() throws {
        let s = Session()
        let out = outputs(s, """
            seed 3
            data = spiral 20 3
            model = sequential
            model.add(linear 2 8)
            model.add(relu)
            model.add(linear 8 3)
            h = fit model data epochs=3 batch=10 loss=(softmax_ce weight=[1, 2, 1] label_smoothing=0.1)
            h.step
            """)
        #expect(out.last == "fused dense step")
    }

    @Test func badValuesNameTheKeyword() throws {
        let s = Session()
        _ = outputs(s, "seed 1; data = spiral 10 3; model = sequential; model.add(linear 2 3)")
        #expect(failure(s, "fit model data loss=(softmax_ce reduction=\"none\")")
                == "fit: loss=softmax_ce with reduction=\"none\" gives one loss per sample; fit needs one number (use reduction=\"mean\" or \"sum\")")
        #expect(failure(s, "evaluate model data loss=(softmax_ce reduction=\"none\")").hasPrefix("evaluate: loss=softmax_ce with reduction=\"none\" gives one loss per sample; evaluate needs one number"))
        #expect(failure(s, "fit model data loss=(softmax_ce weight=[1, 2])")
                == "fit: softmax_ce: weight has 2 values but the outputs score 3 classes (shape [30, 3])")
        #expect(failure(s, "softmax_ce weight=[1, -2, 1]").contains("weight must be finite numbers >= 0"))
        #expect(failure(s, "softmax_ce weight=[[1, 2], [3, 4]]").contains("weight must be a list of numbers"))
        #expect(failure(s, "softmax_ce label_smoothing=1.5") == "softmax_ce: label_smoothing must be between 0 and 1; got 1.5")
        #expect(failure(s, "softmax_ce label_smoothing=-0.1").contains("label_smoothing must be between 0 and 1"))
        #expect(failure(s, "softmax_ce reduction=\"avg\"") == "softmax_ce: unknown reduction 'avg'; reduction= takes mean, sum, none")
        #expect(failure(s, "hinge reduction=\"sum\"").contains("reduction"))
        #expect(failure(s, "softmax_ce (tensor [[1.0, 2], [3, 4]]) (tensor [0, 1]) weight=[1, 1, 1]").contains("softmax_ce"))
        #expect(outputs(s, "1 + 1") == ["2"])
    }
}
