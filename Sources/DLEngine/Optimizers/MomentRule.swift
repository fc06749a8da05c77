import Foundation

/// The equations of ``Adam`` and ``AdamW`` for one step of one parameter: the two differ only in where
/// the weight decay goes (coupled into the gradient, or decoupled onto the weights).
///
/// As in PyTorch, the bias corrections are computed in Double and the step is
/// θ ← θ − (γ/(1 − β₁ᵗ))·m / (√v/√(1 − β₂ᵗ) + ε), equal to the documented form. Slots: m, v, and with
/// amsgrad v^max.
struct MomentRule: UpdateRule {
    let b1: Float, oneMinusB1: Float, b2: Float, oneMinusB2: Float, eps: Float
    /// γ/(1 − β₁ᵗ) and 1/√(1 − β₂ᵗ).
    let stepSize: Float, inverseRootCorrection2: Float
    /// λ added to the gradient as λ·θ (Adam), and the factor 1 − γλ on the weights (AdamW).
    let coupledDecay: Float, shrink: Float, decoupled: Bool, amsgrad: Bool

    init(step: Int, learningRate: Float, beta1: Float, beta2: Float, eps: Float, coupledDecay: Float,
         decoupledDecay: Float, amsgrad: Bool) {
        let t = Double(step)
        let correction1 = 1 - Foundation.pow(Double(beta1), t)
        let correction2 = 1 - Foundation.pow(Double(beta2), t)
        stepSize = Float(Double(learningRate) / correction1)
        inverseRootCorrection2 = Float(1 / correction2.squareRoot())
        shrink = 1 - learningRate * decoupledDecay
        (b1, oneMinusB1, b2, oneMinusB2, self.eps) = (beta1, 1 - beta1, beta2, 1 - beta2, eps)
        self.coupledDecay = coupledDecay
        decoupled = decoupledDecay != 0
        self.amsgrad = amsgrad
    }

    @inline(__always)
    func apply(_ theta: Lanes.Vector, _ g: Lanes.Vector, _ slots: inout UpdateSlots) -> Lanes.Vector {
        var theta = theta
        if decoupled { theta = shrink * theta }
        var d = g
        if coupledDecay != 0 { d = g + coupledDecay * theta }
        let m = b1 * slots.first + oneMinusB1 * d
        var v = b2 * slots.second + oneMinusB2 * (d * d)
        slots.first = m
        slots.second = v
        if amsgrad {
            v = pointwiseMax(slots.third, v)
            slots.third = v
        }
        return theta - stepSize * (m / (v.squareRoot() * inverseRootCorrection2 + eps))
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
}
