/// Inverted dropout (Srivastava et al. 2014): in training, each element is zeroed with probability
/// `rate` and the kept ones are scaled by `1 / (1 − rate)`, so the expected output equals the input and
/// evaluation needs no rescaling; in evaluation the layer is the identity.
///
/// Shapes: any input shape; the output has the same shape. No parameters.
///
/// Randomness: the layer owns a ``RandomGenerator`` forked at initialization from the one it is given
/// (seeded from that generator's next number), so a model's masks follow from the seed and do not depend
/// on what else draws numbers later. A fresh mask is drawn on every forward pass in training; the
/// gradient flows only through the kept elements (times the same scale).
///
/// Edge cases: `rate` 0 draws no mask and returns the input. In evaluation the input tensor itself is
/// returned.
public final class Dropout: Layer {
    /// The probability of zeroing an element, in [0, 1).
    public let rate: Float
    /// The source of the masks. Assign a new generator to make the following masks reproducible.
    public var generator: RandomGenerator
    public var isTraining = true

    /// - Parameters:
    ///   - rate: the probability of dropping an element, in [0, 1) (1 would drop everything and make the
    ///     scale infinite).
    ///   - generator: the generator to fork this layer's own from (advanced by one number).
    /// - Throws: ``EngineError/invalidArgument(_:)`` for a rate outside [0, 1).
    public init(rate: Float, using generator: inout RandomGenerator) throws {
        guard rate >= 0, rate < 1 else {
            throw EngineError.invalidArgument("Dropout needs a rate in [0, 1); got \(rate)")
        }
        self.rate = rate
        self.generator = RandomGenerator(seed: generator.next())
    }

    public var name: String { "Dropout" }
    /// `Dropout(p=0.5)`, PyTorch's wording.
    public var description: String { "Dropout(p=\(rate))" }

    /// Masks and rescales in training; the identity in evaluation.
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        guard isTraining, rate > 0 else { return input }
        let mask = try dropoutMask(shape: input.shape, rate: rate, using: &generator)
        let out = try Tensor(shape: input.shape, data: zip(input.data, mask.data).map(*))
        return Tensor.record(out, "dropout", [input]) { g in [try g * mask] }
    }

    /// The same shape.
    public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
}

/// A mask of `shape` whose elements are 0 with probability `rate` and `1 / (1 − rate)` otherwise: the
/// inverted-dropout mask that Dropout applies to activations and DropConnect to weights.
func dropoutMask(shape: [Int], rate: Float, using generator: inout RandomGenerator) throws -> Tensor {
    let count = try Shape.elementCount(shape)
    let scale = 1 / (1 - rate), threshold = Double(rate)
    var values = [Float](repeating: 0, count: count)
    for i in 0 ..< count where generator.nextUnit() >= threshold { values[i] = scale }
    return try Tensor(shape: shape, data: values)
}

extension Dropout: RandomizedLayer {}

extension Dropout: RegisteredLayer {
    public static let registration = LayerRegistration(
        name: "dropout", tag: "Dropout",
        summary: "Dropout: in training, zeroes each input with probability P and scales the rest by 1/(1-P); does nothing in evaluation.",
        example: "model = sequential\nmodel.add(linear 2 100)\nmodel.add(dropout 0.5)",
        parameters: [.positional("rate", "P", .number)], usage: "dropout 0.5"
    ) { a, generator in try Dropout(rate: a.float("rate"), using: &generator) }

    public var configuration: Arguments { Arguments(["rate": .number(Double(rate))]) }
}
