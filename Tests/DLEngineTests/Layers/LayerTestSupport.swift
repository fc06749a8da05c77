import Testing
import DLEngine

/// Runs a finite-difference gradient check (tolerance 5e-3, the brief's) and records the result on failure.
/// Shared by the layer and loss tests.
func expectGradientCheck(_ inputs: [Tensor], tolerance: Double = 5e-3, step: Float = 1e-2,
                         sourceLocation: SourceLocation = #_sourceLocation,
                         _ f: ([Tensor]) throws -> Tensor) throws {
    let result = try GradientCheck.check(inputs, step: step, tolerance: tolerance, f)
    #expect(result.passed, "\(result)", sourceLocation: sourceLocation)
}

/// Mean and (biased, population) standard deviation in Double.
func statistics(_ values: [Float]) -> (mean: Double, std: Double) {
    let n = Double(values.count)
    let mean = values.reduce(0.0) { $0 + Double($1) } / n
    let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n
    return (mean, variance.squareRoot())
}
