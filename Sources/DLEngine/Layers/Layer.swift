/// A building block of a ``Sequential`` model: a differentiable function of a batch, with parameters.
///
/// Layers are classes (they own parameters that optimizers update in place). Each one knows its
/// parameters, a one-line description for summaries (PyTorch's `extra_repr`), how it changes a shape, and
/// whether it is training (Dropout and BatchNorm behave differently in evaluation).
public protocol Layer: AnyObject, CustomStringConvertible {
    /// A short type name for tables: `"Linear"`, `"ReLU"`, `"BatchNorm1d"`.
    var name: String { get }
    /// Computes the output for a batch (first axis: samples), recording autodiff operations when
    /// gradients are recorded. - Throws: a shape mismatch that names both shapes.
    func callAsFunction(_ input: Tensor) throws -> Tensor
    /// The trainable tensors (weights before biases), updated by optimizers.
    var parameters: [Tensor] { get }
    /// The parameters that L1/L2 penalties apply to: the weights, not biases or normalization scales.
    var regularizedParameters: [Tensor] { get }
    /// Named tensors that make up the layer's state for saving: parameters and buffers (running statistics).
    var state: [(name: String, tensor: Tensor)] { get }
    /// Training mode (true) or evaluation mode (false).
    var isTraining: Bool { get set }
    /// The shape of one output sample for one input sample's shape (batch axis left out).
    /// - Throws: a shape mismatch when the layer cannot take that input.
    func outputShape(for inputShape: [Int]) throws -> [Int]
    /// The shape of one input sample when the layer fixes it (a linear layer's `[inputSize]`), else `nil`.
    /// Lets a model report its shapes before it has seen data.
    var expectedInputShape: [Int]? { get }
}

extension Layer {
    public var parameters: [Tensor] { [] }
    public var regularizedParameters: [Tensor] { [] }
    public var state: [(name: String, tensor: Tensor)] { [] }
    public var expectedInputShape: [Int]? { nil }
    /// The number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }
}

/// A layer that draws its own random numbers (Dropout's and DropConnect's masks) from a generator it
/// owns, forked from the one given when it was made: what a checkpoint records and restores, and what a
/// seed makes reproducible.
public protocol RandomizedLayer: Layer {
    /// The source of the layer's random numbers; assign one to make the following draws reproducible.
    var generator: RandomGenerator { get set }
}
