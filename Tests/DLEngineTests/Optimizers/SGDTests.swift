import Testing
@testable import DLEngine

/// SGD's first three steps on f(θ) = ½ Σ aᵢ θᵢ² (a = (1, 4), θ₀ = (1, −0.5); see ``Quadratic``) against
/// values worked out in Double from the equations in SGD's doc comment:
/// d = g + λθ;  b₁ = d, b_t = μ b_{t−1} + (1 − τ) d;  θ ← θ − γ·(b_t, or d + μ b_t with Nesterov, or d).
@Suite struct SGDTests {
    let a = Quadratic.a, θ0 = Quadratic.start

    @Test func plain() throws {
        let lr = 0.1
        let θ1 = θ0 - lr * (a * θ0)  // g₀ = (1, −2):     θ₁ = θ₀ − 0.1·g₀ = (0.9, −0.3)
        let θ2 = θ1 - lr * (a * θ1)  // g₁ = (0.9, −1.2): θ₂ = (0.81, −0.18)
        let θ3 = θ2 - lr * (a * θ2)  // g₂ = (0.81, −0.72): θ₃ = (0.729, −0.108)
        expectTrajectory(try Quadratic.trajectory(SGD(learningRate: 0.1)), [θ1, θ2, θ3])
        expectTrajectory(try Quadratic.trajectory(SGD(learningRate: 0.1)), [Vec(0.9, -0.3), Vec(0.81, -0.18), Vec(0.729, -0.108)])
    }

    @Test func gradientFromBackward() throws {
        // The same first step with the gradient of f = ½ Σ a θ² computed by autodiff: θ₁ = (0.9, −0.3).
        let theta = Quadratic.parameter()
        let loss = try (Tensor([1, 4]) * theta * theta).sum() * 0.5
        try loss.backward()
        try SGD(learningRate: 0.1).step([theta])
        expectTrajectory([theta.data], [Vec(0.9, -0.3)])
    }

    @Test func momentum() throws {
        let lr = 0.1, μ = 0.9
        let b1 = a * θ0              // b₁ = g₀ = (1, −2) (no dampening on the first step)
        let θ1 = θ0 - lr * b1        // θ₁ = (0.9, −0.3)
        let b2 = μ * b1 + a * θ1     // g₁ = (0.9, −1.2); b₂ = 0.9·(1, −2) + g₁ = (1.8, −3)
        let θ2 = θ1 - lr * b2        // θ₂ = (0.72, 0)
        let b3 = μ * b2 + a * θ2     // g₂ = (0.72, 0); b₃ = (2.34, −2.7)
        let θ3 = θ2 - lr * b3        // θ₃ = (0.486, 0.27)
        expectTrajectory(try Quadratic.trajectory(SGD(learningRate: 0.1, momentum: 0.9)), [θ1, θ2, θ3])
        expectTrajectory(try Quadratic.trajectory(SGD(learningRate: 0.1, momentum: 0.9)),
                         [Vec(0.9, -0.3), Vec(0.72, 0), Vec(0.486, 0.27)])
    }

    @Test func momentumAccumulates() throws {
        // With a constant gradient g = 1 the velocity is 1, 1.9, 2.71, … → 1/(1 − μ) = 10, so the steps are
        // 1, 1.9, 2.71 (× lr) and approach 10·lr (the seed article's SGD, which never stored its velocity,
        // would step lr every time).
        let lr: Float = 0.1
        let optimizer = try SGD(learningRate: lr, momentum: 0.9)
        let theta = Tensor([0], requiresGrad: true)
        var steps: [Float] = []
        for _ in 0 ..< 200 {
            let before = theta.data[0]
            theta.grad = Tensor([1])
            try optimizer.step([theta])
            steps.append(before - theta.data[0])
        }
        #expect(isClose(steps[0], 1 * 0.1) && isClose(steps[1], 1.9 * 0.1) && isClose(steps[2], 2.71 * 0.1))
        #expect(isClose(steps[199], 10 * 0.1, relative: 1e-4))  // 1 − 0.9²⁰⁰ ≈ 1 − 7e-10
    }

    @Test func nesterov() throws {
        let lr = 0.1, μ = 0.9
        let g0 = a * θ0, b1 = g0            // b₁ = g₀ = (1, −2)
        let θ1 = θ0 - lr * (g0 + μ * b1)    // step along g₀ + μb₁ = (1.9, −3.8): θ₁ = (0.81, −0.12)
        let g1 = a * θ1, b2 = μ * b1 + g1   // g₁ = (0.81, −0.48); b₂ = (1.71, −2.28)
        let θ2 = θ1 - lr * (g1 + μ * b2)    // g₁ + μb₂ = (2.349, −2.532): θ₂ = (0.5751, 0.1332)
        let g2 = a * θ2, b3 = μ * b2 + g2   // g₂ = (0.5751, 0.5328); b₃ = (2.1141, −1.5192)
        let θ3 = θ2 - lr * (g2 + μ * b3)    // θ₃ = (0.327321, 0.216648)
        let sgd = try SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)
        expectTrajectory(try Quadratic.trajectory(sgd), [θ1, θ2, θ3])
    }

    @Test func dampening() throws {
        let lr = 0.1, μ = 0.9, τ = 0.5
        let b1 = a * θ0                         // b₁ = g₀ = (1, −2): dampening does not apply to the first step
        let θ1 = θ0 - lr * b1                   // θ₁ = (0.9, −0.3)
        let b2 = μ * b1 + (1 - τ) * (a * θ1)    // g₁ = (0.9, −1.2); b₂ = (0.9 + 0.45, −1.8 − 0.6) = (1.35, −2.4)
        let θ2 = θ1 - lr * b2                   // θ₂ = (0.765, −0.06)
        let b3 = μ * b2 + (1 - τ) * (a * θ2)    // g₂ = (0.765, −0.24); b₃ = (1.5975, −2.28)
        let θ3 = θ2 - lr * b3                   // θ₃ = (0.60525, 0.168)
        let sgd = try SGD(learningRate: 0.1, momentum: 0.9, dampening: 0.5)
        expectTrajectory(try Quadratic.trajectory(sgd), [θ1, θ2, θ3])
    }

    @Test func weightDecay() throws {
        let lr = 0.1, λ = 0.1
        // Without momentum: d = aθ + λθ, so each step multiplies θ by 1 − lr(a + λ) = (0.89, 0.59).
        let θ1 = θ0 - lr * (a * θ0 + λ * θ0)    // θ₁ = (0.89, −0.295)
        let θ2 = θ1 - lr * (a * θ1 + λ * θ1)    // θ₂ = (0.7921, −0.17405)
        let θ3 = θ2 - lr * (a * θ2 + λ * θ2)    // θ₃ = (0.704969, −0.1026895)
        expectTrajectory(try Quadratic.trajectory(SGD(learningRate: 0.1, weightDecay: 0.1)), [θ1, θ2, θ3])
        expectTrajectory(try Quadratic.trajectory(SGD(learningRate: 0.1, weightDecay: 0.1)),
                         [Vec(0.89, -0.295), Vec(0.7921, -0.17405), Vec(0.704969, -0.1026895)])

        // With momentum 0.9 the decayed gradient d feeds the velocity.
        let μ = 0.9
        let c1 = a * θ0 + λ * θ0                    // b₁ = d₀ = (1.1, −2.05)
        let ϑ1 = θ0 - lr * c1                       // θ₁ = (0.89, −0.295)
        let c2 = μ * c1 + (a * ϑ1 + λ * ϑ1)         // b₂ = (1.969, −3.0545)
        let ϑ2 = ϑ1 - lr * c2                       // θ₂ = (0.6931, 0.01045)
        let c3 = μ * c2 + (a * ϑ2 + λ * ϑ2)         // b₃ = (2.53451, −2.706205)
        let ϑ3 = ϑ2 - lr * c3                       // θ₃ = (0.439649, 0.2810705)
        let sgd = try SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.1)
        expectTrajectory(try Quadratic.trajectory(sgd), [ϑ1, ϑ2, ϑ3])
    }

    @Test func zeroMomentumKeepsNoState() throws {
        let sgd = try SGD(learningRate: 0.1)
        _ = try Quadratic.trajectory(sgd)
        #expect(sgd.stateCount == 0)
    }

    @Test func describesItself() throws {
        #expect(try SGD().description == "SGD(lr=0.01)")
        #expect(try SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.001).description
                == "SGD(lr=0.1, momentum=0.9, weight_decay=0.001)")
        #expect(try SGD(momentum: 0.9, nesterov: true).description == "SGD(lr=0.01, momentum=0.9, nesterov=true)")
        #expect(try SGD().name == "sgd")
    }
}
