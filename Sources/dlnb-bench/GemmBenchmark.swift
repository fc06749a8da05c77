import DLEngine

/// gemmN: N × N float32 products for N = 64 ... 2048, as in bench_numpy.py's `bench_gemm`: uniform
/// random inputs in [0, 1), one warm-up, reps = max(3, 2e9 / 2N³), GFLOP/s from the mean time per rep.
let gemmWorkload = Workload(name: "gemm") { report in
    var generator = SplitMix64(seed: 0)
    for n in [64, 128, 256, 512, 1024, 2048] {
        let a = (0..<n * n).map { _ in Float.random(in: 0..<1, using: &generator) }
        let b = (0..<n * n).map { _ in Float.random(in: 0..<1, using: &generator) }
        var c = [Float](repeating: 0, count: n * n)
        let flops = 2.0 * Double(n) * Double(n) * Double(n)
        let reps = max(3, Int(2e9 / flops))
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    func product() {
                        Gemm.multiply(m: n, n: n, k: n, a: a.baseAddress!, lda: n, transposeA: false,
                                      b: b.baseAddress!, ldb: n, transposeB: false,
                                      c: c.baseAddress!, ldc: n, accumulate: false)
                    }
                    product()
                    let clock = ContinuousClock()
                    let start = clock.now
                    for _ in 0..<reps { product() }
                    let elapsed = clock.now - start
                    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                    let gflops = flops / (seconds / Double(reps)) / 1e9
                    report(Figure(workload: "gemm\(n)", metric: "gflops", value: (gflops * 100).rounded() / 100))
                }
            }
        }
    }
}

/// A small seeded generator, so every run multiplies the same matrices.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
