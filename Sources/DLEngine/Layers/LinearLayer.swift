/// A fully connected (dense) layer: `y = x · W + b`, the article's `Linear`.
///
/// Shapes: input `[N, inputSize]`, output `[N, outputSize]`. The weight is stored `[inputSize,
/// outputSize]` (the article's layout, so the forward pass is a plain `x · W` with no transpose; PyTorch
/// stores the transpose, `[out, in]`), the bias `[outputSize]`. The forward pass is the fused
/// ``Tensor/linear(_:weight:bias:)``, one autodiff node.
///
/// Defaults: weights ``Initializer/xavierUniform`` (U[−a, a), a = √(6 / (in + out))), biases
/// ``Initializer/zeros``. Parameters: `inputSize · outputSize + outputSize` (`Linear(2 → 100)`: 300).
/// L1/L2 penalties apply to the weight only.
public final class Linear: Layer {
    /// `[inputSize, outputSize]`.
    public let weight: Tensor
    /// `[outputSize]`, or `nil` for a layer made with `bias: false`.
    public let bias: Tensor?
    public let inputSize: Int
    public let outputSize: Int
    public var isTraining = true

    /// Makes a layer with freshly initialized parameters.
    /// - Parameters:
    ///   - inputSize: features per input sample.
    ///   - outputSize: features per output sample.
    ///   - bias: whether to add a learnable bias.
    ///   - weightInitializer: how the weight starts (fan-in `inputSize`, fan-out `outputSize`).
    ///   - biasInitializer: how the bias starts (same fans).
    ///   - generator: the source of the initial values.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for a size below 1 or an invalid initializer.
    public init(inputSize: Int, outputSize: Int, bias: Bool = true,
                weightInitializer: Initializer = .xavierUniform, biasInitializer: Initializer = .zeros,
                using generator: inout RandomGenerator) throws {
        try checkDenseSizes("Linear", inputSize: inputSize, outputSize: outputSize)
        self.inputSize = inputSize
        self.outputSize = outputSize
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
    }

    public var name: String { "Linear" }

    /// `Linear(2 → 100)`, or `Linear(2 → 100, bias=false)`.
    public var description: String {
        "Linear(\(inputSize) → \(outputSize)\(bias == nil ? ", bias=false" : ""))"
    }

    /// `x · W + b`. - Throws: when `input` is not `[N, inputSize]` (the message names both shapes).
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try checkBatch(input, sampleShape: [inputSize])
        return try Tensor.linear(input, weight: weight, bias: bias)
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

extension Linear: RegisteredLayer {
    public static let registration = LayerRegistration(
        name: "linear", tag: "Linear", summary: "A fully connected layer, x·W + b, with W of shape IN x OUT.",
        example: "model = sequential\nmodel.add(linear 2 100)",
        parameters: [.positional("input", "IN", .integer), .positional("output", "OUT", .integer),
                     .keyword("bias", .flag, default: .flag(true)),
                     .keyword("init", .initializer, default: .text("xavier_uniform"), saved: false),
                     .keyword("bias_init", .initializer, default: .text("zeros"), saved: false)],
        output: .vectors,
        stateCount: { a in Arguments.sum([Arguments.product([a.size("input"), a.size("output")]),
                                          (try? a.flag("bias")) == true ? a.size("output") : 0]) }
    ) { a, generator in
        try Linear(inputSize: a.integer("input"), outputSize: a.integer("output"), bias: a.flag("bias"),
                   weightInitializer: a.initializer("init"), biasInitializer: a.initializer("bias_init"),
                   using: &generator)
    }

    public var configuration: Arguments {
        Arguments(["input": .integer(inputSize), "output": .integer(outputSize), "bias": .flag(bias != nil)])
    }
}
