import Foundation
import Testing
import DLEngine

/// The README's Swift examples, compiled and run here; a second test checks that the README still shows
/// exactly these lines, so the two cannot drift apart.
@Suite struct ReadmeExampleTests {
    /// The README's spiral example (between the markers, indentation aside, line for line).
    func spiralExample() throws -> (Float, String) {
        // README: begin spiral
        var rng = RandomGenerator(seed: 42)
        let data = try Dataset.spiral(pointsPerClass: 100, classes: 3, using: &rng)
        let model = try Sequential {
            try Linear(inputSize: 2, outputSize: 100, using: &rng)
            ReLU()
            try Linear(inputSize: 100, outputSize: 3, using: &rng)
        }
        let sgd = try SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.001)
        let options = try TrainingOptions(epochs: 200, batchSize: 20, loss: SoftmaxCrossEntropy(), optimizer: sgd)
        let history = try model.fit(data, options: options, using: &rng)
        print(model.summary())
        print("loss", history.last!.loss, "accuracy", try model.accuracy(data))
        // README: end spiral
        return (try model.accuracy(data), model.summary())
    }

    func autodiffExample() throws -> (Tensor, Tensor) {
        // README: begin autodiff
        let x1 = Tensor(2.0, requiresGrad: true), x2 = Tensor(3.0, requiresGrad: true)
        let y = try x1.sin() + x1 * x2
        try y.backward()
        print(x1.grad!, x2.grad!)   // 2.5839 (cos 2 + 3) and 2
        // README: end autodiff
        return (x1.grad!, x2.grad!)
    }

    @Test func examplesRunAndGiveWhatTheReadmeSays() throws {
        let (accuracy, summary) = try spiralExample()
        #expect(accuracy >= 0.97)
        #expect(summary.hasSuffix("Total parameters: 603"))
        let (g1, g2) = try autodiffExample()
        #expect(g1.description == "2.5839" && g2.description == "2")
    }

    @Test func readmeShowsExactlyTheseLines() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        for name in ["spiral", "autodiff"] {
            let lines = source.components(separatedBy: "// README: begin \(name)\n")[1]
                .components(separatedBy: "// README: end \(name)")[0]
                .split(separator: "\n").map { String($0.dropFirst(8)) }
            #expect(readme.contains(lines.joined(separator: "\n")), "README's \(name) example differs from the tested one")
        }
    }
}
