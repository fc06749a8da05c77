/// The L1/L2 penalties of a fit on the training step's buffers: each regularized weight with its
/// coefficients (the model-wide ``Regularizer`` and its layer's own, added), the penalty's value and its
/// gradient `l1 · sign(w) + 2 · l2 · w`, the same equations as ``Regularizer/penalty(_:)`` differentiated
/// by autodiff (the sums may round differently: agreement is to float rounding, not to the bit).
struct Penalties {
    struct Term {
        let weight: Tensor
        let l1: Float, l2: Float
    }

    let terms: [Term]
    var isEmpty: Bool { terms.isEmpty }

    /// The terms of `model` under the fit's model-wide `regularizer`.
    init(_ model: Sequential, _ regularizer: Regularizer) {
        var terms: [Term] = []
        for (index, layer) in model.layers.enumerated() {
            let own = model.layerRegularizers[index] ?? .none
            let (l1, l2) = (regularizer.l1 + own.l1, regularizer.l2 + own.l2)
            guard l1 > 0 || l2 > 0 else { continue }
            for weight in layer.regularizedParameters { terms.append(Term(weight: weight, l1: l1, l2: l2)) }
        }
        self.terms = terms
    }

    private init(terms: [Term]) { self.terms = terms }

    /// The terms whose weight `isIncluded` accepts.
    func keeping(_ isIncluded: (Tensor) -> Bool) -> Penalties { Penalties(terms: terms.filter { isIncluded($0.weight) }) }

    /// The term of `weight`, if it is penalized.
    func term(for weight: Tensor) -> Term? { terms.first { $0.weight === weight } }

    /// `l1 · Σ|w| + l2 · Σ w²` over `rows` rows of `count` values `stride` apart.
    static func value(_ w: UnsafePointer<Float>, rows: Int = 1, count: Int, stride: Int, _ term: Term) -> Float {
        var absolute: Float = 0, square: Float = 0
        for r in 0 ..< rows {
            let row = w + r * stride
            for i in 0 ..< count {
                absolute += Swift.abs(row[i])
                square += row[i] * row[i]
            }
        }
        return term.l1 * absolute + term.l2 * square
    }

    /// g += l1 · sign(w) + 2 · l2 · w over `rows` rows of `count` values `stride` apart (sign(0) = 0).
    static func addGradient(_ w: UnsafePointer<Float>, _ g: UnsafeMutablePointer<Float>, rows: Int = 1, count: Int,
                            stride: Int, _ term: Term) {
        let (l1, twiceL2) = (term.l1, 2 * term.l2)
        for r in 0 ..< rows {
            let (wr, gr) = (w + r * stride, g + r * stride)
            for i in 0 ..< count {
                let x = wr[i]
                let sign: Float = x > 0 ? 1 : (x < 0 ? -1 : 0)
                gr[i] += l1 * sign + twiceL2 * x
            }
        }
    }

    /// The penalty of the model's tensors (for a step whose parameters are the tensors themselves).
    func value() -> Float {
        terms.reduce(0) { total, term in
            total + term.weight.withValues { Self.value($0, count: term.weight.count, stride: term.weight.count, term) }
        }
    }

    /// Adds the penalties' gradients to the tensors' ``Tensor/grad`` (written by the step's kernels).
    func addGradients() {
        for term in terms {
            term.weight.withValues { w in
                term.weight.withGradient { g in
                    Self.addGradient(w, g, count: term.weight.count, stride: term.weight.count, term)
                }
            }
        }
    }
}
