/// Compares autodiff gradients with central finite differences (the test of every operation's backward pass).
public enum GradientCheck {
    /// What a check found: the largest discrepancy and whether it is within tolerance.
    public struct Result: Sendable, CustomStringConvertible {
        /// The largest |analytic − numeric| / max(1, |numeric|) over all inputs and elements.
        public let maxError: Double
        /// Where that was: input index and flat element index.
        public let worst: (input: Int, element: Int)
        /// Whether `maxError <= tolerance`.
        public let passed: Bool
        /// How many elements were checked, of how many (fewer when sampled).
        public var checked = 0, total = 0

        public var description: String {
            (passed ? "gradcheck passed" : "gradcheck FAILED")
                + " (max error \(DecimalText.scientific(maxError, 2)) at input \(worst.input), element \(worst.element))"
                + (checked < total ? " on \(checked) of \(total) elements" : "")
        }
    }

    /// Checks d f / d inputs at the inputs' current values.
    ///
    /// `f` must return a tensor; it is reduced to a scalar as Σ f(x) ⊙ w with fixed weights w (1, 2, 3, ...
    /// scaled; so every output element matters differently and a transposed gradient cannot pass). The
    /// numeric derivative is the central difference (F(x + h) − F(x − h)) / 2h, with F's sum accumulated
    /// in Double so that float32 rounding of the sum does not hide errors.
    ///
    /// - Parameters:
    ///   - inputs: the tensors to differentiate with respect to; their `requiresGrad` is set.
    ///   - step: h.
    ///   - tolerance: the largest acceptable relative error.
    ///   - sample: at most this many elements of each input are checked, spread evenly over it (each costs
    ///     two evaluations of `f`, so checking every element of a large input grows with its square);
    ///     `nil` checks them all.
    ///   - shouldStop: polled before each element; when it returns true the check stops and throws.
    public static func check(_ inputs: [Tensor], step: Float = 1e-2, tolerance: Double = 1e-2, sample: Int? = nil,
                             shouldStop: () -> Bool = { false },
                             _ f: ([Tensor]) throws -> Tensor) throws -> Result {
        for x in inputs { x.requiresGrad = true; x.grad = nil }
        let probe = try withoutGradient { try f(inputs) }
        let weights = (0 ..< probe.count).map { Double(($0 % 7) + 1) / 4 }
        func objective() throws -> Double {
            let y = try withoutGradient { try f(inputs) }
            return zip(y.data, weights).reduce(0) { $0 + Double($1.0) * $1.1 }
        }
        let output = try f(inputs)
        guard output.requiresGrad else {
            throw EngineError.gradient("gradcheck: the function does not depend on its inputs through recorded operations")
        }
        try output.backward(Tensor(shape: output.shape, data: weights.map(Float.init)))
        var maxError = 0.0, worst = (input: 0, element: 0), checked = 0, total = 0
        for (n, x) in inputs.enumerated() {
            let analytic = x.grad?.data ?? [Float](repeating: 0, count: x.count)
            let picked = Swift.min(x.count, Swift.max(1, sample ?? x.count))
            total += x.count
            for j in 0 ..< picked {
                // Evenly spread: element j·count/picked (every element when none are left out).
                let i = picked == x.count ? j : Int((Double(j) * Double(x.count) / Double(picked)).rounded(.down))
                if shouldStop() {
                    throw EngineError.invalidArgument("gradcheck interrupted after \(checked) of \(total) elements")
                }
                checked += 1
                let saved = x.data[i]
                x.data[i] = saved + step
                let plus = try objective()
                x.data[i] = saved - step
                let minus = try objective()
                x.data[i] = saved
                // The step actually taken, as represented in float32.
                let h = (Double(saved + step) - Double(saved - step))
                let numeric = (plus - minus) / h
                let error = Swift.abs(Double(analytic[i]) - numeric) / Swift.max(1, Swift.abs(numeric))
                if error > maxError || error.isNaN { maxError = error.isNaN ? .infinity : error; worst = (n, i) }
            }
        }
        var result = Result(maxError: maxError, worst: worst, passed: maxError <= tolerance)
        result.checked = checked
        result.total = total
        return result
    }
}
