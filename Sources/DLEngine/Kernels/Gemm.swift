// TEMPORARY naive kernel, to be replaced by the packed SIMD kernel (same API).
public enum Gemm {
    public static func multiply(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, transposeA: Bool,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool
    ) {
        for i in 0 ..< m {
            for j in 0 ..< n {
                var s: Float = accumulate ? c[i * ldc + j] : 0
                for p in 0 ..< k {
                    let x = transposeA ? a[p * lda + i] : a[i * lda + p]
                    let y = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                    s += x * y
                }
                c[i * ldc + j] = s
            }
        }
    }
}
