import Testing
@testable import DLScript

/// The article's loop by hand: `opt = sgd [w, b] lr=...`, `backward`, `step opt`, `zero_grad opt`.
@Suite struct OptimizerStepTests {
    func run(_ session: Session, _ source: String) -> [String] {
        session.run(source).flatMap(\.recordedOutput)
    }

    @Test func sgdWithMomentumStepsByHand() {
        // Loss sum(w²), gradient 2w. PyTorch's SGD (dampening 0): v ← 0.9·v + g, w ← w − 0.1·v.
        // Step 1: g = [2, −4], v = g, w = [0.8, −1.6]. Step 2: g = [1.6, −3.2], v = 0.9·[2, −4] + g =
        // [3.4, −6.8], w = [0.8, −1.6] − 0.1·v = [0.46, −0.92].
        let s = Session()
        let out = run(s, """
            w = param [1.0, -2.0]
            opt = sgd [w] lr=0.1 momentum=0.9
            for epoch in 1..2
              backward (sum (w * w))
              step opt
              zero_grad opt
            end
            w.data
            w.grad
            """)
        #expect(out.isEmpty == false)
        let w = s.variables["w"].flatMap { if case .tensor(let t) = $0 { return t } else { return nil } }
        #expect(w.map { isClose($0.data, [0.46, -0.92]) } == true)
        #expect(w?.grad.map { $0.data.allSatisfy { $0 == 0 } } ?? true)
    }

    @Test func listsStayListsAndEveryItemIsChecked() {
        let s = Session()
        _ = run(s, "a = param [1.0, 2.0]\nb = param [3.0, 4.0]\nc = tensor [1.0, 2.0]")
        // Two tensors of one shape stay two tensors (a list written elsewhere would make one tensor of them).
        #expect(run(s, "opt = sgd [a, b] lr=1\nbackward (sum (a * b))\nstep opt\na\nb") == ["[-2, -2]", "[2, 2]"])
        #expect(run(s, "sgd [a, c]") == ["error: sgd: item 2 of the list does not require a gradient; make it with param"])
        #expect(run(s, "sgd [a, a]") == ["error: sgd: item 2 of the list is a tensor already in it"])
        #expect(run(s, "sgd [a, 1]") == ["error: sgd: item 2 of the list is a number, not a tensor"])
        #expect(run(s, "step (adam lr=0.1)").first?.hasPrefix("error: step: this optimizer holds no tensors; make it over a list") == true)
        #expect(run(s, "step 3") == ["error: step: OPT must be an optimizer made over tensors (opt = sgd [w, b] lr=0.1), not a number"])
    }

    @Test func aLossAppliedToOutputsAndTargets() {
        let s = Session()
        // Equal scores over 3 classes: the cross-entropy is log 3 = 1.0986 for any label.
        #expect(run(s, "softmax_ce (zeros 2 3) (tensor [0, 2])") == ["1.0986"])
        // Scores [0, ln 3, 0] for label 1: -log(3 / 5) = 0.5108; the gradient is softmax − one-hot.
        #expect(run(s, "z = param [[0, 1.0986123, 0]]\nl = softmax_ce z (tensor [1])\nl\nbackward l\nz.grad")
                == ["0.5108", "[[ 0.2, -0.4,  0.2]]"])
        // One output column is a value, not a class: (1² + 2²) / 2.
        #expect(run(s, "mse (tensor [[1.0], [2.0]]) (tensor [0, 0])") == ["2.5"])
        #expect(run(s, "hinge (zeros 2 3)") == ["error: hinge takes its outputs and its targets, or nothing (usage: hinge OUTPUTS TARGETS)"])
    }

    @Test func aFailedStepChangesNothing() {
        let s = Session()
        _ = run(s, "w = param [1.0]\nopt = sgd [w] lr=0.5 momentum=0.9\nbackward (sum (w * w))\nstep opt")
        let before = run(s, "w")
        #expect(run(s, "if true; step opt; nosuch; end").last?.hasPrefix("error: unknown name") == true)
        #expect(run(s, "w") == before)
    }

    func isClose(_ a: [Float], _ b: [Float]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.isFinite && Swift.abs($0 - $1) <= 1e-6 }
    }
}
