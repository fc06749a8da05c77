import Testing
@testable import DLEngine

/// `makeOptimizer(named:options:)`: the language's names and keyword options.
@Suite struct OptimizerNamesTests {
    @Test func makesEachOptimizerWithItsOptions() throws {
        let sgd = try #require(try makeOptimizer(named: "sgd", options: ["lr": 0.1, "momentum": 0.9, "weight_decay": 0.001]) as? SGD)
        #expect(sgd.learningRate == 0.1 && sgd.momentum == 0.9 && sgd.weightDecay == 0.001 && !sgd.nesterov)
        #expect(sgd.description == "SGD(lr=0.1, momentum=0.9, weight_decay=0.001)")
        let nesterov = try #require(try makeOptimizer(named: "SGD", options: ["momentum": 0.9, "nesterov": 1, "dampening": 0]) as? SGD)
        #expect(nesterov.nesterov && nesterov.learningRate == 0.01)

        let rmsprop = try #require(try makeOptimizer(named: "rmsprop", options: ["alpha": 0.9, "eps": 1e-6, "centered": 1, "momentum": 0.5, "weight_decay": 0.1]) as? RMSProp)
        #expect(rmsprop.alpha == 0.9 && rmsprop.eps == 1e-6 && rmsprop.centered && rmsprop.momentum == 0.5 && rmsprop.weightDecay == 0.1)
        #expect(rmsprop.learningRate == 0.01)

        let adam = try #require(try makeOptimizer(named: "adam", options: ["beta1": 0.8, "beta2": 0.99, "amsgrad": 1]) as? Adam)
        #expect(adam.beta1 == 0.8 && adam.beta2 == 0.99 && adam.amsgrad && adam.learningRate == 0.001 && adam.weightDecay == 0)

        let adamW = try #require(try makeOptimizer(named: "adamw", options: [:]) as? AdamW)
        #expect(adamW.weightDecay == 0.01 && adamW.learningRate == 0.001 && !adamW.amsgrad)
    }

    @Test func unknownOptimizerNamesTheKnownOnes() {
        #expect(throws: EngineError.invalidArgument("unknown optimizer 'adagrad'; known optimizers: adam, adamw, rmsprop, sgd")) {
            try makeOptimizer(named: "adagrad", options: [:])
        }
    }

    @Test func anOptionTheOptimizerDoesNotTakeNamesItsOptions() {
        #expect(throws: EngineError.invalidArgument(
            "sgd does not take the option 'beta1'; its options: lr, momentum, dampening, nesterov, weight_decay")) {
            try makeOptimizer(named: "sgd", options: ["beta1": 0.9])
        }
        #expect(throws: EngineError.invalidArgument(
            "adam does not take the option 'momentum'; its options: lr, beta1, beta2, eps, weight_decay, amsgrad")) {
            try makeOptimizer(named: "adam", options: ["momentum": 0.9])
        }
    }

    @Test func flagsAreZeroOrOne() {
        #expect(throws: EngineError.invalidArgument("sgd: nesterov must be 0 or 1, got 2.0")) {
            try makeOptimizer(named: "sgd", options: ["momentum": 0.9, "nesterov": 2])
        }
        #expect(throws: EngineError.invalidArgument("rmsprop: centered must be 0 or 1, got 0.5")) {
            try makeOptimizer(named: "rmsprop", options: ["centered": 0.5])
        }
    }

    @Test func valuesAreValidatedByTheOptimizer() {
        #expect(throws: EngineError.invalidArgument("adamw: lr must be a finite number ≥ 0, got -1.0")) {
            try makeOptimizer(named: "adamw", options: ["lr": -1])
        }
    }
}
