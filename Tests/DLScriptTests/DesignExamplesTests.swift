import Foundation
import Testing
@testable import DLScript

/// Runs statements in a fresh session and returns each one's output, failing on any error.
func outputs(_ source: String, session: Session = Session(), sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [String?] {
    session.run(source).map { outcome in
        if let error = outcome.error {
            Issue.record("unexpected error: \(error.formatted(source: source))", sourceLocation: sourceLocation)
        }
        return outcome.output
    }
}

/// DESIGN.md's examples, exactly as written there, with the values a user expects.
@Suite struct DesignExamplesTests {
    @Test func spiralExample() throws {
        let session = Session()
        let out = outputs("""
            seed 42
            data = spiral 100 3                  # 100 points per class, 3 classes (the article's genSpiralData)
            model = sequential
            model.add(linear 2 100)
            model.add(relu)
            model.add(linear 100 3)
            summary model                        # table of layers, output shapes, parameter counts
            opt = sgd lr=0.1 momentum=0.9 weight_decay=0.001
            fit model data epochs=200 batch=20 optimizer=opt loss=softmax_ce
            fit epochs=50                        # more epochs, on the session's current model, data and optimizer
            accuracy model data                  # 0.99
            """, session: session)
        #expect(out.count == 11)
        #expect(out[6]?.contains("Total parameters: 603") == true)
        // The step `fit` will take, from the session's data and the loss it would pick.
        #expect(out[6]?.hasSuffix("\nTraining step: fused dense step") == true)
        #expect(out[8]?.hasPrefix("trained 200 epochs in {{") == true)
        #expect(out[9]?.contains("s}}; last epoch, mean over its batches: loss ") == true)
        let accuracy = try #require(Double(out[10] ?? ""))
        #expect(accuracy >= 0.97)
    }

    @Test func autodiffExample() throws {
        let out = outputs("""
            x1 = param 2.0                       # a scalar that requires a gradient
            x2 = param 3.0
            y = sin(x1) + x1 * x2                # the article's autodiff example
            backward y
            x1.grad                              # cos(2) + 3 = 2.5839
            x2.grad                              # 2
            """)
        #expect(out == [nil, nil, nil, nil, "2.5839", "2"])
    }

    @Test func tensorExample() throws {
        let out = outputs("""
            w = randn 3 2
            x = tensor [[1, 2, 3], [4, 5, 6]]
            (x @ w).shape                        # [2, 2]
            data = spiral 100 3
            train, test = split data 0.8
            train.size
            test.size
            """)
        #expect(out[2] == "[2, 2]")
        #expect(out[5] == "240" && out[6] == "60")
    }
}
