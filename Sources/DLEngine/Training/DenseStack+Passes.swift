/// The passes of ``DenseStack``'s step that are not products: bias and activation on the way out of
/// ``BroadcastProduct``, the activation's backward pass with the bias gradient, and scalar transposes.
extension DenseStack {
    /// A ``BroadcastProduct`` whose sums get the bias (one per column, or per row when `perRow`) and
    /// the activation f as they leave the registers: y = f(z) is stored, and z = sums + b too when f's
    /// derivative needs it (z then has its own buffer).
    static func product<F: PointwiseFunction>(_ f: F, rows: Int, vectors: Int, steps: Int,
                                              p: UnsafePointer<Float>, pr: Int, ps: Int, q: UnsafePointer<Float>, qs: Int,
                                              bias: UnsafePointer<Float>, perRow: Bool,
                                              z: UnsafeMutablePointer<Float>, y: UnsafeMutablePointer<Float>, ld: Int) {
        // The bias layout and whether z is stored are types, not flags: the kernel's inner loop then
        // has no test of them per vector (they were reloaded from the stack on every one).
        func run<PerRow: Choice, KeepsZ: Choice>(_: PerRow.Type, _: KeepsZ.Type) {
            BroadcastProduct.multiply(rows: rows, vectors: vectors, steps: steps, p: p, pr: pr, ps: ps, q: q, qs: qs,
                                      finish: BiasActivation<F, PerRow, KeepsZ>(f: f, bias: bias, z: z, y: y, ld: ld))
        }
        switch (perRow, f.needsInput && F.self != IdentityFunction.self) {
        case (true, false): run(Yes.self, No.self)
        case (false, false): run(No.self, No.self)
        case (true, true): run(Yes.self, Yes.self)
        case (false, true): run(No.self, Yes.self)
        }
    }

    /// A choice made by a type, folded when the generic code is specialized.
    protocol Choice { static var isOn: Bool { get } }
    enum Yes: Choice { static var isOn: Bool { true } }
    enum No: Choice { static var isOn: Bool { false } }

    /// Adds the bias (one per row with `PerRow`, else one per column), stores z when `KeepsZ`, and
    /// y = f(z). Indices are within the caller's buffers: wrapping arithmetic, no overflow checks.
    struct BiasActivation<F: PointwiseFunction, PerRow: Choice, KeepsZ: Choice>: ProductFinish {
        let f: F
        let bias: UnsafePointer<Float>
        let z: UnsafeMutablePointer<Float>, y: UnsafeMutablePointer<Float>
        let ld: Int

        @inline(__always)
        func finish(_ sums: SIMD16<Float>, row: Int, column: Int) {
            let b = PerRow.isOn ? SIMD16<Float>(repeating: bias[row])
                                : UnsafeRawPointer(bias + column).loadUnaligned(as: SIMD16<Float>.self)
            let value = sums + b, offset = row &* ld &+ column
            if KeepsZ.isOn { UnsafeMutableRawPointer(z + offset).storeBytes(of: value, as: SIMD16<Float>.self) }
            UnsafeMutableRawPointer(y + offset).storeBytes(of: f.values(value), as: SIMD16<Float>.self)
        }
    }

    /// The feature-major outputs of a stage with at most four inputs, made row by row as the next
    /// stage's feature-major product consumes them (``BroadcastProduct/multiply(rows:vectors:steps:p:pr:ps:source:finish:)``),
    /// instead of stored by a product of their own and read back: row j = f(Σ_k W[k, j] · xᵀ[k] + b[j]),
    /// the fused multiply-adds from zero in increasing k and the bias after, as that product computes
    /// them (the same bits). The next product's chains are long and bound by their latency; these
    /// multiply-adds fill the slots they leave.
    struct ComputedColumns<F: PointwiseFunction>: ProductRows {
        typealias Vector = SIMD16<Float>
        let f: F
        /// W[k, j] at `w[j · wj + k · wk]`, and b.
        let w: UnsafePointer<Float>, wj: Int, wk: Int
        let bias: UnsafePointer<Float>
        let inputs: Int
        /// xᵀ's rows (32 columns each), zero past `inputs`: their first and their second vectors.
        let first: (Vector, Vector, Vector, Vector), second: (Vector, Vector, Vector, Vector)

        init(_ f: F, columns: UnsafePointer<Float>, inputs: Int, w: UnsafePointer<Float>, wj: Int, wk: Int,
             bias: UnsafePointer<Float>) {
            @inline(__always) func row(_ k: Int) -> (Vector, Vector) {
                guard k < inputs else { return (Vector(), Vector()) }
                let at = UnsafeRawPointer(columns + k &* 32)
                return (at.loadUnaligned(as: Vector.self), at.loadUnaligned(fromByteOffset: 64, as: Vector.self))
            }
            (self.f, self.w, self.wj, self.wk, self.bias, self.inputs) = (f, w, wj, wk, bias, inputs)
            let (x0, x1, x2, x3) = (row(0), row(1), row(2), row(3))
            (first, second) = ((x0.0, x1.0, x2.0, x3.0), (x0.1, x1.1, x2.1, x3.1))
        }

        @inline(__always)
        func pair(_ j: Int) -> (Vector, Vector) {
            // The previous stage's own feature-major product row by row (BroadcastProduct's few steps),
            // its bias and activation after, as that product's finish (BiasActivation) applies them.
            let (a, b) = BroadcastProduct.fewStepsRow(inputs, w + j &* wj, ps: wk, first, second)
            let bj = Vector(repeating: bias[j])
            return (f.values(a + bj), f.values(b + bj))
        }
    }

    /// The backward pass of the activation before a stage fused into that stage's ∂x product, applied to
    /// each vector of ∂x (= ∂y of the activation) as it leaves the registers: ∂z = f'(x, y) · ∂y stored in
    /// `g`, and the column sums of ∂z (the previous stage's ∂b, rows added in order from zero) kept in
    /// registers per pair of columns; with `weights`, the previous stage's ∂W = xᵀ · ∂z too, each element
    /// a chain of fused multiply-adds from zero in increasing rows (``BroadcastProduct``'s ∂W by rows).
    /// The arithmetic of ``activationBackward`` and that product; it needs the product's path of at most
    /// four steps, which hands over the rows of a pair of columns in order
    /// (``ProductFinish/columnsDone(_:second:)``). `x` is the pre-activation z, or y when f's derivative
    /// does not read it. Indices are within the caller's buffers: wrapping arithmetic.
    struct ActivationGradient<F: PointwiseFunction>: ProductFinish {
        let f: F
        let x: UnsafePointer<Float>, y: UnsafePointer<Float>
        let g: UnsafeMutablePointer<Float>, sums: UnsafeMutablePointer<Float>
        let width: Int
        let weights: FusedWeightGradient?
        /// The running sums of the pair's first and second vector.
        var first = SIMD16<Float>.zero, second = SIMD16<Float>.zero
        /// The running ∂W of the pair's two vectors, one pair per input.
        var w0 = (SIMD16<Float>.zero, SIMD16<Float>.zero), w1 = (SIMD16<Float>.zero, SIMD16<Float>.zero)
        var w2 = (SIMD16<Float>.zero, SIMD16<Float>.zero), w3 = (SIMD16<Float>.zero, SIMD16<Float>.zero)

        @inline(__always)
        mutating func finish(_ dy: SIMD16<Float>, row: Int, column: Int) {
            let offset = row &* width &+ column
            let d = f.gradients(x: UnsafeRawPointer(x + offset).loadUnaligned(as: SIMD16<Float>.self),
                                y: UnsafeRawPointer(y + offset).loadUnaligned(as: SIMD16<Float>.self), dy: dy)
            UnsafeMutableRawPointer(g + offset).storeBytes(of: d, as: SIMD16<Float>.self)
            // A pair starts at a multiple of 32 floats: its second vector is the one with 16 set.
            let isFirst = column & 16 == 0
            if isFirst { first += d } else { second += d }
            guard let weights else { return }
            let input = weights.inputs + row &* weights.inputStride
            @inline(__always) func add(_ w: inout (SIMD16<Float>, SIMD16<Float>), _ k: Int) {
                let a = SIMD16<Float>(repeating: input[k])
                if isFirst { w.0.addProduct(a, d) } else { w.1.addProduct(a, d) }
            }
            add(&w0, 0)
            if weights.count > 1 { add(&w1, 1) }
            if weights.count > 2 { add(&w2, 2) }
            if weights.count > 3 { add(&w3, 3) }
        }

        @inline(__always)
        mutating func columnsDone(_ column: Int, second hasSecond: Bool) {
            @inline(__always) func store(_ values: (SIMD16<Float>, SIMD16<Float>), _ at: UnsafeMutablePointer<Float>) {
                UnsafeMutableRawPointer(at + column).storeBytes(of: values.0, as: SIMD16<Float>.self)
                if hasSecond { UnsafeMutableRawPointer(at + (column &+ 16)).storeBytes(of: values.1, as: SIMD16<Float>.self) }
            }
            store((first, second), sums)
            first = .zero
            second = .zero
            guard let weights else { return }
            let zero = (SIMD16<Float>.zero, SIMD16<Float>.zero)
            store(w0, weights.gradient)
            if weights.count > 1 { store(w1, weights.gradient + weights.stride) }
            if weights.count > 2 { store(w2, weights.gradient + 2 &* weights.stride) }
            if weights.count > 3 { store(w3, weights.gradient + 3 &* weights.stride) }
            (w0, w1, w2, w3) = (zero, zero, zero, zero)
        }
    }

    /// Where ``ActivationGradient`` accumulates the previous stage's ∂W when it has at most four inputs
    /// and ∂W by rows: its input rows (`inputStride` apart) and its ∂W rows (`stride` apart, `count` of them).
    struct FusedWeightGradient {
        let inputs: UnsafePointer<Float>, count: Int, inputStride: Int
        let gradient: UnsafeMutablePointer<Float>, stride: Int
    }

    /// g = f'(x, y) · g over the first `vectors` 16-float vectors of each row, and `sums` = the column
    /// sums of the new g, rows added in order from zero. `x` is the pre-activation z, or any buffer of
    /// the same shape when f's derivative does not read it.
    static func activationBackward<F: PointwiseFunction>(_ f: F, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                                                         g: UnsafeMutablePointer<Float>, sums: UnsafeMutablePointer<Float>,
                                                         rows: Int, vectors: Int, width: Int) {
        typealias Vector = SIMD16<Float>
        for v in 0 ..< vectors {
            var sum = Vector.zero
            var offset = v &* 16
            for _ in 0 ..< rows {
                let gRow = UnsafeMutableRawPointer(g + offset)
                let d = f.gradients(x: UnsafeRawPointer(x + offset).loadUnaligned(as: Vector.self),
                                    y: UnsafeRawPointer(y + offset).loadUnaligned(as: Vector.self),
                                    dy: gRow.loadUnaligned(as: Vector.self))
                gRow.storeBytes(of: d, as: Vector.self)
                sum += d
                offset &+= width
            }
            UnsafeMutableRawPointer(sums + v * 16).storeBytes(of: sum, as: Vector.self)
        }
    }

    /// No activation: ∂z = ∂y, only the column sums (rows added in order from zero).
    static func columnSums(_ g: UnsafePointer<Float>, sums: UnsafeMutablePointer<Float>, rows: Int, vectors: Int, width: Int) {
        typealias Vector = SIMD16<Float>
        for v in 0 ..< vectors {
            var sum = Vector.zero
            var offset = v &* 16
            for _ in 0 ..< rows {
                sum += UnsafeRawPointer(g + offset).loadUnaligned(as: Vector.self)
                offset &+= width
            }
            UnsafeMutableRawPointer(sums + v * 16).storeBytes(of: sum, as: Vector.self)
        }
    }

    /// `out[c · stride + r] = source[r · sourceStride + c]` for r < rows, c < columns: a scalar
    /// transpose, written along the longer side (indices in range: wrapping arithmetic, no overflow
    /// checks in the loop).
    static func transpose(_ source: UnsafePointer<Float>, rows: Int, columns: Int, sourceStride: Int,
                                  into out: UnsafeMutablePointer<Float>, stride: Int) {
        if rows >= columns {
            for c in 0 ..< columns {
                let to = out + c &* stride, from = source + c
                for r in 0 ..< rows { to[r] = from[r &* sourceStride] }
            }
        } else {
            for r in 0 ..< rows {
                let from = source + r &* sourceStride, to = out + r
                for c in 0 ..< columns { to[c &* stride] = from[c] }
            }
        }
    }
}
