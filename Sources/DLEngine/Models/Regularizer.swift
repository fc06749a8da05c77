/// L1 and L2 penalties on weights, added to the loss (Keras's `l1_l2` regularizer):
/// `penalty = l1 · Σ|w| + l2 · Σ w²`, so the gradient adds `l1 · sign(w) + 2 · l2 · w`.
///
/// (An optimizer's `weight_decay` λ is the other way to shrink weights: it adds λ·w to the gradient
/// directly, which equals an L2 penalty with `l2 = λ/2` for plain SGD.)
public struct Regularizer: Sendable, Equatable, CustomStringConvertible {
    /// The L1 coefficient (≥ 0).
    public let l1: Float
    /// The L2 coefficient (≥ 0).
    public let l2: Float

    /// - Throws: for a negative or non-finite coefficient.
    public init(l1: Float = 0, l2: Float = 0) throws {
        guard l1 >= 0, l2 >= 0, l1.isFinite, l2.isFinite else {
            throw EngineError.invalidArgument("L1 and L2 coefficients must be finite and >= 0; got l1=\(l1), l2=\(l2)")
        }
        self.init(validL1: l1, l2: l2)
    }

    private init(validL1 l1: Float, l2: Float) {
        self.l1 = l1
        self.l2 = l2
    }

    /// No penalty.
    public static let none = Regularizer(validL1: 0, l2: 0)

    /// Whether both coefficients are zero.
    public var isNone: Bool { l1 == 0 && l2 == 0 }

    /// The penalty of `weights` as a scalar tensor recording its gradient, or `nil` when there is none.
    public func penalty(_ weights: [Tensor]) throws -> Tensor? {
        guard !isNone, !weights.isEmpty else { return nil }
        var terms: [Tensor] = []
        for w in weights {
            if l1 > 0 { terms.append(try w.abs().sum() * l1) }
            if l2 > 0 { terms.append(try (w * w).sum() * l2) }
        }
        guard var total = terms.first else { return nil }
        for term in terms.dropFirst() { total = try total + term }
        return total
    }

    public var description: String {
        [l1 > 0 ? "l1=\(l1)" : nil, l2 > 0 ? "l2=\(l2)" : nil].compactMap { $0 }.joined(separator: ", ")
    }
}
