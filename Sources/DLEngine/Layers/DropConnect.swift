/// A dense layer whose weights, not activations, are dropped in training (Wan et al. 2013, "DropConnect"):
/// `y = x · (W ⊙ M) + b`, where each element of the mask `M` is `1 / (1 − rate)` with probability
/// `1 − rate` and 0 otherwise, drawn afresh on every training forward pass. In evaluation it is a plain
/// linear layer, `x · W + b` (the scaling in training keeps the expected weight equal to `W`; this is the
/// simple "inverted" form, not the paper's Gaussian moment-matching at inference).
///
/// Shapes: input `[N, inputSize]`, output `[N, outputSize]`; weight `[inputSize, outputSize]` (as in
/// ``Linear``), bias `[outputSize]` (never masked). The gradient reaches only the kept weights, scaled
/// like them, because the masking is an elementwise product recorded before the fused linear node.
///
/// Defaults: weights ``Initializer/xavierUniform``, biases ``Initializer/zeros``, as ``Linear``.
/// Randomness: like ``Dropout``, the layer owns a generator forked from the one given at initialization.
public final class DropConnect: Layer {
    /// `[inputSize, outputSize]`.
    public let weight: Tensor
    /// `[outputSize]`, or `nil` for a layer made with `bias: false`.
    public let bias: Tensor?
    public let inputSize: Int
    public let outputSize: Int
    /// The probability of dropping a weight, in [0, 1).
    public let rate: Float
    /// The source of the masks. Assign a new generator to make the following masks reproducible.
    public var generator: RandomGenerator
    public var isTraining = true

    /// - Parameters:
    ///   - inputSize: features per input sample.
    ///   - outputSize: features per output sample.
    ///   - rate: the probability of dropping each weight, in [0, 1).
    ///   - bias: whether to add a learnable bias.
    ///   - weightInitializer: how the weight starts (fan-in `inputSize`, fan-out `outputSize`).
    ///   - biasInitializer: how the bias starts.
    ///   - generator: initializes the parameters, then this layer's own generator is forked from it.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for a size below 1, a rate outside [0, 1), or an
    ///   invalid initializer.
    public init(inputSize: Int, outputSize: Int, rate: Float, bias: Bool = true,
                weightInitializer: Initializer = .xavierUniform, biasInitializer: Initializer = .zeros,
                using generator: inout RandomGenerator) throws {
        try checkDenseSizes("DropConnect", inputSize: inputSize, outputSize: outputSize)
        guard rate >= 0, rate < 1 else {
            throw EngineError.invalidArgument("DropConnect needs a rate in [0, 1); got \(rate)")
        }
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.rate = rate
        weight = try weightInitializer.make([inputSize, outputSize], fanIn: inputSize, fanOut: outputSize,
                                            using: &generator)
        weight.requiresGrad = true
        if bias {
            let b = try biasInitializer.make([outputSize], fanIn: inputSize, fanOut: outputSize, using: &generator)
            b.requiresGrad = true
            self.bias = b
        } else {
            self.bias = nil
        }
        self.generator = RandomGenerator(seed: generator.next())
    }

    public var name: String { "DropConnect" }
    /// `DropConnect(2 → 100, p=0.5)`.
    public var description: String {
        "DropConnect(\(inputSize) → \(outputSize), p=\(rate)\(bias == nil ? ", bias=false" : ""))"
    }

    /// `x · (W ⊙ M) + b` in training, `x · W + b` in evaluation.
    /// - Throws: when `input` is not `[N, inputSize]` (the message names both shapes).
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try checkBatch(input, sampleShape: [inputSize])
        guard isTraining, rate > 0 else { return try Tensor.linear(input, weight: weight, bias: bias) }
        let mask = try dropoutMask(shape: weight.shape, rate: rate, using: &generator)
        return try Tensor.linear(input, weight: weight * mask, bias: bias)
    }

    public var parameters: [Tensor] { [weight] + (bias.map { [$0] } ?? []) }
    public var regularizedParameters: [Tensor] { [weight] }
    public var state: [(name: String, tensor: Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public var expectedInputShape: [Int]? { [inputSize] }

    /// `[inputSize] → [outputSize]`. - Throws: a shape mismatch for any other sample shape.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        try checkSample(inputShape, equals: [inputSize])
        return [outputSize]
    }
}

extension DropConnect: RandomizedLayer {}

extension DropConnect: RegisteredLayer {
    public static let registration = LayerRegistration(
        name: "dropconnect", tag: "DropConnect",
        summary: "A linear layer whose weights are each dropped with probability P in training.",
        example: "model = sequential\nmodel.add(dropconnect 2 100 0.3)",
        parameters: [.positional("input", "IN", .integer), .positional("output", "OUT", .integer),
                     .positional("rate", "P", .number), .keyword("bias", .flag, default: .flag(true))],
        output: .vectors,
        stateCount: { a in Arguments.sum([Arguments.product([a.size("input"), a.size("output")]),
                                          (try? a.flag("bias")) == true ? a.size("output") : 0]) }
    ) { a, generator in
        try DropConnect(inputSize: a.integer("input"), outputSize: a.integer("output"), rate: a.float("rate"),
                        bias: a.flag("bias"), using: &generator)
    }

    public var configuration: Arguments {
        Arguments(["input": .integer(inputSize), "output": .integer(outputSize), "bias": .flag(bias != nil),
                   "rate": .number(Double(rate))])
    }
}
