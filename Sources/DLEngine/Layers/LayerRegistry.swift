/// How a layer type describes itself once, for everything that lists, makes, saves or documents
/// layers: the language's built-in (its name, help, keywords and constructor), the model file's tag and
/// fields, and what the layer does to a sample's shape. Each layer type declares its registration beside
/// its code; ``LayerRegistry/all`` lists them, one line each.
public struct LayerRegistration: Sendable {
    /// What the layer does to the shape of a sample, for rules that depend on it (`batchnorm` after a
    /// convolution normalizes channels).
    public enum Output: Sendable {
        /// Same shape as the input (activations, dropout, normalization).
        case sameShape
        /// Rows of features (`[features]`).
        case vectors
        /// Feature maps (`[C, H, W]`).
        case featureMaps
    }

    /// The name users write (`leaky_relu`).
    public let name: String
    /// The type's name in model files (`LeakyReLU`); never changes once files exist.
    public let tag: String
    /// One sentence: what it computes.
    public let summary: String
    /// Runnable example lines.
    public let example: String
    /// Positional parameters first, in order, then keywords.
    public let parameters: [Parameter]
    /// The usage shown when the positional count is wrong (`dropout 0.5`).
    public let usage: String
    /// Whether it is also a function of a tensor (`relu x`); such a layer is made when mentioned alone.
    public let isActivation: Bool
    public let output: Output
    /// The number of values the layer's state tensors hold (parameters and buffers), from its saved
    /// arguments, saturating at `Int.max`: what a model file must hold for it, checked before the layer
    /// is built (a few bytes of description must not make gigabytes of weights). 0 without tensors.
    public let stateCount: @Sendable (Arguments) -> Int
    /// A new layer from complete arguments (every parameter with a default filled in).
    public let make: @Sendable (Arguments, inout RandomGenerator) throws -> any Layer

    public init(name: String, tag: String, summary: String, example: String? = nil, parameters: [Parameter] = [],
                usage: String? = nil, isActivation: Bool = false, output: Output = .sameShape,
                stateCount: @escaping @Sendable (Arguments) -> Int = { _ in 0 },
                make: @escaping @Sendable (Arguments, inout RandomGenerator) throws -> any Layer) {
        self.name = name
        self.tag = tag
        self.summary = summary
        self.parameters = parameters
        self.isActivation = isActivation
        self.output = output
        self.stateCount = stateCount
        self.make = make
        let positional = parameters.compactMap(\.placeholder)
        self.usage = usage ?? (isActivation ? "\(name) or \(name) X" : ([name] + positional).joined(separator: " "))
        self.example = example ?? (isActivation
            ? "model = sequential\nmodel.add(linear 2 4)\nmodel.add(\(name))\n\(name) (tensor [-1, 0, 2])"
            : "model = sequential\nmodel.add(\(name))")
    }

    /// The positional parameters, in order.
    public var positional: [Parameter] { parameters.filter { $0.placeholder != nil } }
    /// The keyword parameters.
    public var keywords: [Parameter] { parameters.filter { $0.placeholder == nil } }

    /// `leaky_relu [X] [slope=0.01]`, `linear IN OUT [bias=true] ...`.
    public var signature: String {
        ([name] + (isActivation ? ["[X]"] : []) + parameters.map(\.signature)).joined(separator: " ")
    }
}

/// A layer type with a registration: what the language, the model codec and the docs read.
public protocol RegisteredLayer: Layer {
    static var registration: LayerRegistration { get }
    /// The values of the saved parameters of ``registration`` (what a model file stores besides the
    /// tensors); empty for a layer without settings.
    var configuration: Arguments { get }
}

extension RegisteredLayer {
    public var configuration: Arguments { Arguments() }
}

/// Every layer type, in the order the help and the docs list them. A new layer type adds one line.
public enum LayerRegistry {
    public static let all: [LayerRegistration] = [
        Linear.registration,
        ReLU.registration,
        LeakyReLU.registration,
        Sigmoid.registration,
        Tanh.registration,
        GELU.registration,
        SiLU.registration,
        Softmax.registration,
        Dropout.registration,
        DropConnect.registration,
        BatchNorm1d.registration,
        LayerNorm.registration,
        Conv2D.registration,
        MaxPool2D.registration,
        AvgPool2D.registration,
        BatchNorm2d.registration,
        Flatten.registration,
    ]

    /// The registration with the name users write.
    public static func named(_ name: String) -> LayerRegistration? { all.first { $0.name == name } }

    /// The registration with a model file's tag.
    public static func tagged(_ tag: String) -> LayerRegistration? { all.first { $0.tag == tag } }

    /// The registration of a layer's type, `nil` for a type that is not registered.
    public static func registration(of layer: any Layer) -> LayerRegistration? {
        (layer as? any RegisteredLayer).map { type(of: $0).registration }
    }
}
