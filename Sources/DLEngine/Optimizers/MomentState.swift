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

    /// A copy that shares the moments' arrays until either side writes (copy-on-write).
    func copy() -> MomentState {
        let copy = MomentState(count: 0, amsgrad: false)
        (copy.step, copy.m, copy.v, copy.vMax) = (step, m, v, vMax)
        return copy
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
    /// is θ ← θ − (γ/(1 − β₁ᵗ))·m / (√v/√(1 − β₂ᵗ) + ε), equal to the documented form. Vectorized
    /// through ``Lanes``.
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
        let decay = coupledDecay, decoupled = decoupledDecay != 0, amsgrad = !vMax.isEmpty
        gradient.withUnsafeBufferPointer { g in
        parameter.withUnsafeMutableBufferPointer { p in
        m.withUnsafeMutableBufferPointer { mBuffer in
        v.withUnsafeMutableBufferPointer { vBuffer in
        vMax.withUnsafeMutableBufferPointer { vMaxBuffer in
            Lanes.forEachChunk(count: p.count) { chunk in
                let theta = decoupled ? shrink * chunk.load(p) : chunk.load(p)
                let d = decay == 0 ? chunk.load(g) : chunk.load(g) + decay * theta
                let m = b1 * chunk.load(mBuffer) + oneMinusB1 * d
                var v = b2 * chunk.load(vBuffer) + oneMinusB2 * (d * d)
                chunk.store(m, into: mBuffer)
                chunk.store(v, into: vBuffer)
                if amsgrad {
                    v = pointwiseMax(chunk.load(vMaxBuffer), v)
                    chunk.store(v, into: vMaxBuffer)
                }
                chunk.store(theta - stepSize * (m / (v.squareRoot() * inverseRootCorrection2 + eps)), into: p)
            }
        }
        }
        }
        }
        }
    }
}
