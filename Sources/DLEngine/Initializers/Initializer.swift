/// How a layer's weights (or biases) start: a constant, a plain distribution, or one of the schemes that
/// scale the spread by the layer's fan-in and fan-out so that activations keep their size through depth.
///
/// `fanIn` is the number of inputs that feed one output unit (a dense layer's input size) and `fanOut` the
/// number of outputs one input feeds (its output size).
///
/// | case | draws | name |
/// |---|---|---|
/// | ``zeros`` | 0 | `zeros` |
/// | ``constant(_:)`` | the value | `constant` (`ones` is `constant(1)`) |
/// | ``normal(mean:std:)`` | N(mean, std²) | `normal` |
/// | ``uniform(low:high:)`` | U[low, high) | `uniform` |
/// | ``xavierNormal`` | N(0, σ²), σ = √(2 / (fanIn + fanOut)) | `xavier_normal` |
/// | ``xavierUniform`` | U[−a, a), a = √(6 / (fanIn + fanOut)) | `xavier_uniform` |
/// | ``heNormal`` | N(0, σ²), σ = √(2 / fanIn) | `he_normal` |
/// | ``heUniform`` | U[−a, a), a = √(6 / fanIn) | `he_uniform` |
///
/// Xavier/Glorot (Glorot & Bengio 2010) uses gain 1, suited to tanh, sigmoid and linear outputs (PyTorch's
/// `xavier_*_` with the default gain). He/Kaiming (He et al. 2015) uses the ReLU gain √2 with fan-in mode
/// (PyTorch's `kaiming_*_(nonlinearity="relu")`). The article's `0.01 * randn` is ``small``.
public enum Initializer: Equatable, Sendable, CustomStringConvertible {
    case zeros
    case constant(Float)
    case normal(mean: Float, std: Float)
    case uniform(low: Float, high: Float)
    case xavierNormal
    case xavierUniform
    case heNormal
    case heUniform

    /// The article's initialization, `0.01 * randn`: N(0, 0.01²). Parsed from the name `small`.
    public static let small = Initializer.normal(mean: 0, std: 0.01)

    /// Every name ``init(name:)`` accepts (aliases left out), in the order help texts list them.
    public static var knownNames: [String] { registry.filter { !$0.isAlias }.map(\.name) }

    /// The name users write for this kind of initializer: `"zeros"`, `"xavier_uniform"`, `"he_normal"`, ...
    /// (the parameters of `constant`, `normal` and `uniform` are in ``description``).
    public var name: String {
        switch self {
        case .zeros: return "zeros"
        case .constant: return "constant"
        case .normal: return "normal"
        case .uniform: return "uniform"
        case .xavierNormal: return "xavier_normal"
        case .xavierUniform: return "xavier_uniform"
        case .heNormal: return "he_normal"
        case .heUniform: return "he_uniform"
        }
    }

    /// The name with its parameters, e.g. `normal(mean=0.0, std=0.01)`.
    public var description: String {
        switch self {
        case .constant(let value): return "constant(\(value))"
        case let .normal(mean, std): return "normal(mean=\(mean), std=\(std))"
        case let .uniform(low, high): return "uniform(low=\(low), high=\(high))"
        default: return name
        }
    }

    /// Parses a name as users write it. Names without parameters take PyTorch's defaults: `normal` is
    /// N(0, 1), `uniform` is U[0, 1); `ones` is `constant(1)`; `small` is the article's N(0, 0.01²). The
    /// other names of the schemes are accepted too: `glorot_normal`, `glorot_uniform`, `kaiming_normal`,
    /// `kaiming_uniform`.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for an unknown name, listing the known ones.
    public init(name: String) throws {
        guard let entry = Self.registry.first(where: { $0.name == name }) else {
            throw EngineError.invalidArgument(
                "unknown initializer '\(name)'; known initializers: \(Self.knownNames.joined(separator: ", "))")
        }
        self = entry.initializer
    }

    /// A new tensor of `shape` with values drawn as this initializer says (no gradient; layers set
    /// `requiresGrad` on their parameters).
    ///
    /// - Parameters:
    ///   - shape: the tensor's shape.
    ///   - fanIn: inputs per output unit; used by the Xavier and He schemes, which need it positive.
    ///   - fanOut: outputs per input unit; used by the Xavier schemes (`fanIn + fanOut` must be positive).
    ///   - generator: the source of randomness; the values follow from its state.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for a negative or non-finite `std`, `low > high`, a
    ///   non-finite parameter, or fans the scheme cannot use; an allocation error for a huge shape.
    public func make(_ shape: [Int], fanIn: Int, fanOut: Int,
                     using generator: inout RandomGenerator) throws -> Tensor {
        switch self {
        case .zeros:
            return try Tensor.zeros(shape)
        case .constant(let value):
            guard value.isFinite else { throw EngineError.invalidArgument("constant initializer needs a finite value; got \(value)") }
            return try Tensor.full(shape, value: value)
        case let .normal(mean, std):
            guard mean.isFinite, std.isFinite, std >= 0 else {
                throw EngineError.invalidArgument(
                    "normal initializer needs a finite mean and a finite std >= 0; got mean \(mean), std \(std)")
            }
            return try Tensor.randomNormal(shape, mean: mean, std: std, using: &generator)
        case let .uniform(low, high):
            guard low.isFinite, high.isFinite, low <= high else {
                throw EngineError.invalidArgument(
                    "uniform initializer needs finite bounds with low <= high; got low \(low), high \(high)")
            }
            return try Tensor.randomUniform(shape, low: low, high: high, using: &generator)
        case .xavierNormal:
            let std = (2 / Double(try xavierFanSum(fanIn, fanOut))).squareRoot()
            return try Tensor.randomNormal(shape, mean: 0, std: Float(std), using: &generator)
        case .xavierUniform:
            let bound = Float((6 / Double(try xavierFanSum(fanIn, fanOut))).squareRoot())
            return try Tensor.randomUniform(shape, low: -bound, high: bound, using: &generator)
        case .heNormal:
            let std = (2 / Double(try heFanIn(fanIn))).squareRoot()
            return try Tensor.randomNormal(shape, mean: 0, std: Float(std), using: &generator)
        case .heUniform:
            let bound = Float((6 / Double(try heFanIn(fanIn))).squareRoot())
            return try Tensor.randomUniform(shape, low: -bound, high: bound, using: &generator)
        }
    }

    /// fanIn + fanOut, checked: both non-negative and the sum positive (and not overflowing).
    private func xavierFanSum(_ fanIn: Int, _ fanOut: Int) throws -> Int {
        let (sum, overflow) = fanIn.addingReportingOverflow(fanOut)
        guard fanIn >= 0, fanOut >= 0, sum > 0, !overflow else {
            throw EngineError.invalidArgument("\(name) needs fanIn + fanOut > 0; got fanIn \(fanIn), fanOut \(fanOut)")
        }
        return sum
    }

    /// fanIn, checked positive.
    private func heFanIn(_ fanIn: Int) throws -> Int {
        guard fanIn > 0 else { throw EngineError.invalidArgument("\(name) needs fanIn > 0; got \(fanIn)") }
        return fanIn
    }
}
