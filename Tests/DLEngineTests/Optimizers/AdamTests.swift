import Foundation
import Testing
@testable import DLEngine

/// Adam's and AdamW's first three steps against values worked out in Double from the equations in their
/// doc comments: m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  θ ← θ − lr·(m/(1 − β₁ᵗ)) / (√(v/(1 − β₂ᵗ)) + ε).
/// The problem is f(θ) = ½ Σ aᵢ θᵢ² (a = (1, 4), θ₀ = (1, −0.5); see ``Quadratic``) unless the gradients
/// are set by hand.
@Suite struct AdamTests {
    let a = Quadratic.a, θ0 = Quadratic.start
    let b1 = 0.9, b2 = 0.999, ε = 1e-8

    /// One Adam step in Double, straight from the equations: returns (θ, m, v).
    func adamStep(_ θ: Vec, _ g: Vec, _ m: Vec, _ v: Vec, t: Double, lr: Double, b2: Double = 0.999) -> (Vec, Vec, Vec) {
        let m = b1 * m + (1 - b1) * g
        let v = b2 * v + (1 - b2) * (g * g)
        let mHat = m / (1 - Foundation.pow(b1, t)), vHat = v / (1 - Foundation.pow(b2, t))
        return (θ - lr * (mHat / (sqrt(vHat) + ε)), m, v)
    }

    @Test func firstStepMovesEachCoordinateByTheLearningRate() throws {
        // m̂₁ = g₀ and v̂₁ = g₀², so θ₁ = θ₀ − lr·g₀/(|g₀| + ε) ≈ θ₀ − lr·sign(g₀) whatever the gradient's
        // size: g₀ = (1, −2) gives θ₁ ≈ (1 − 0.001, −0.5 + 0.001).
        expectTrajectory(try Quadratic.trajectory(Adam(), steps: 1), [Vec(0.999, -0.499)])
        expectTrajectory(try Quadratic.trajectory(Adam(), gradients: [Vec(1e-3, -1e3)]), [Vec(0.999, -0.499)])
    }

    @Test func plain() throws {
        let lr = 0.1, zero = Vec(0, 0)
        // t = 1: g₀ = (1, −2), m₁ = (0.1, −0.2), v₁ = (0.001, 0.004), m̂₁ = g₀, v̂₁ = g₀²: θ₁ ≈ (0.9, −0.4)
        let (θ1, m1, v1) = adamStep(θ0, a * θ0, zero, zero, t: 1, lr: lr)
        // t = 2: g₁ = (0.9, −1.6), m₂ = (0.18, −0.34), v₂ = (0.001809, 0.006556): θ₂ = (0.800412, −0.301187)
        let (θ2, m2, v2) = adamStep(θ1, a * θ1, m1, v1, t: 2, lr: lr)
        // t = 3: g₂ = (0.800412, −1.20475), m₃ = (0.242041, −0.426475): θ₃ = (0.701586, −0.204871)
        let (θ3, _, _) = adamStep(θ2, a * θ2, m2, v2, t: 3, lr: lr)
        expectTrajectory(try Quadratic.trajectory(Adam(learningRate: 0.1)), [θ1, θ2, θ3])
    }

    @Test func amsgradDividesByTheLargestSecondMoment() throws {
        // Gradients (10, −10), then (1, −1) twice, with β₂ = 0.9 so that v shrinks after the first step:
        // v₁ = 0.1·100 = 10, v₂ = 9 + 0.1 = 9.1, v₃ = 8.19 + 0.1 = 8.29; v^max stays 10.
        let lr = 0.1, b2 = 0.9, zero = Vec(0, 0)
        let gradients = [Vec(10, -10), Vec(1, -1), Vec(1, -1)]
        let m1 = (1 - b1) * gradients[0], v1 = (1 - b2) * (gradients[0] * gradients[0])  // m₁ = (1, −1), v₁ = (10, 10)
        let θ1 = θ0 - lr * ((m1 / (1 - b1)) / (sqrt(v1 / (1 - b2)) + ε))               // θ₁ ≈ (0.9, −0.4)
        let m2 = b1 * m1 + (1 - b1) * gradients[1], v2 = b2 * v1 + (1 - b2) * (gradients[1] * gradients[1])
        let max2 = max(v1, v2)                                                            // (10, 10), not v₂ = 9.1
        let θ2 = θ1 - lr * ((m2 / (1 - b1 * b1)) / (sqrt(max2 / (1 - b2 * b2)) + ε))      // θ₂ = (0.827452, −0.327452)
        let m3 = b1 * m2 + (1 - b1) * gradients[2], v3 = b2 * v2 + (1 - b2) * (gradients[2] * gradients[2])
        let max3 = max(max2, v3)                                                          // still (10, 10)
        let θ3 = θ2 - lr * ((m3 / (1 - b1 * b1 * b1)) / (sqrt(max3 / (1 - b2 * b2 * b2)) + ε))  // (0.766707, −0.266707)
        let amsgrad = try Adam(learningRate: 0.1, beta2: 0.9, amsgrad: true)
        expectTrajectory(try Quadratic.trajectory(amsgrad, gradients: gradients), [θ1, θ2, θ3])

        // Without amsgrad the smaller v₂, v₃ give larger steps: θ₂ = (0.823949, …), θ₃ = (0.757232, …).
        let (p1, n1, w1) = adamStep(θ0, gradients[0], zero, zero, t: 1, lr: lr, b2: b2)
        let (p2, n2, w2) = adamStep(p1, gradients[1], n1, w1, t: 2, lr: lr, b2: b2)
        let (p3, _, _) = adamStep(p2, gradients[2], n2, w2, t: 3, lr: lr, b2: b2)
        expectTrajectory(try Quadratic.trajectory(Adam(learningRate: 0.1, beta2: 0.9), gradients: gradients), [p1, p2, p3])
        #expect(p3.x[0] < θ3.x[0])
    }

    @Test func weightDecayJoinsTheGradient() throws {
        // A constant hand-set gradient g = (1, −2) with λ = 0.5: the effective gradient is d = g + λθ.
        let lr = 0.1, λ = 0.5, g = Vec(1, -2), zero = Vec(0, 0)
        let (θ1, m1, v1) = adamStep(θ0, g + λ * θ0, zero, zero, t: 1, lr: lr)  // d₀ = (1.5, −2.25): θ₁ ≈ (0.9, −0.4)
        let (θ2, m2, v2) = adamStep(θ1, g + λ * θ1, m1, v1, t: 2, lr: lr)      // d₁ = (1.45, −2.2): θ₂ = (0.800103, −0.300065)
        let (θ3, _, _) = adamStep(θ2, g + λ * θ2, m2, v2, t: 3, lr: lr)        // θ₃ = (0.700382, −0.200240)
        let adam = try Adam(learningRate: 0.1, weightDecay: 0.5)
        expectTrajectory(try Quadratic.trajectory(adam, gradients: [g, g, g]), [θ1, θ2, θ3])
    }

    @Test func adamWDecaysTheWeightsNotTheGradient() throws {
        let lr = 0.1, λ = 0.1, zero = Vec(0, 0)
        // AdamW: θ ← (1 − lr·λ)θ = 0.99θ, then the Adam step with the undecayed gradient g = aθ (taken before
        // the step): θ₁ ≈ 0.99·(1, −0.5) − 0.1·sign(g₀) = (0.89, −0.395).
        let (θ1, m1, v1) = adamStep((1 - lr * λ) * θ0, a * θ0, zero, zero, t: 1, lr: lr)
        let (θ2, m2, v2) = adamStep((1 - lr * λ) * θ1, a * θ1, m1, v1, t: 2, lr: lr)  // θ₂ = (0.781572, −0.292339)
        let (θ3, _, _) = adamStep((1 - lr * λ) * θ2, a * θ2, m2, v2, t: 3, lr: lr)     // θ₃ = (0.675101, −0.193416)
        let adamW = try AdamW(learningRate: 0.1, weightDecay: 0.1)
        expectTrajectory(try Quadratic.trajectory(adamW), [θ1, θ2, θ3])
        expectTrajectory(try Quadratic.trajectory(AdamW(learningRate: 0.1, weightDecay: 0.1), steps: 1), [Vec(0.89, -0.395)])

        // Adam with the same λ adds λθ to the gradient, which on this problem only rescales each coordinate's
        // gradient (by (a + λ)/a), and Adam's update does not change when a gradient is rescaled: its
        // trajectory is plain Adam's, θ₁ ≈ (0.9, −0.4), θ₃ = (0.701586, −0.204871). The decay has no effect
        // at all, which is the point of Loshchilov & Hutter's decoupling.
        let (p1, n1, w1) = adamStep(θ0, a * θ0, zero, zero, t: 1, lr: lr)
        let (p2, n2, w2) = adamStep(p1, a * p1, n1, w1, t: 2, lr: lr)
        let (p3, _, _) = adamStep(p2, a * p2, n2, w2, t: 3, lr: lr)
        expectTrajectory(try Quadratic.trajectory(Adam(learningRate: 0.1, weightDecay: 0.1)), [p1, p2, p3])
        #expect(Swift.abs(p3.x[0] - θ3.x[0]) > 0.02)
    }

    @Test func adamWWithoutDecayIsAdam() throws {
        let adamW = try Quadratic.trajectory(AdamW(learningRate: 0.1, weightDecay: 0))
        #expect(adamW == (try Quadratic.trajectory(Adam(learningRate: 0.1))))
    }

    @Test func describesItself() throws {
        #expect(try Adam().description == "Adam(lr=0.001)")
        #expect(try Adam(learningRate: 0.01, beta2: 0.99, amsgrad: true).description
                == "Adam(lr=0.01, beta2=0.99, amsgrad=true)")
        #expect(try AdamW().description == "AdamW(lr=0.001, weight_decay=0.01)")
        #expect(try Adam().name == "adam" && AdamW().name == "adamw")
    }
}
