import Testing
@testable import DLEngine

/// RMSProp's first three steps on f(θ) = ½ Σ aᵢ θᵢ² (a = (1, 4), θ₀ = (1, −0.5); see ``Quadratic``) against
/// values worked out in Double from the equations in RMSProp's doc comment (lr 0.01, α 0.99, ε 1e-8):
/// v ← αv + (1 − α)g²;  centered: ḡ ← αḡ + (1 − α)g, ṽ = v − ḡ²;  b ← μb + g/(√ṽ + ε);  θ ← θ − lr·b.
@Suite struct RMSPropTests {
    let a = Quadratic.a, θ0 = Quadratic.start
    let lr = 0.01, α = 0.99, ε = 1e-8

    @Test func plain() throws {
        let g0 = a * θ0                                  // (1, −2)
        let v1 = (1 - α) * (g0 * g0)                     // 0.01·g₀² = (0.01, 0.04)
        let θ1 = θ0 - lr * (g0 / (sqrt(v1) + ε))         // g₀/(0.1|g₀|) = ±10: θ₁ ≈ (0.9, −0.4)
        let g1 = a * θ1                                  // (0.9, −1.6)
        let v2 = α * v1 + (1 - α) * (g1 * g1)            // (0.0099 + 0.0081, 0.0396 + 0.0256) = (0.018, 0.0652)
        let θ2 = θ1 - lr * (g1 / (sqrt(v2) + ε))         // (0.9 − 0.009/0.13416, …) = (0.832918, −0.337339)
        let g2 = a * θ2
        let v3 = α * v2 + (1 - α) * (g2 * g2)            // (0.0247575, 0.0827556)
        let θ3 = θ2 - lr * (g2 / (sqrt(v3) + ε))         // (0.779982, −0.290433)
        expectTrajectory(try Quadratic.trajectory(RMSProp()), [θ1, θ2, θ3])
    }

    @Test func momentum() throws {
        let μ = 0.9
        let g0 = a * θ0
        let v1 = (1 - α) * (g0 * g0)                     // (0.01, 0.04)
        let b1 = g0 / (sqrt(v1) + ε)                     // ≈ (10, −10)
        let θ1 = θ0 - lr * b1                            // ≈ (0.9, −0.4)
        let g1 = a * θ1
        let v2 = α * v1 + (1 - α) * (g1 * g1)            // (0.018, 0.0652)
        let b2 = μ * b1 + g1 / (sqrt(v2) + ε)            // (9 + 6.7082, −9 − 6.2661) = (15.7082, −15.2661)
        let θ2 = θ1 - lr * b2                            // (0.742918, −0.247339)
        let g2 = a * θ2
        let v3 = α * v2 + (1 - α) * (g2 * g2)            // (0.0233393, 0.0743363)
        let b3 = μ * b2 + g2 / (sqrt(v3) + ε)            // (19.0003, −17.3682)
        let θ3 = θ2 - lr * b3                            // (0.552915, −0.0736573)
        expectTrajectory(try Quadratic.trajectory(RMSProp(momentum: 0.9)), [θ1, θ2, θ3])
    }

    @Test func centered() throws {
        let g0 = a * θ0
        let v1 = (1 - α) * (g0 * g0), m1 = (1 - α) * g0   // v₁ = (0.01, 0.04), ḡ₁ = (0.01, −0.02)
        let θ1 = θ0 - lr * (g0 / (sqrt(v1 - m1 * m1) + ε))  // ṽ₁ = (0.0099, 0.0396): θ₁ = (0.899496, −0.399496)
        let g1 = a * θ1
        let v2 = α * v1 + (1 - α) * (g1 * g1), m2 = α * m1 + (1 - α) * g1  // ḡ₂ = (0.0188950, −0.0357798)
        let θ2 = θ1 - lr * (g1 / (sqrt(v2 - m2 * m2) + ε))  // ṽ₂ = (0.0176339, 0.0638554): θ₂ = (0.831759, −0.336259)
        let g2 = a * θ2
        let v3 = α * v2 + (1 - α) * (g2 * g2), m3 = α * m2 + (1 - α) * g2
        let θ3 = θ2 - lr * (g2 / (sqrt(v3 - m3 * m3) + ε))  // θ₃ = (0.778068, −0.288760)
        expectTrajectory(try Quadratic.trajectory(RMSProp(centered: true)), [θ1, θ2, θ3])
    }

    @Test func centeredWithMomentumAndWeightDecay() throws {
        let μ = 0.9, λ = 0.1
        let d0 = a * θ0 + λ * θ0                               // g + λθ = (1.1, −2.05)
        let v1 = (1 - α) * (d0 * d0), m1 = (1 - α) * d0
        let b1 = d0 / (sqrt(v1 - m1 * m1) + ε)                 // (10.0504, −10.0504)
        let θ1 = θ0 - lr * b1                                  // (0.899496, −0.399496)
        let d1 = a * θ1 + λ * θ1
        let v2 = α * v1 + (1 - α) * (d1 * d1), m2 = α * m1 + (1 - α) * d1
        let b2 = μ * b1 + d1 / (sqrt(v2 - m2 * m2) + ε)        // (15.8190, −15.3691)
        let θ2 = θ1 - lr * b2                                  // (0.741306, −0.245805)
        let d2 = a * θ2 + λ * θ2
        let v3 = α * v2 + (1 - α) * (d2 * d2), m3 = α * m2 + (1 - α) * d2
        let b3 = μ * b2 + d2 / (sqrt(v3 - m3 * m3) + ε)        // (19.1656, −17.4938)
        let θ3 = θ2 - lr * b3                                  // (0.549650, −0.0708675)
        let rmsprop = try RMSProp(momentum: 0.9, centered: true, weightDecay: 0.1)
        expectTrajectory(try Quadratic.trajectory(rmsprop), [θ1, θ2, θ3])
    }

    @Test func describesItself() throws {
        #expect(try RMSProp().description == "RMSProp(lr=0.01)")
        #expect(try RMSProp(learningRate: 0.001, alpha: 0.9, momentum: 0.5, centered: true).description
                == "RMSProp(lr=0.001, alpha=0.9, momentum=0.5, centered=true)")
        #expect(try RMSProp().name == "rmsprop")
    }
}
