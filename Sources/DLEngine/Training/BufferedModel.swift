/// A ``Sequential`` model's layers as ``LayerKernel``s with their buffers, allocated once for batches of
/// up to `capacity` samples (a smaller batch uses a prefix of every buffer): the one training step of
/// `fit` (with ``BufferedTraining``) and the fast prediction loop.
///
/// The planner walks the op sequence and gives each layer its own kernel, except where it recognises a
/// run it fuses: Linear layers with their activations (``DenseStack``, when training batches of at most
/// 32 samples), one kernel for the whole run. ``spans`` says which layers each kernel runs.
///
/// Buffers: `activations[0]` holds the input batch and `activations[i + 1]` the output of kernel i;
/// `gradients[i]` holds ∂loss/∂activations[i] (for i ≥ 1; the input's gradient is never needed). The
/// forward pass runs the kernels in order, the backward pass in reverse, each reading the activations the
/// forward pass left, so one step allocates nothing.
final class BufferedModel {
    let layers: [any Layer]
    let kernels: [any LayerKernel]
    /// The layers each kernel runs (one layer, or a fused run).
    let spans: [Range<Int>]
    let capacity: Int
    /// Floats per input sample and per output sample.
    let inputCount: Int
    let outputCount: Int
    private let activations: [FloatBuffer]
    private let gradients: [FloatBuffer]
    /// The first kernel when it gathers the batches itself (a fused dense run at the model's start).
    private let gatheringKernel: DenseStack?
    /// ``kernels`` as the step calls them (``KernelCall``).
    private let calls: [KernelCall]

    /// The model on buffers, or `nil` when a layer does not run on buffers (or declines this shape).
    /// - Parameters:
    ///   - withGradients: whether to allocate the gradient buffers (training) or not (prediction).
    ///   - fusesDense: whether dense runs may be fused (training only; tests turn it off to compare).
    /// - Throws: a layer's shape error, or ``EngineError/allocationTooLarge(shape:limit:)``.
    init?(_ model: Sequential, sampleShape: [Int], capacity: Int, withGradients: Bool, fusesDense: Bool = false) throws {
        guard !model.layers.isEmpty, capacity >= 1 else { return nil }
        let layers = model.layers
        var kernels: [any LayerKernel] = [], spans: [Range<Int>] = []
        var shape = sampleShape
        var counts = [try Shape.elementCount(shape)]
        var l = 0
        while l < layers.count {
            var kernel: (any LayerKernel)?, end = l + 1
            if fusesDense, withGradients, capacity <= DenseStack.maxCapacity, shape.count == 1 {
                let length = DenseStack.runLength(of: layers[...], from: l, inputs: shape[0])
                if length > 0, let stack = try DenseStack(layers[l ..< l + length], sampleCount: shape[0],
                                                          capacity: capacity, computesInputGradient: l > 0) {
                    (kernel, end) = (stack, l + length)
                }
            }
            if kernel == nil {
                guard let buffered = layers[l] as? any BufferedLayer,
                      let own = try buffered.makeKernel(sampleShape: shape, batchCapacity: capacity) else { return nil }
                kernel = own
            }
            for layer in layers[l ..< end] { shape = try layer.outputShape(for: shape) }
            // A kernel that disagrees with its layers' shapes would read or write past a buffer.
            guard let kernel, kernel.inputCount == counts.last, kernel.outputCount == (try Shape.elementCount(shape)) else {
                return nil
            }
            kernels.append(kernel)
            spans.append(l ..< end)
            counts.append(kernel.outputCount)
            l = end
        }
        self.layers = layers
        self.kernels = kernels
        self.spans = spans
        self.capacity = capacity
        inputCount = counts[0]
        outputCount = counts[counts.count - 1]
        activations = try counts.map { try FloatBuffer(rows: capacity, columns: $0) }
        gradients = withGradients ? try counts.map { try FloatBuffer(rows: capacity, columns: $0) } : []
        gatheringKernel = kernels[0] as? DenseStack
        gatheringKernel?.loadsItsInput = true
        calls = kernels.map(KernelCall.of)
    }

    /// The fused dense runs among the kernels.
    var denseStacks: [DenseStack] { kernels.compactMap { $0 as? DenseStack } }

    /// The input batch's buffer (`capacity × inputCount`); not read when the first kernel gathers its
    /// batches itself (fill it through ``load(_:samples:)``, which knows).
    var input: UnsafeMutablePointer<Float> { activations[0].pointer }
    /// The output batch's buffer, valid after ``forward(batch:)``.
    var output: UnsafeMutablePointer<Float> { activations[activations.count - 1].pointer }
    /// Where the loss writes ∂loss/∂output before ``backward(batch:)``.
    var outputGradient: UnsafeMutablePointer<Float> { gradients[gradients.count - 1].pointer }

    /// Copies the rows `samples` of `inputs` (`[samples, inputCount...]`, contiguous) into ``input``.
    /// A large batch (the MLP's 128 × 784) is gathered on both threads (`ParallelLoop`), by rows.
    func load(_ inputs: UnsafePointer<Float>, samples: UnsafeBufferPointer<Int>) {
        if gatheringKernel != nil {
            // Unretained, as the kernels below (``KernelCall``).
            return Unmanaged.passUnretained(gatheringKernel.unsafelyUnwrapped)._withUnsafeGuaranteedRef {
                $0.load(inputs, samples: samples)
            }
        }
        let width = inputCount, x = input
        ParallelLoop.forEach(samples.count, workPerItem: width) { rows in
            for row in rows {
                (x + row * width).update(from: inputs + samples[row] * width, count: width)
            }
        }
    }

    /// Runs every layer's forward pass on the first `batch` rows of ``input``.
    /// - Throws: a layer's error, with its position, worded as ``Sequential/callAsFunction(_:)`` words it.
    func forward(batch: Int) throws {
        for i in calls.indices {
            do {
                try Unmanaged.passUnretained(calls[i])._withUnsafeGuaranteedRef {
                    try $0.forward(activations[i].pointer, activations[i + 1].pointer, batch: batch)
                }
            } catch let error as EngineError {
                let l = spans[i].lowerBound
                throw EngineError.invalidArgument("layer \(l + 1) (\(layers[l].description)): \(error.description)")
            }
        }
    }

    /// Runs every layer's backward pass from ``outputGradient``, writing the parameters' gradients.
    /// Needs a model made `withGradients` and the forward pass of the same batch.
    func backward(batch: Int) {
        for l in calls.indices.reversed() {
            Unmanaged.passUnretained(calls[l])._withUnsafeGuaranteedRef {
                $0.backward(x: activations[l].pointer, y: activations[l + 1].pointer,
                            dy: gradients[l + 1].pointer, dx: l == 0 ? nil : gradients[l].pointer, batch: batch)
            }
        }
    }
}

extension Sequential {
    /// ``predict(_:batchSize:)`` on buffers (every layer a ``BufferedLayer``), in evaluation mode: the
    /// same outputs as the autodiff layers compute, without a tensor per layer and batch. `nil` when a
    /// layer needs autodiff, or the inputs do not fit the model (the autodiff path then reports why).
    func bufferedPredict(_ inputs: Tensor, batchSize: Int) throws -> Tensor? {
        let n = inputs.shape[0], sampleShape = Array(inputs.shape.dropFirst())
        guard n > 0, let outputShape = try? outputShape(for: sampleShape),
              let model = try BufferedModel(self, sampleShape: sampleShape, capacity: Swift.min(n, batchSize),
                                            withGradients: false),
              model.inputCount > 0, model.outputCount > 0 else { return nil }
        let width = model.outputCount
        return try inEvaluationMode {
            try Tensor.make(shape: [n] + outputShape) { out in
                try inputs.withValues { x in
                    for start in stride(from: 0, to: n, by: model.capacity) {
                        try Interruption.check("after \(start) of \(n) samples")
                        let batch = Swift.min(model.capacity, n - start)
                        model.input.update(from: x + start * model.inputCount, count: batch * model.inputCount)
                        try model.forward(batch: batch)
                        (out.baseAddress! + start * width).update(from: model.output, count: batch * width)
                    }
                }
            }
        }
    }

    /// How many rows of `outputs` (`batch × classes`) name the label of their sample, by the rule of
    /// ``classes(of:)``: the index of the first largest score (a NaN counts as largest), or for one
    /// column, 1 where the score is positive.
    /// ``correctPredictions(_:classes:labels:samples:rowStride:classStride:)`` for class-major scores
    /// (row i of class j at `zT[j · stride + i]`, `stride` at least the rows rounded up to 16), 16 rows
    /// at a time: the same rule (first largest score, first NaN), lane by lane.
    static func correctPredictions(classMajor zT: UnsafePointer<Float>, stride: Int, classes: Int,
                                   labels: UnsafeBufferPointer<Int>, samples: UnsafeBufferPointer<Int>) -> Int {
        guard classes > 1 else {
            return correctPredictions(zT, classes: classes, labels: labels, samples: samples, rowStride: 1,
                                      classStride: stride)
        }
        typealias Vector = SIMD16<Float>
        let n = samples.count
        var correct = 0, i0 = 0
        while i0 < n {
            var best = UnsafeRawPointer(zT + i0).loadUnaligned(as: Vector.self)
            var predicted = SIMD16<Int32>(repeating: 0)
            for j in 1 ..< classes {
                let score = UnsafeRawPointer(zT + (j &* stride &+ i0)).loadUnaligned(as: Vector.self)
                let take = (best .== best) .& .!(score .<= best)
                best.replace(with: score, where: take)
                predicted.replace(with: Int32(truncatingIfNeeded: j), where: take)
            }
            // The lanes past n get label −1, which no prediction matches.
            var truth = SIMD16<Int32>(repeating: -1)
            for l in 0 ..< Swift.min(16, n - i0) { truth[l] = Int32(truncatingIfNeeded: labels[samples[i0 + l]]) }
            correct += Int(SIMD16<Int32>(repeating: 0).replacing(with: 1, where: predicted .== truth).wrappedSum())
            i0 += 16
        }
        return correct
    }

    /// Scores row-major by default; `rowStride` and `classStride` place score j of row i at
    /// `outputs[i · rowStride + j · classStride]` (class-major scores: 1 and the class stride).
    static func correctPredictions(_ outputs: UnsafePointer<Float>, classes: Int, labels: UnsafeBufferPointer<Int>,
                                   samples: UnsafeBufferPointer<Int>, rowStride: Int? = nil,
                                   classStride: Int = 1) -> Int {
        var correct = 0
        let rowStride = rowStride ?? classes
        for (row, sample) in samples.enumerated()
        where predictedClass(outputs + row * rowStride, classes: classes, classStride: classStride) == labels[sample] {
            correct += 1
        }
        return correct
    }

    /// The class one row of scores predicts (score j at `scores[j · classStride]`): the first largest score,
    /// or the first NaN; for one column, 1 where the score is positive. The accuracy and the fit's
    /// metrics (``MetricAccumulator``) both count by it.
    @inline(__always)
    static func predictedClass(_ row: UnsafePointer<Float>, classes: Int, classStride: Int) -> Int {
        let scores = UnsafeStridedScores(base: row, stride: classStride)
        guard classes > 1 else { return scores[0] > 0 ? 1 : 0 }
        // Written without branches on the scores (which mispredicted on every row): a NaN once taken is
        // never replaced.
        var best = scores[0], predicted = 0
        for j in 1 ..< classes {
            let score = scores[j]
            let take = !best.isNaN && !(score <= best)
            best = take ? score : best
            predicted = take ? j : predicted
        }
        return predicted
    }
}

/// One row of scores `stride` apart.
private struct UnsafeStridedScores {
    let base: UnsafePointer<Float>
    let stride: Int
    @inline(__always) subscript(j: Int) -> Float { base[j &* stride] }
}

/// A kernel's passes called through a class rather than the `any LayerKernel` existential: a call on an
/// existential reference counts it up and down, two atomic operations that each wait for the stores before
/// them, on every kernel of every step; a ``KernelCall`` and the kernel it holds are called unretained
/// (``BufferedModel`` keeps both for its life). Made by ``of(_:)``.
class KernelCall {
    /// The call object for `kernel` (a subclass specialized for its type).
    static func of(_ kernel: any LayerKernel) -> KernelCall { make(kernel) }

    private static func make<Kernel: LayerKernel>(_ kernel: Kernel) -> KernelCall { KernelCallOf(kernel) }

    fileprivate init() {}

    /// ``LayerKernel/forward(_:_:batch:)``.
    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int) throws {
        preconditionFailure("made only as KernelCallOf")  // internal invariant: `of(_:)` makes the subclass
    }

    /// ``LayerKernel/backward(x:y:dy:dx:batch:)``.
    func backward(x: UnsafePointer<Float>, y: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                  dx: UnsafeMutablePointer<Float>?, batch: Int) {
        preconditionFailure("made only as KernelCallOf")
    }
}

private final class KernelCallOf<Kernel: LayerKernel>: KernelCall {
    /// Held by the model's ``BufferedModel/kernels`` for as long as this object.
    unowned(unsafe) let kernel: Kernel

    init(_ kernel: Kernel) {
        self.kernel = kernel
        super.init()
    }

    override func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int) throws {
        try Unmanaged.passUnretained(kernel)._withUnsafeGuaranteedRef { try $0.forward(x, y, batch: batch) }
    }

    override func backward(x: UnsafePointer<Float>, y: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                           dx: UnsafeMutablePointer<Float>?, batch: Int) {
        Unmanaged.passUnretained(kernel)._withUnsafeGuaranteedRef { $0.backward(x: x, y: y, dy: dy, dx: dx, batch: batch) }
    }
}
