import Foundation
import Testing
import DLEngine

/// The optimizer tests' problem: f(θ) = ½ Σ aᵢ θᵢ² with a = (1, 4), started at θ₀ = (1, −0.5). Its
/// gradient is g = a·θ, so g₀ = (1, −2): one gentle coordinate and one steep one of the other sign.
enum Quadratic {
    static let a = Vec(1, 4)
    static let start = Vec(1, -0.5)

    /// A fresh parameter tensor holding θ₀.
    static func parameter() -> Tensor {
        Tensor(start.x.map { Float($0) }, requiresGrad: true)
    }

    /// Sets `theta.grad` to a·θ, from θ's current values.
    static func setGradient(of theta: Tensor) throws {
        theta.grad = try Tensor(shape: theta.shape, data: zip(a.x, theta.data).map { Float($0 * Double($1)) })
    }

    /// θ after each of `steps` steps of `optimizer` on a fresh parameter, the gradient set before each step.
    static func trajectory(_ optimizer: any Optimizer, steps: Int = 3) throws -> [[Float]] {
        let theta = parameter()
        var result: [[Float]] = []
        for _ in 0 ..< steps {
            try setGradient(of: theta)
            try optimizer.step([theta])
            result.append(theta.data)
        }
        return result
    }

    /// θ after each step of `optimizer` on a fresh parameter, with the gradients set by hand from `gradients`.
    static func trajectory(_ optimizer: any Optimizer, gradients: [Vec]) throws -> [[Float]] {
        let theta = parameter()
        var result: [[Float]] = []
        for g in gradients {
            theta.grad = Tensor(g.x.map { Float($0) })
            try optimizer.step([theta])
            result.append(theta.data)
        }
        return result
    }
}

/// A small vector of Doubles with elementwise arithmetic, so the reference values in the tests are written
/// the way the equations read (`let m1 = b1 * m0 + (1 - b1) * g0`).
struct Vec: CustomStringConvertible {
    var x: [Double]
    init(_ x: Double...) { self.x = x }
    init(_ x: [Double]) { self.x = x }
    var description: String { "(" + x.map { "\($0)" }.joined(separator: ", ") + ")" }

    static func + (u: Vec, v: Vec) -> Vec { Vec(zip(u.x, v.x).map(+)) }
    static func - (u: Vec, v: Vec) -> Vec { Vec(zip(u.x, v.x).map(-)) }
    static func * (u: Vec, v: Vec) -> Vec { Vec(zip(u.x, v.x).map(*)) }
    static func / (u: Vec, v: Vec) -> Vec { Vec(zip(u.x, v.x).map(/)) }
    static func * (s: Double, v: Vec) -> Vec { Vec(v.x.map { s * $0 }) }
    static func + (v: Vec, s: Double) -> Vec { Vec(v.x.map { $0 + s }) }
    static func / (v: Vec, s: Double) -> Vec { Vec(v.x.map { $0 / s }) }
    static prefix func - (v: Vec) -> Vec { Vec(v.x.map { -$0 }) }
}

func sqrt(_ v: Vec) -> Vec { Vec(v.x.map { $0.squareRoot() }) }
func max(_ u: Vec, _ v: Vec) -> Vec { Vec(zip(u.x, v.x).map { Swift.max($0, $1) }) }

/// Checks an optimizer's trajectory (Float) against the values worked out from the equations (Double).
func expectTrajectory(_ actual: [[Float]], _ expected: [Vec], relative: Double = 1e-5, absolute: Double = 1e-6,
                      sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, sourceLocation: sourceLocation)
    for (step, (a, e)) in zip(actual, expected).enumerated() {
        let close = a.count == e.x.count
            && zip(a, e.x).allSatisfy { isClose($0, $1, relative: relative, absolute: absolute) }
        #expect(close, "step \(step + 1): got \(a), expected \(e)", sourceLocation: sourceLocation)
    }
}
