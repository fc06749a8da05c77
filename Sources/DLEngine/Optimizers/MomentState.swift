import Foundation

/// The per-parameter state of ``Adam`` and ``AdamW`` (the step count and the moments), and their update.
final class MomentState {
    /// t: the number of updates this parameter has had.
    var step = 0
    /// The first moment m (running mean of the gradient).
    var m: [Float]
    /// The second moment v (running mean of the squared gradient).
    var v: [Float]
    /// The largest v seen so far, per element (AMSGrad only; empty otherwise).
    var vMax: [Float]

    init(count: Int, amsgrad: Bool) {
        m = [Float](repeating: 0, count: count)
        v = [Float](repeating: 0, count: count)
        vMax = amsgrad ? [Float](repeating: 0, count: count) : []
    }

    /// The hyperparameter checks that Adam and AdamW share.
    static func check(learningRate: Float, beta1: Float, beta2: Float, eps: Float, weightDecay: Float,
                      optimizer: String) throws {
        try Hyperparameters.checkLearningRate(learningRate, optimizer: optimizer)
        try Hyperparameters.checkDecayRate(beta1, "beta1", optimizer: optimizer)
        try Hyperparameters.checkDecayRate(beta2, "beta2", optimizer: optimizer)
        try Hyperparameters.checkPositive(eps, "eps", optimizer: optimizer)
        try Hyperparameters.checkNonNegative(weightDecay, "weight_decay", optimizer: optimizer)
    }

    /// One Adam step of `parameter`: first θ ← θ − γ·λ_decoupled·θ (AdamW), then the Adam update with the
    /// gradient g + λ_coupled·θ. As in PyTorch, the bias corrections are computed in Double and the step
    /// is θ ← θ − (γ/(1 − β₁ᵗ))·m / (√v/√(1 − β₂ᵗ) + ε), equal to the documented form.
    func update(_ parameter: Tensor, _ gradient: [Float], learningRate: Float, beta1: Float, beta2: Float,
                eps: Float, coupledDecay: Float, decoupledDecay: Float) {
        step += 1
        let t = Double(step)
        let correction1 = 1 - Foundation.pow(Double(beta1), t)
        let correction2 = 1 - Foundation.pow(Double(beta2), t)
        let stepSize = Float(Double(learningRate) / correction1)
        let inverseRootCorrection2 = Float(1 / correction2.squareRoot())
        let shrink = 1 - learningRate * decoupledDecay
        let b1 = beta1, oneMinusB1 = 1 - beta1, b2 = beta2, oneMinusB2 = 1 - beta2
        let decay = coupledDecay, decoupled = decoupledDecay != 0
        let amsgrad = !vMax.isEmpty
        gradient.withUnsafeBufferPointer { g in
        parameter.withUnsafeMutableBufferPointer { p in
        m.withUnsafeMutableBufferPointer { m in
        v.withUnsafeMutableBufferPointer { v in
        vMax.withUnsafeMutableBufferPointer { vMax in
            // Selects on loop invariants (`decoupled ?`, `decay == 0 ?`) keep each loop straight.
            if amsgrad {
                for i in 0 ..< p.count {
                    let theta = decoupled ? p[i] * shrink : p[i]
                    let d = decay == 0 ? g[i] : g[i] + decay * theta
                    m[i] = b1 * m[i] + oneMinusB1 * d
                    v[i] = b2 * v[i] + oneMinusB2 * d * d
                    vMax[i] = Swift.max(vMax[i], v[i])
                    p[i] = theta - stepSize * (m[i] / (vMax[i].squareRoot() * inverseRootCorrection2 + eps))
                }
            } else {
                for i in 0 ..< p.count {
                    let theta = decoupled ? p[i] * shrink : p[i]
                    let d = decay == 0 ? g[i] : g[i] + decay * theta
                    m[i] = b1 * m[i] + oneMinusB1 * d
                    v[i] = b2 * v[i] + oneMinusB2 * d * d
                    p[i] = theta - stepSize * (m[i] / (v[i].squareRoot() * inverseRootCorrection2 + eps))
                }
            }
        }
        }
        }
        }
        }
    }
}
