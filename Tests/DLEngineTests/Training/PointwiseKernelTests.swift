import Testing
@testable import DLEngine

/// The activation kernels on buffers, at sizes large enough to be split between threads: every element
/// is the scalar function's value (no element skipped or written twice at the chunk boundaries).
@Suite struct PointwiseKernelTests {
    @Test func largeBatchesSplitBetweenThreadsComputeEveryElementOnce() {
        // 3 samples of 20,001 floats: 60,003 elements, above the parallel threshold and not a multiple
        // of the 16-float blocks.
        let width = 20_001, batch = 3, count = width * batch
        var rng = RandomGenerator(seed: 9)
        let x = (0 ..< count).map { _ in Float(rng.nextUnit()) * 4 - 2 }
        let dy = (0 ..< count).map { _ in Float(rng.nextUnit()) - 0.5 }
        for (function, scalar) in [("relu", AnyPointwise(ReLUFunction())), ("tanh", AnyPointwise(TanhFunction())),
                                   ("leaky_relu", AnyPointwise(LeakyReLUFunction(slope: 0.1))),
                                   ("gelu", AnyPointwise(GELUFunction(approximate: .none))),
                                   ("silu", AnyPointwise(SiLUFunction()))] {
            let kernel = scalar.kernel(width)
            var y = [Float](repeating: .nan, count: count), dx = [Float](repeating: .nan, count: count)
            x.withUnsafeBufferPointer { x in
                y.withUnsafeMutableBufferPointer { kernel.forward(x.baseAddress!, $0.baseAddress!, batch: batch) }
            }
            #expect(y == x.map(scalar.value), "\(function)")
            x.withUnsafeBufferPointer { x in
                y.withUnsafeBufferPointer { y in
                    dy.withUnsafeBufferPointer { dy in
                        dx.withUnsafeMutableBufferPointer {
                            kernel.backward(x: x.baseAddress!, y: y.baseAddress!, dy: dy.baseAddress!,
                                            dx: $0.baseAddress!, batch: batch)
                        }
                    }
                }
            }
            #expect(dx == (0 ..< count).map { scalar.gradient(x[$0], y[$0], dy[$0]) }, "\(function)")
        }
    }

    /// A pointwise function as closures, so that the test can list several.
    struct AnyPointwise {
        let value: (Float) -> Float
        let gradient: (Float, Float, Float) -> Float
        let kernel: (Int) -> PointwiseKernel
        init<F: PointwiseFunction>(_ f: F) {
            kernel = { PointwiseKernel(count: $0, f) }
            value = f.value
            gradient = { f.gradient(x: $0, y: $1, dy: $2) }
        }
    }
}
