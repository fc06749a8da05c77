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

    /// The deepest nesting of models: a model inside a model ... at most this many deep, so that the walks
    /// over a model (its description, its forward pass, saving it) stay far from the end of the stack.
    public static let maximumNesting = 100
    /// The most layers a model may hold counted as its walks count them: each model once (itself
    /// included) and every layer of a model as often as that model appears, so that a model added twice
    /// at each of a few levels cannot multiply its size past what its description or `whos` can show.
    public static let maximumLayers = 1_000_000

    /// The models this one has been added to, weakly. One it has since left stays listed: that only makes
    /// the checks of ``add(_:regularizer:)`` look at one more model.
    private var containers: [WeakModel] = []
    private struct WeakModel { weak var model: Sequential? }

    /// A model of the given layers (none by default: add them later).
    public init(_ layers: [any Layer] = []) {
        self.layers = layers
        for case let inner as Sequential in layers { inner.containers.append(WeakModel(model: self)) }
    }

    /// A model built by a result builder listing its layers.
    public convenience init(@LayerBuilder _ build: () throws -> [any Layer]) rethrows {
        self.init(try build())
    }

    /// Appends a layer, optionally with an L1/L2 penalty on its weights.
    ///
    /// - Throws: a shape mismatch naming both shapes when the layer cannot follow the model so far
    ///   (checked when the shapes are known, e.g. `linear 50 3` after `linear 2 100`); a model that would
    ///   contain itself, or break ``maximumNesting`` or ``maximumLayers`` here or in a model this one is in.
    public func add(_ layer: any Layer, regularizer: Regularizer? = nil) throws {
        if let inner = layer as? Sequential, inner === self || inner.contains(self) {
            throw EngineError.invalidArgument("a model cannot contain itself (it would run, print and save without end)")
        }
        if let input = expectedInputShape, let required = layer.expectedInputShape {
            let produced = try outputShape(for: input)
            guard produced == required else {
                throw EngineError.shapeMismatch(operation: "add \(layer.name)", produced, required)
            }
        }
        // Added, then checked with every model this one is in (a model deeper or larger than the limits is
        // taken out again).
        layers.append(layer)
        // A layer that is not a model added to a model in no other changes no depth and adds one layer:
        // nothing to check (a model of a million single adds is refused when it is put in another).
        if layer is Sequential || containers.contains(where: { $0.model != nil }) {
            do {
                try checkLimitsOfContainers()
            } catch {
                layers.removeLast()
                throw error
            }
        }
        if let inner = layer as? Sequential { inner.containers.append(WeakModel(model: self)) }
        layer.isTraining = isTraining
        if let regularizer, !regularizer.isNone { layerRegularizers[layers.count - 1] = regularizer }
    }

    /// Whether `model` is among the models inside this one, at any depth.
    func contains(_ model: Sequential) -> Bool {
        var pending: [Sequential] = [self], seen: Set<ObjectIdentifier> = [ObjectIdentifier(self)]
        while let next = pending.popLast() {
            for case let inner as Sequential in next.layers {
                if inner === model { return true }
                if seen.insert(ObjectIdentifier(inner)).inserted { pending.append(inner) }
            }
        }
        return false
    }

    /// Checks ``maximumNesting`` and ``maximumLayers`` for this model and every model it is in.
    /// - Throws: ``EngineError/invalidArgument(_:)`` naming the limit.
    private func checkLimitsOfContainers() throws {
        var sizes: [ObjectIdentifier: (depth: Int, layers: Int)] = [:]
        var pending: [Sequential] = [self], seen: Set<ObjectIdentifier> = [ObjectIdentifier(self)]
        while let model = pending.popLast() {
            let size = model.size(memo: &sizes)
            guard size.depth <= Self.maximumNesting else {
                throw EngineError.invalidArgument("models may be nested at most \(Self.maximumNesting) deep; this would make \(size.depth)")
            }
            guard size.layers <= Self.maximumLayers else {
                throw EngineError.invalidArgument("a model may hold at most \(Self.maximumLayers) layers, counting a model inside it as often as it appears; this would make \(size.layers)")
            }
            for container in model.containers {
                if let outer = container.model, seen.insert(ObjectIdentifier(outer)).inserted { pending.append(outer) }
            }
        }
    }

    /// How deep models nest in this one (1: none inside) and how many layers it holds counted with
    /// repeats (itself and each model inside it included), saturating; `memo` keeps each model's.
    private func size(memo: inout [ObjectIdentifier: (depth: Int, layers: Int)]) -> (depth: Int, layers: Int) {
        if let known = memo[ObjectIdentifier(self)] { return known }
        var depth = 1, count = 1
        for layer in layers {
            if let inner = layer as? Sequential {
                let size = inner.size(memo: &memo)
                depth = Swift.max(depth, size.depth &+ 1)
                count = Swift.min(Int.max / 2, count + size.layers)
            } else {
                count = Swift.min(Int.max / 2, count + 1)
            }
        }
        memo[ObjectIdentifier(self)] = (depth, count)
        return (depth, count)
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
