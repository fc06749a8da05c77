/// A model made of layers applied one after another (Keras's `Sequential`, PyTorch's `nn.Sequential`).
///
/// Build it with ``add(_:regularizer:)`` or with the result builder:
/// ```swift
/// var rng = RandomGenerator(seed: 42)
/// let model = try Sequential {
///     try Linear(inputSize: 2, outputSize: 100, using: &rng)
///     ReLU()
///     try Linear(inputSize: 100, outputSize: 3, using: &rng)
/// }
/// ```
/// A model is itself a ``Layer``, so models nest.
public final class Sequential: Layer {
    /// The layers in order.
    public internal(set) var layers: [any Layer]
    /// Per-layer L1/L2 penalties (Keras's `kernel_regularizer`), by position in ``layers``.
    public internal(set) var layerRegularizers: [Int: Regularizer] = [:]

    /// A model of the given layers (none by default: add them later).
    public init(_ layers: [any Layer] = []) {
        self.layers = layers
    }

    /// A model built by a result builder listing its layers.
    public convenience init(@LayerBuilder _ build: () throws -> [any Layer]) rethrows {
        self.init(try build())
    }

    /// Appends a layer, optionally with an L1/L2 penalty on its weights.
    ///
    /// - Throws: a shape mismatch naming both shapes when the layer cannot follow the model so far
    ///   (checked when the shapes are known, e.g. `linear 50 3` after `linear 2 100`).
    public func add(_ layer: any Layer, regularizer: Regularizer? = nil) throws {
        if let input = expectedInputShape, let required = layer.expectedInputShape {
            let produced = try outputShape(for: input)
            guard produced == required else {
                throw EngineError.shapeMismatch(operation: "add \(layer.name)", produced, required)
            }
        }
        layer.isTraining = isTraining
        layers.append(layer)
        if let regularizer, !regularizer.isNone { layerRegularizers[layers.count - 1] = regularizer }
    }

    /// Removes the last layer and its penalty (Keras's `model.pop()`) and returns it.
    /// - Throws: ``EngineError/invalidArgument(_:)`` when the model has no layers.
    @discardableResult
    public func removeLast() throws -> any Layer {
        guard let layer = layers.popLast() else {
            throw EngineError.invalidArgument("the model has no layers to remove")
        }
        layerRegularizers[layers.count] = nil
        return layer
    }

    /// Removes every layer.
    public func removeAll() {
        layers.removeAll()
        layerRegularizers.removeAll()
    }

    public var name: String { "Sequential" }

    public var description: String {
        "Sequential(" + layers.map(\.description).joined(separator: ", ") + ")"
    }

    /// Applies the layers in order. - Throws: the first layer's error, with its position.
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        var x = input
        for (index, layer) in layers.enumerated() {
            do {
                x = try layer(x)
            } catch let error as EngineError {
                throw EngineError.invalidArgument("layer \(index + 1) (\(layer.description)): \(error.description)")
            }
        }
        return x
    }

    public var parameters: [Tensor] { layers.flatMap(\.parameters) }
    public var regularizedParameters: [Tensor] { layers.flatMap(\.regularizedParameters) }

    public var state: [(name: String, tensor: Tensor)] {
        layers.enumerated().flatMap { index, layer in
            layer.state.map { (name: "\(index).\($0.name)", tensor: $0.tensor) }
        }
    }

    /// Training mode for every layer (Dropout drops, BatchNorm uses batch statistics) or evaluation mode.
    public var isTraining: Bool = true {
        didSet { for layer in layers { layer.isTraining = isTraining } }
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        try layers.reduce(inputShape) { try $1.outputShape(for: $0) }
    }

    /// The first layer that fixes its input shape decides the model's (layers before it must keep shapes).
    public var expectedInputShape: [Int]? { layers.first?.expectedInputShape }

    /// The model's outputs for `inputs` in evaluation mode and without recording gradients, computed in
    /// batches of `batchSize` rows so that large inputs do not need one huge intermediate.
    /// Ctrl-C (``Interruption``) stops it between batches.
    public func predict(_ inputs: Tensor, batchSize: Int = 1024) throws -> Tensor {
        guard batchSize > 0 else { throw EngineError.invalidArgument("batch size must be positive; got \(batchSize)") }
        guard inputs.rank >= 1 else { throw EngineError.invalidArgument("predict needs a batch of samples, not a scalar") }
        if let outputs = try bufferedPredict(inputs, batchSize: batchSize) { return outputs }
        return try inEvaluationMode {
            try withoutGradient {
                let n = inputs.shape[0]
                if n <= batchSize { return try self(inputs) }
                var parts: [Tensor] = []
                for start in stride(from: 0, to: n, by: batchSize) {
                    try Interruption.check("after \(start) of \(n) samples")
                    parts.append(try self(inputs.rows(Array(start ..< Swift.min(start + batchSize, n)))))
                }
                return try Tensor.concatenate(parts, axis: 0)
            }
        }
    }

    /// Runs `body` in evaluation mode and restores the previous mode afterwards.
    func inEvaluationMode<R>(_ body: () throws -> R) rethrows -> R {
        let wasTraining = isTraining
        isTraining = false
        defer { isTraining = wasTraining }
        return try body()
    }

    /// The sum of the L1/L2 penalties of the model-wide `regularizer` on all weights and of the per-layer
    /// regularizers on their layers' weights, as a scalar tensor that records its gradient; `nil` when
    /// there is no penalty.
    func penalty(_ regularizer: Regularizer) throws -> Tensor? {
        var terms: [Tensor] = []
        if !regularizer.isNone, let term = try regularizer.penalty(regularizedParameters) { terms.append(term) }
        for (index, layerRegularizer) in layerRegularizers.sorted(by: { $0.key < $1.key }) {
            if let term = try layerRegularizer.penalty(layers[index].regularizedParameters) { terms.append(term) }
        }
        guard var total = terms.first else { return nil }
        for term in terms.dropFirst() { total = try total + term }
        return total
    }
}

/// Lists the layers of a ``Sequential`` model in a `{ ... }` block.
@resultBuilder
public enum LayerBuilder {
    public static func buildExpression(_ layer: any Layer) -> [any Layer] { [layer] }
    public static func buildBlock(_ parts: [any Layer]...) -> [any Layer] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [any Layer]?) -> [any Layer] { part ?? [] }
    public static func buildEither(first part: [any Layer]) -> [any Layer] { part }
    public static func buildEither(second part: [any Layer]) -> [any Layer] { part }
    public static func buildArray(_ parts: [[any Layer]]) -> [any Layer] { parts.flatMap { $0 } }
}
