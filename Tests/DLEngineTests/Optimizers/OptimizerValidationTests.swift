import Testing
import DLEngine

/// Every invalid hyperparameter throws `EngineError.invalidArgument` with a message that names it.
@Suite struct OptimizerValidationTests {
    /// Expects `make` to throw an invalidArgument whose message is `message`.
    func expectInvalid(_ message: String, sourceLocation: SourceLocation = #_sourceLocation,
                       _ make: () throws -> any Optimizer) {
        #expect(throws: EngineError.invalidArgument(message), sourceLocation: sourceLocation) { _ = try make() }
    }

    @Test func sgd() {
        expectInvalid("sgd: lr must be a finite number ≥ 0, got -0.1") { try SGD(learningRate: -0.1) }
        expectInvalid("sgd: lr must be a finite number ≥ 0, got nan") { try SGD(learningRate: .nan) }
        expectInvalid("sgd: lr must be a finite number ≥ 0, got inf") { try SGD(learningRate: .infinity) }
        expectInvalid("sgd: momentum must be a finite number ≥ 0, got -0.5") { try SGD(momentum: -0.5) }
        expectInvalid("sgd: momentum must be a finite number ≥ 0, got inf") { try SGD(momentum: .infinity) }
        expectInvalid("sgd: dampening must be in [0, 1], got 1.5") { try SGD(dampening: 1.5) }
        expectInvalid("sgd: dampening must be in [0, 1], got -0.1") { try SGD(dampening: -0.1) }
        expectInvalid("sgd: weight_decay must be a finite number ≥ 0, got -0.001") { try SGD(weightDecay: -0.001) }
        expectInvalid("sgd: nesterov needs a momentum > 0 and zero dampening") { try SGD(nesterov: true) }
        expectInvalid("sgd: nesterov needs a momentum > 0 and zero dampening") {
            try SGD(momentum: 0.9, dampening: 0.1, nesterov: true)
        }
    }

    @Test func rmsprop() {
        expectInvalid("rmsprop: lr must be a finite number ≥ 0, got -1.0") { try RMSProp(learningRate: -1) }
        expectInvalid("rmsprop: alpha must be in [0, 1), got 1.0") { try RMSProp(alpha: 1) }
        expectInvalid("rmsprop: alpha must be in [0, 1), got -0.1") { try RMSProp(alpha: -0.1) }
        expectInvalid("rmsprop: eps must be a finite number > 0, got 0.0") { try RMSProp(eps: 0) }
        expectInvalid("rmsprop: eps must be a finite number > 0, got -1e-08") { try RMSProp(eps: -1e-8) }
        expectInvalid("rmsprop: momentum must be a finite number ≥ 0, got -0.9") { try RMSProp(momentum: -0.9) }
        expectInvalid("rmsprop: weight_decay must be a finite number ≥ 0, got -1.0") { try RMSProp(weightDecay: -1) }
    }

    @Test(arguments: ["adam", "adamw"])
    func adamAndAdamW(_ name: String) {
        func make(lr: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8,
                  weightDecay: Float = 0) throws -> any Optimizer {
            name == "adam"
                ? try Adam(learningRate: lr, beta1: beta1, beta2: beta2, eps: eps, weightDecay: weightDecay)
                : try AdamW(learningRate: lr, beta1: beta1, beta2: beta2, eps: eps, weightDecay: weightDecay)
        }
        expectInvalid("\(name): lr must be a finite number ≥ 0, got -0.001") { try make(lr: -0.001) }
        expectInvalid("\(name): beta1 must be in [0, 1), got 1.0") { try make(beta1: 1) }
        expectInvalid("\(name): beta1 must be in [0, 1), got -0.1") { try make(beta1: -0.1) }
        expectInvalid("\(name): beta2 must be in [0, 1), got 1.5") { try make(beta2: 1.5) }
        expectInvalid("\(name): beta2 must be in [0, 1), got nan") { try make(beta2: .nan) }
        expectInvalid("\(name): eps must be a finite number > 0, got 0.0") { try make(eps: 0) }
        expectInvalid("\(name): weight_decay must be a finite number ≥ 0, got -0.01") { try make(weightDecay: -0.01) }
    }

    @Test func boundaryValuesAreAccepted() throws {
        _ = try SGD(learningRate: 0, momentum: 0, dampening: 1, weightDecay: 0)
        _ = try RMSProp(learningRate: 0, alpha: 0)
        _ = try Adam(beta1: 0, beta2: 0)
        _ = try AdamW(weightDecay: 0)
    }
}
