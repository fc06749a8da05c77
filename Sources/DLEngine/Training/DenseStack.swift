/// A fused kernel for a run of dense layers: Linear layers, each followed by at most one elementwise
/// activation (any ``PointwiseLayer``: ReLU, LeakyReLU, Sigmoid, Tanh, GELU, SiLU), in batches of at most 32
/// samples, widths of at most 256. ``BufferedModel``'s planner puts one in place of the layer kernels of
/// every such run it finds in the op sequence (the whole of the seed article's spiral network, 2-100-3 at
/// batch 20; the dense head of a small CNN), so the model has one training step whose kernels may be
/// fused, not a second implementation of the model.
///
/// Why fuse: on such layers the layer-by-layer kernels spend their time
/// on narrow products. `h · W` with 3 output columns keeps 3 of 16 lanes busy when computed row by row,
/// and each product, bias loop and activation is a separate pass with its own calls. Here every product
/// is computed in whichever orientation fills more lanes: a layer's outputs row-major (`batch × width`,
/// the features along the vectors) or feature-major (`width × 32`, the batch along the vectors), and the
/// planner (``init(_:sampleCount:capacity:computesInputGradient:)``) picks, per product, the cheaper orientation by a cost
/// model that counts vector FMAs and scalar moves. A layer whose successor reads feature-major input
/// also produces its outputs feature-major: by its own product when that runs feature-major, else by a
/// second, feature-major product (the spiral's first layer: 2 inputs, cheaper than a transpose), which
/// needs its own input feature-major too; the planner only chooses what can be provided so.
///
/// A layer's feature-major outputs that only the next layer's feature-major product reads are not
/// stored when that product has at most three outputs and no activation and the layer at most four
/// inputs (the spiral's scores over its hidden layer): the product makes each row of them as it consumes
/// it (``ComputedColumns``), which also fills the slots its long, latency-bound chains leave idle.
///
/// The backward pass of an activation is fused into the product that computes its ∂y when that is the
/// next layer's ∂x with at most four steps (a layer of at most four outputs: the spiral's 3 classes):
/// ∂z = f'(z, y) · ∂y and ∂b, and ∂W too for a layer of at most four inputs (the 2-D toy data's first
/// layer), are computed from each vector of ∂x as it leaves the registers (``ActivationGradient``),
/// instead of in passes of their own over the stored ∂y and ∂z.
///
/// The parameters live in the run's buffers for the whole fit, in the layouts the products read
/// (``makeResident(_:)``), and the backward pass runs the optimizer's fused update
/// (``FusedOptimizer/update(_:step:)``, the same rule its `step` runs) on each stage as soon as its ∂x
/// is computed: the optimizer update folded into the backward pass, no copies in and out and no separate
/// optimizer pass per step. The model's tensors (values, gradients) and the optimizer's state are
/// written back when something reads them: callbacks that see parameters, validation, and the end of the
/// fit. An optimizer without a fused update gets the gradients in the tensors after each step, as the
/// layer kernels leave them.
///
/// Same bits as the layer kernels: every product element is a chain of fused multiply-adds from zero
/// in increasing k (one k block, as widths and batches are ≤ 256), the bias is added after, the
/// activations and their gradients are the layers' own ``PointwiseFunction``s, run by ``FusedActivation``
/// (their vector forms compute the same bits lane by lane), the bias gradient sums rows in order. The tests compare
/// weights and histories with `==` against the layer-by-layer kernels.
final class DenseStack: LayerKernel {
    /// The largest batch: two vectors of 16 floats in the feature-major layout.
    static let maxCapacity = 32
    /// The largest layer width: products must stay within one k block of the GEMM (256 steps).
    static let maxWidth = 256

    /// One Linear layer and the activation that follows it.
    final class Stage {
        let linear: Linear
        let activation: FusedActivation
        /// Inputs K and outputs N of the layer; the padded row widths of its input and output buffers.
        let inputs: Int, outputs: Int, inputWidth: Int, outputWidth: Int

        /// Whether the forward product runs feature-major (`zᵀ = Wᵀ-broadcast · xᵀ`).
        var forwardByColumns = false
        /// Whether the next stage reads this stage's outputs feature-major, and whether they come from a
        /// second, feature-major product (when the forward product itself is row-major).
        var producesColumns = false, columnsByProduct = false
        /// Whether ∂W is computed as ∂Wᵀ (features of x along the vectors) and scattered.
        var weightGradientByColumns = false
        /// Whether this stage's feature-major product makes the previous stage's feature-major outputs as
        /// it consumes them (``DenseStack/ComputedColumns``), and whether this stage's are so made by the
        /// next (its feature-major product is then skipped).
        var readsComputedColumns = false, columnsMadeByNext = false
        /// Whether this stage's ∂x product applies the previous stage's activation backward pass as it
        /// goes (``DenseStack/ActivationGradient``): a stage after another with at most four outputs, whose
        /// ∂x takes the product's path of at most four steps.
        var inputGradientFusesActivation = false
        /// Whether the next stage's ∂x product does this stage's activation backward pass (the flag above,
        /// read from this side: the backward pass then touches no other stage).
        var activationBackwardIsFused = false
        /// Whether that product computes this stage's ∂W too (at most four inputs, ∂W by rows).
        var weightGradientIsFused = false

        // Row-major buffers (`capacity × width`): the input (the previous stage's output), the
        // pre-activation z (only for activations whose derivative needs it: LeakyReLU, GELU, SiLU), the output y, the gradient of
        // y (∂z in place).
        // Raw pointers into ``DenseStack/buffers``, which owns them (no reference counting per step).
        var inputRows: UnsafeMutablePointer<Float>!
        var preactivationRows: UnsafeMutablePointer<Float>?
        var outputRows: UnsafeMutablePointer<Float>!
        var gradientRows: UnsafeMutablePointer<Float>!
        // Feature-major buffers (`width × 32`), when used.
        var inputColumns: UnsafeMutablePointer<Float>?
        var preactivationColumns: UnsafeMutablePointer<Float>?
        var outputColumns: UnsafeMutablePointer<Float>?

        // The parameters in the layouts the products read, zeros in the padding: W row-major
        // (`inputs × outputWidth`: the row-major forward product's vectors) and/or Wᵀ
        // (`outputs × inputWidth`: ∂x's vectors). The layout ∂W is computed in is the primary one, which
        // the optimizer updates; the other, when needed, is transposed from it after each update.
        var weightRows: UnsafeMutablePointer<Float>?
        var weightColumns: UnsafeMutablePointer<Float>?
        var bias: UnsafeMutablePointer<Float>!
        // ∂W in the primary layout, ∂b (`outputWidth`); the resident optimizer's state vectors in the same
        // layouts (velocity; m, v; ...), and how many updates each parameter has had.
        var weightGradient: UnsafeMutablePointer<Float>!
        var biasGradient: UnsafeMutablePointer<Float>!
        var weightSlots: [UnsafeMutablePointer<Float>] = []
        var biasSlots: [UnsafeMutablePointer<Float>] = []
        var weightSteps = 0, biasSteps = 0

        /// The primary layout: Wᵀ when ∂W is computed by columns.
        var primaryIsColumns: Bool { weightGradientByColumns }
        /// The primary weights with the strides of W[k, j]: `(pointer, stride of j, stride of k)`.
        var weightScalars: (UnsafeMutablePointer<Float>, Int, Int) {
            primaryIsColumns ? (weightColumns!, inputWidth, 1) : (weightRows!, 1, outputWidth)
        }
        /// Rows and stride of the primary layout, and the parameters per row.
        var primaryShape: (rows: Int, stride: Int, count: Int) {
            primaryIsColumns ? (outputs, inputWidth, inputs) : (inputs, outputWidth, outputs)
        }

        /// Whether the layer has a bias (read in the step without touching the layer).
        let hasBias: Bool
        /// The L1/L2 penalty on the weights, added to ∂W before the resident update.
        var penalty: Penalties.Term?

        init(_ linear: Linear, _ activation: FusedActivation) {
            self.linear = linear
            hasBias = linear.bias != nil
            self.activation = activation
            inputs = linear.inputSize
            outputs = linear.outputSize
            inputWidth = BroadcastProduct.paddedWidth(inputs)
            outputWidth = BroadcastProduct.paddedWidth(outputs)
        }
    }

    let stages: [Stage]
    let capacity: Int
    let inputCount: Int
    let outputCount: Int
    /// Every buffer of the stages and the scratch below, zero-filled, owned here.
    var buffers: [FloatBuffer] = []
    /// ∂loss/∂input of the first stage, padded (`capacity × inputWidth`), when the run is not at the
    /// model's start and the layer before it needs its input gradient.
    private(set) var inputGradientRows: UnsafeMutablePointer<Float>?
    /// Whether the model's batches are gathered straight into the first stage's layouts (``load(_:samples:)``,
    /// when the run is the model's first kernel): ``forward(_:_:batch:)`` then does not copy its `x`.
    var loadsItsInput = false
    /// The optimizer whose update the backward pass applies to the resident parameters
    /// (``makeResident(_:)``); `nil`: the parameters are loaded from the model before each step and the
    /// gradients stored after it, for the caller's optimizer.
    var residentOptimizer: (any FusedOptimizer)? {
        didSet { residentUpdate = residentOptimizer.map { ResidentUpdate.of($0) } }
    }
    /// Calls the resident optimizer's update (``ResidentUpdate``).
    private(set) var residentUpdate: ResidentUpdate?
    /// Whether the gradient buffers hold a step's gradients (not yet the case before the first step).
    private(set) var hasGradients = false

    /// The layers `layers` fused, or `nil` when they are not a run of Linear layers each followed by at
    /// most one supported activation (``runLength(of:from:)``), or their sizes are outside the limits above.
    /// - Parameters:
    ///   - sampleCount: floats per input sample (the first Linear layer's inputs).
    ///   - capacity: the largest batch.
    ///   - computesInputGradient: whether ``backward(x:y:dy:dx:batch:)`` must write ∂loss/∂x (a run
    ///     after another layer).
    /// - Throws: ``EngineError/allocationTooLarge(shape:limit:)`` (not reached within the limits).
    init?(_ layers: ArraySlice<any Layer>, sampleCount: Int, capacity: Int, computesInputGradient: Bool = false) throws {
        guard capacity >= 1, capacity <= Self.maxCapacity, !layers.isEmpty,
              Self.runLength(of: layers, from: layers.startIndex, inputs: sampleCount) == layers.count else { return nil }
        var stages: [Stage] = []
        var pendingLinear: Linear?
        var width = sampleCount
        for layer in layers {
            if let linear = layer as? Linear {
                if let previous = pendingLinear { stages.append(Stage(previous, .identity)) }
                pendingLinear = linear
                width = linear.outputSize
            } else {
                guard let previous = pendingLinear, let function = (layer as? any PointwiseLayer)?.fusedActivation else { return nil }
                stages.append(Stage(previous, function))
                pendingLinear = nil
            }
        }
        if let previous = pendingLinear { stages.append(Stage(previous, .identity)) }
        self.stages = stages
        self.capacity = capacity
        inputCount = sampleCount
        outputCount = width
        guard try plan(computesInputGradient: computesInputGradient) else { return nil }
        if computesInputGradient {
            let buffer = try FloatBuffer(rows: capacity, columns: stages[0].inputWidth)
            buffers.append(buffer)
            inputGradientRows = buffer.pointer
        }
    }

    /// A whole model fused (the tests' entry; `fit` plans through ``BufferedModel``).
    convenience init?(_ model: Sequential, sampleCount: Int, capacity: Int) throws {
        try self.init(model.layers[...], sampleCount: sampleCount, capacity: capacity)
    }

    /// How many layers from `start` form a run this kernel fuses: Linear layers of `inputs` (then each
    /// previous one's outputs) inputs, widths within ``maxWidth``, each followed by at most one
    /// ``PointwiseLayer`` with a fused form. 0 when `layers[start]` does not begin one.
    static func runLength(of layers: ArraySlice<any Layer>, from start: Int, inputs: Int) -> Int {
        var width = inputs, end = start, afterLinear = false
        while end < layers.endIndex {
            let layer = layers[end]
            if let linear = layer as? Linear {
                guard linear.inputSize == width, linear.inputSize >= 1, linear.outputSize >= 1,
                      linear.inputSize <= maxWidth, linear.outputSize <= maxWidth else { break }
                width = linear.outputSize
                afterLinear = true
            } else if afterLinear, (layer as? any PointwiseLayer)?.fusedActivation != nil {
                afterLinear = false
            } else {
                break
            }
            end += 1
        }
        return end - start
    }

    // MARK: The step

    /// Gathers the rows `samples` of `inputs` (`inputCount` floats each) into the first stage's layouts.
    func load(_ inputs: UnsafePointer<Float>, samples: UnsafeBufferPointer<Int>) {
        unowned(unsafe) let first = stages[0]
        let k = first.inputs, width = first.inputWidth
        let rows = first.inputRows!, columns = first.inputColumns
        guard let columns else {
            for (i, sample) in samples.enumerated() { (rows + i &* width).update(from: inputs + sample &* k, count: k) }
            return
        }
        // Both layouts in one pass (for a narrow input, one memmove call per sample cost more than the
        // copy); the 2-D toy data sets' two features written out.
        @inline(__always) func both(_ features: Int) {
            var row = rows
            for i in 0 ..< samples.count {
                let source = inputs + samples[i] &* features
                for j in 0 ..< features { let value = source[j]; row[j] = value; columns[j &* 32 &+ i] = value }
                row += width
            }
        }
        switch k {
        case 1: both(1)
        case 2: both(2)
        case 3: both(3)
        default: both(k)
        }
    }

    /// y = the run's output for the batch in `x` (read unless ``loadsItsInput``); with class-major
    /// scores (``useClassMajorScores()``) the loss reads ``scoreColumns`` instead and `y` is not written.
    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int) {
        if !loadsItsInput {
            // The batch in order: the layer before wrote it row by row.
            withUnsafeTemporaryAllocation(of: Int.self, capacity: batch) { rows in
                for i in 0 ..< batch { rows[i] = i }
                load(x, samples: UnsafeBufferPointer(rows))
            }
        }
        if residentOptimizer == nil { loadParameters() }
        let columnVectors = batch <= 16 ? 1 : 2
        for index in stages.indices {
            // Unretained: the stages live as long as the stack (reference counts showed in the profile).
            Unmanaged.passUnretained(stages[index])._withUnsafeGuaranteedRef { stage in
                if stage.readsComputedColumns {
                    Unmanaged.passUnretained(stages[index - 1])._withUnsafeGuaranteedRef { previous in
                        forward(stage, batch: batch, columnVectors: columnVectors, isLast: index == stages.count - 1,
                                previous: previous)
                    }
                } else {
                    forward(stage, batch: batch, columnVectors: columnVectors, isLast: index == stages.count - 1)
                }
            }
        }
        // Class-major scores go to the loss as they are.
        guard !classMajorScores else { return }
        unowned(unsafe) let last = stages[stages.count - 1]
        for i in 0 ..< batch {
            (y + i * outputCount).update(from: last.outputRows + i * last.outputWidth, count: outputCount)
        }
    }

    @inline(__always)
    private func forward(_ stage: Stage, batch: Int, columnVectors: Int, isLast: Bool, previous: Stage? = nil) {
        let (k, n, outWidth) = (stage.inputs, stage.outputs, stage.outputWidth)
        if (stage.forwardByColumns || stage.columnsByProduct) && !stage.columnsMadeByNext {
            // zᵀ[j, i] = Σ_k W[k, j] · xᵀ[k, i] + b[j], yᵀ = f(zᵀ), feature-major; xᵀ made on the way when
            // the previous stage's feature-major outputs are computed here.
            let y = stage.outputColumns!, (w, wj, wk) = stage.weightScalars
            if let previous {
                let (pw, pwj, pwk) = previous.weightScalars
                previous.activation.feedingProduct(n, columnVectors, k, w, wj, wk, stage.bias, y, previous.inputColumns!,
                                                   previous.inputs, pw, pwj, pwk, previous.bias)
            } else {
                stage.activation.productByColumns(n, columnVectors, k, w, wj, wk, stage.inputColumns!, 32, stage.bias,
                                                  stage.preactivationColumns ?? y, y, 32)
            }
        }
        if stage.forwardByColumns {
            if classMajorScores && isLast { return }
            // The row-major z and y, which the backward pass reads.
            Self.transpose(stage.outputColumns!, rows: n, columns: batch, sourceStride: 32,
                           into: stage.outputRows, stride: outWidth)
            if let zColumns = stage.preactivationColumns, let zRows = stage.preactivationRows {
                Self.transpose(zColumns, rows: n, columns: batch, sourceStride: 32, into: zRows, stride: outWidth)
            }
            return
        }
        // z[i, :] = Σ_k x[i, k] · W[k, :] + b, y = f(z), row-major, on W padded to whole vector pairs.
        let y = stage.outputRows!
        stage.activation.productByRows(batch, (n + 15) / 16, k, stage.inputRows, stage.inputWidth, 1, stage.weightRows!,
                                       outWidth, stage.bias, stage.preactivationRows ?? y, y, outWidth)
    }

    /// The gradients of the batch's loss (written to ``outputGradient``) with respect to every parameter;
    /// with a resident optimizer, its step on each stage's parameters as soon as that stage's ∂x is
    /// computed (the last use of the old weights), else the gradients stored in the model's tensors.
    /// With `dx` (a run after another layer), ∂loss/∂x too, from the first stage's weights before their update.
    func backward(x: UnsafePointer<Float>, y: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                  dx: UnsafeMutablePointer<Float>?, batch: Int) {
        unowned(unsafe) let last = stages[stages.count - 1]
        if !classMajorScores {
            for i in 0 ..< batch {
                (last.gradientRows + i * last.outputWidth).update(from: dy + i * outputCount, count: outputCount)
            }
        }
        for l in stages.indices.reversed() {
            // The stage unretained (the stack holds it): calls made through it would otherwise count it
            // up and down, two atomic operations each waiting for the stores before them.
            Unmanaged.passUnretained(stages[l])._withUnsafeGuaranteedRef { stage in
                let (k, n, inWidth, outWidth) = (stage.inputs, stage.outputs, stage.inputWidth, stage.outputWidth)
                let x = stage.inputRows!
                // ∂z: ∂y[i, j] at g[i · rowStride + j · columnStride].
                let (g, rowStride, columnStride): (UnsafeMutablePointer<Float>, Int, Int)
                if classMajorScores && l == stages.count - 1 {
                    // From the loss, class-major, no activation: ∂b = Σ_rows ∂z, rows added in order.
                    (g, rowStride, columnStride) = (scoreGradientColumns!, 1, Self.scoreStride)
                    for j in 0 ..< n {
                        var sum: Float = 0
                        for i in 0 ..< batch { sum += g[j &* Self.scoreStride &+ i] }
                        stage.biasGradient[j] = sum
                    }
                } else {
                    (g, rowStride, columnStride) = (stage.gradientRows!, outWidth, 1)
                    // ∂z = f'(z) · ∂y in place, and ∂b = Σ_rows ∂z (rows summed in order), in one pass,
                    // unless the next stage's ∂x product did both.
                    if !stage.activationBackwardIsFused {
                        stage.activation.backward(stage.preactivationRows, stage.outputRows, g, stage.biasGradient, batch,
                                                  (n + 15) / 16, outWidth)
                    }
                }
                // ∂W = xᵀ · ∂z, in the primary layout: ∂Wᵀ (features of x along the vectors) or ∂W (∂z's rows
                // as vectors: never class-major), unless the next stage's ∂x computed it with ∂z.
                if stage.primaryIsColumns {
                    BroadcastProduct.multiply(rows: n, vectors: (k + 15) / 16, steps: batch, p: g, pr: columnStride,
                                              ps: rowStride, q: x, qs: inWidth, out: stage.weightGradient, ldo: inWidth)
                } else if !stage.weightGradientIsFused {
                    BroadcastProduct.multiply(rows: k, vectors: (n + 15) / 16, steps: batch, p: x, pr: 1, ps: inWidth,
                                              q: g, qs: outWidth, out: stage.weightGradient, ldo: outWidth)
                }
                // ∂x = ∂z · Wᵀ, into the previous stage's output gradient (with that stage's activation
                // backward pass and ∂b when fused).
                if stage.inputGradientFusesActivation {
                    Unmanaged.passUnretained(stages[l - 1])._withUnsafeGuaranteedRef { previous in
                        let weights = previous.weightGradientIsFused
                            ? FusedWeightGradient(inputs: previous.inputRows, count: previous.inputs,
                                                  inputStride: previous.inputWidth, gradient: previous.weightGradient,
                                                  stride: previous.outputWidth)
                            : nil
                        previous.activation.gradientProduct(batch, (k + 15) / 16, n, g, rowStride, columnStride,
                                                            stage.weightColumns!, inWidth, previous.preactivationRows,
                                                            previous.outputRows, previous.gradientRows,
                                                            previous.biasGradient, inWidth, weights)
                    }
                } else if let out = l > 0 ? stages[l - 1].gradientRows : (dx == nil ? nil : inputGradientRows) {
                    BroadcastProduct.multiply(rows: batch, vectors: (k + 15) / 16, steps: n, p: g, pr: rowStride,
                                              ps: columnStride, q: stage.weightColumns!, qs: inWidth, out: out, ldo: inWidth)
                    if l == 0, let dx {
                        for i in 0 ..< batch { (dx + i &* k).update(from: out + i &* inWidth, count: k) }
                    }
                }
                if residentUpdate != nil {
                    // Unretained too: the stack holds it for the whole fit.
                    Unmanaged.passUnretained(residentUpdate.unsafelyUnwrapped)._withUnsafeGuaranteedRef { update(stage, $0) }
                }
            }
        }
        hasGradients = true
        if residentOptimizer == nil { storeGradients() }
    }

    // MARK: Class-major scores

    /// Whether the last stage's scores stay class-major for the loss (``useClassMajorScores()``): then
    /// ``output`` and ``outputGradient`` are not used, the loss reads ``scoreColumns`` and writes
    /// ``scoreGradientColumns``.
    private(set) var classMajorScores = false
    /// The last stage's gradient from a class-major loss (`outputs × 32`).
    private(set) var scoreGradientColumns: UnsafeMutablePointer<Float>?
    /// The distance between two classes' rows in ``scoreColumns`` and ``scoreGradientColumns``: the
    /// feature-major layout's row of 32 samples.
    static let scoreStride = 32
    /// The last stage's scores, class-major (`outputs × 32`), valid after ``forward(batch:)``.
    var scoreColumns: UnsafeMutablePointer<Float>? { classMajorScores ? stages[stages.count - 1].outputColumns : nil }

    /// Hands the scores to the loss class-major from now on, when the last product runs that way and
    /// nothing between it and the loss (an activation, ∂W by rows) needs them row-major. Spares the
    /// scores' and the gradient's transposes and copies (the spiral's last layer: 3 classes, the batch
    /// along the vectors).
    /// - Returns: whether it does.
    /// - Throws: ``EngineError/allocationTooLarge(shape:limit:)`` (not reached within the limits).
    func useClassMajorScores() throws -> Bool {
        let last = stages[stages.count - 1]
        guard last.forwardByColumns, last.activation.isIdentity, last.primaryIsColumns, last.outputColumns != nil else { return false }
        if scoreGradientColumns == nil {
            let buffer = try FloatBuffer(rows: last.outputs, columns: 32)
            buffers.append(buffer)
            scoreGradientColumns = buffer.pointer
        }
        classMajorScores = true
        return true
    }
}
