extension Tensor {
    /// Runs reverse-mode automatic differentiation from this tensor and accumulates the gradients into the
    /// ``grad`` of every leaf that requires one (adding to what is there, as PyTorch does).
    ///
    /// - Parameter gradient: the gradient of some final quantity with respect to this tensor, same shape.
    ///   It may be left out for a one-element tensor (a loss), where it is 1.
    /// - Throws: ``EngineError/gradient(_:)`` when the tensor does not require a gradient, or is not a
    ///   scalar and no gradient is given; a shape mismatch when `gradient` has the wrong shape.
    ///
    /// The graph is walked in reverse topological order, each node once, with an explicit stack, so very
    /// deep graphs do not overflow the call stack. Intermediate gradients are dropped after use.
    public func backward(_ gradient: Tensor? = nil) throws {
        guard requiresGrad else {
            throw EngineError.gradient("backward needs a tensor that requires a gradient (made from a param)")
        }
        let seed: Tensor
        if let gradient {
            guard gradient.shape == shape else {
                throw EngineError.shapeMismatch(operation: "backward", shape, gradient.shape)
            }
            seed = gradient.detached()
        } else {
            guard count == 1 else {
                throw EngineError.gradient(
                    "backward without a gradient needs a one-element tensor; this one has shape \(EngineError.format(shape))")
            }
            seed = Tensor(uncheckedShape: shape, data: [1])
        }
        try withoutGradient {
            var pending: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): seed]
            for node in topologicalOrder().reversed() {
                guard let outputGradient = pending.removeValue(forKey: ObjectIdentifier(node)) else { continue }
                guard let function = node.gradFunction else {
                    node.accumulateGrad(outputGradient)
                    continue
                }
                let inputGradients = try function.backward(outputGradient)
                for (input, gradient) in zip(function.inputs, inputGradients) {
                    guard input.requiresGrad, let gradient else { continue }
                    let key = ObjectIdentifier(input)
                    pending[key] = try pending[key].map { try $0 + gradient } ?? gradient
                }
            }
        }
    }

    /// Adds `gradient` to ``grad`` (a leaf's accumulation).
    private func accumulateGrad(_ gradient: Tensor) {
        if let existing = grad, existing.shape == shape {
            grad = Tensor(uncheckedShape: shape, data: zip(existing.data, gradient.data).map(+))
        } else {
            // A new tensor sharing the (copy-on-write) storage: gradients are never mutated in place.
            grad = Tensor(uncheckedShape: shape, data: gradient.data)
        }
    }

    /// The tensors this one depends on through recorded operations (itself included), each before every
    /// tensor computed from it. Iterative depth-first search.
    func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        // Each stack entry: a tensor and whether its inputs have already been pushed.
        var stack: [(Tensor, Bool)] = [(self, false)]
        while let (tensor, expanded) = stack.popLast() {
            if expanded {
                order.append(tensor)
                continue
            }
            guard visited.insert(ObjectIdentifier(tensor)).inserted else { continue }
            stack.append((tensor, true))
            for input in tensor.gradFunction?.inputs ?? [] where input.requiresGrad
                && !visited.contains(ObjectIdentifier(input)) {
                stack.append((input, false))
            }
        }
        return order
    }
}
