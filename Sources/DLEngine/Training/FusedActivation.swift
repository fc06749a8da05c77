/// The fused dense step's two activation passes, compiled for one ``PointwiseFunction``: the product
/// whose sums leave the registers with the bias and the activation applied, and the activation's
/// backward pass with the bias gradient. Made by ``PointwiseLayer/fusedActivation`` (or ``identity`` for
/// a Linear layer alone), so ``DenseStack`` takes any activation layer without knowing its type.
struct FusedActivation {
    typealias Product = (_ rows: Int, _ vectors: Int, _ steps: Int, _ p: UnsafePointer<Float>, _ pr: Int, _ ps: Int,
                         _ q: UnsafePointer<Float>, _ qs: Int, _ bias: UnsafePointer<Float>,
                         _ z: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ ld: Int) -> Void
    typealias Backward = (_ z: UnsafePointer<Float>?, _ y: UnsafePointer<Float>, _ g: UnsafeMutablePointer<Float>,
                          _ sums: UnsafeMutablePointer<Float>, _ rows: Int, _ vectors: Int, _ width: Int) -> Void

    /// Whether the backward pass reads the pre-activation z (kept in a buffer of its own).
    let needsInput: Bool
    /// Whether this is the identity (no activation: the scores may go to the loss class-major).
    let isIdentity: Bool
    /// z = p · q + b, y = f(z), stored (z too when ``needsInput``), with one bias per column (the outputs
    /// row-major) or one per row (feature-major): ``DenseStack/product(_:rows:vectors:steps:p:pr:ps:q:qs:bias:perRow:z:y:ld:)``.
    /// Two closures, so that the bias layout is a constant in each (it selects the kernel's variant).
    let productByRows: Product, productByColumns: Product
    /// g = f'(z, y) · g and the column sums of g: ``DenseStack/activationBackward(_:z:y:g:sums:rows:vectors:width:)``.
    let backward: Backward
    typealias GradientProduct = (_ rows: Int, _ vectors: Int, _ steps: Int, _ p: UnsafePointer<Float>, _ pr: Int, _ ps: Int,
                                 _ q: UnsafePointer<Float>, _ qs: Int, _ z: UnsafePointer<Float>?, _ y: UnsafePointer<Float>,
                                 _ g: UnsafeMutablePointer<Float>, _ sums: UnsafeMutablePointer<Float>, _ width: Int,
                                 _ weights: DenseStack.FusedWeightGradient?) -> Void
    /// The next stage's ∂x = p · q of at most four steps, with ``backward`` applied as it is computed
    /// (``DenseStack/ActivationGradient``): g = f'(z, y) · (p · q), the column sums of g, and with
    /// `weights` this stage's ∂W = xᵀ · g.
    let gradientProduct: GradientProduct
    typealias FeedingProduct = (_ rows: Int, _ vectors: Int, _ steps: Int, _ p: UnsafePointer<Float>, _ pr: Int, _ ps: Int,
                                _ bias: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                                _ columns: UnsafePointer<Float>, _ inputs: Int, _ w: UnsafePointer<Float>, _ wj: Int, _ wk: Int,
                                _ ownBias: UnsafePointer<Float>) -> Void
    /// The next stage's feature-major product (`rows` ≤ 3 outputs, no activation: y = p · q + b, one bias
    /// per row, 32 columns apart) over this stage's feature-major outputs made as it consumes them from
    /// this stage's inputs `columns` (at most four), weights and bias (``DenseStack/ComputedColumns``).
    let feedingProduct: FeedingProduct

    init<F: PointwiseFunction>(_ f: F) {
        needsInput = f.needsInput
        isIdentity = F.self == IdentityFunction.self
        productByRows = { rows, vectors, steps, p, pr, ps, q, qs, bias, z, y, ld in
            DenseStack.product(f, rows: rows, vectors: vectors, steps: steps, p: p, pr: pr, ps: ps, q: q, qs: qs,
                               bias: bias, perRow: false, z: z, y: y, ld: ld)
        }
        productByColumns = { rows, vectors, steps, p, pr, ps, q, qs, bias, z, y, ld in
            DenseStack.product(f, rows: rows, vectors: vectors, steps: steps, p: p, pr: pr, ps: ps, q: q, qs: qs,
                               bias: bias, perRow: true, z: z, y: y, ld: ld)
        }
        // The activations whose derivative needs only y are given y for x: z is not kept for them.
        let readsInput = f.needsInput
        gradientProduct = { rows, vectors, steps, p, pr, ps, q, qs, z, y, g, sums, width, weights in
            // Internal invariant (the planner's): only the path of at most four steps calls `columnsDone`.
            precondition(steps <= 4, "a fused activation gradient needs a product of at most four steps")
            BroadcastProduct.multiply(rows: rows, vectors: vectors, steps: steps, p: p, pr: pr, ps: ps, q: q, qs: qs,
                                      finish: DenseStack.ActivationGradient(f: f, x: readsInput ? (z ?? y) : y, y: y,
                                                                            g: g, sums: sums, width: width, weights: weights))
        }
        feedingProduct = { rows, vectors, steps, p, pr, ps, bias, y, columns, inputs, w, wj, wk, ownBias in
            let made = DenseStack.ComputedColumns(f, columns: columns, inputs: inputs, w: w, wj: wj, wk: wk, bias: ownBias)
            BroadcastProduct.multiply(rows: rows, vectors: vectors, steps: steps, p: p, pr: pr, ps: ps, source: made,
                                      finish: DenseStack.BiasActivation<IdentityFunction, DenseStack.Yes, DenseStack.No>(
                                          f: IdentityFunction(), bias: bias, z: y, y: y, ld: 32))
        }
        if isIdentity {
            backward = { _, _, g, sums, rows, vectors, width in
                DenseStack.columnSums(g, sums: sums, rows: rows, vectors: vectors, width: width)
            }
        } else {
            backward = { z, y, g, sums, rows, vectors, width in
                DenseStack.activationBackward(f, x: readsInput ? (z ?? y) : y, y: y, g: g, sums: sums,
                                              rows: rows, vectors: vectors, width: width)
            }
        }
    }

    /// A Linear layer with no activation after it.
    static var identity: FusedActivation { FusedActivation(IdentityFunction()) }
}
