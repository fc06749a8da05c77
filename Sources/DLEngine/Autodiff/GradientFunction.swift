/// The record an operation leaves on its output when gradients are recorded: its inputs and the function
/// that turns the output's gradient into the inputs' gradients (the article's `Function.backward`).
final class GradientFunction {
    /// The operation's name, for printing and debugging (`"add"`, `"matmul"`, ...).
    let name: String
    /// The operation's tensor inputs, in the order ``backward`` returns their gradients.
    /// (Variable only so that ``Tensor``'s deinit can take the graph apart without recursion.)
    var inputs: [Tensor]
    /// Maps the gradient of the output to one gradient per input (`nil` where an input needs none).
    /// Runs with recording off; the gradients it returns have the inputs' shapes.
    var backward: (Tensor) throws -> [Tensor?]

    init(name: String, inputs: [Tensor], backward: @escaping (Tensor) throws -> [Tensor?]) {
        self.name = name
        self.inputs = inputs
        self.backward = backward
    }
}

extension Tensor {
    /// Attaches the autodiff record of an operation to its freshly computed `output`, when recording is on
    /// and some input requires a gradient. Every differentiable operation ends with this call, its backward
    /// pass written beside its forward pass.
    @discardableResult
    static func record(_ output: Tensor, _ name: String, _ inputs: [Tensor],
                       backward: @escaping (Tensor) throws -> [Tensor?]) -> Tensor {
        guard GradientMode.isEnabled, inputs.contains(where: { $0.requiresGrad }) else { return output }
        output.requiresGrad = true
        output.gradFunction = GradientFunction(name: name, inputs: inputs, backward: backward)
        return output
    }
}
