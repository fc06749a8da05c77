#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Gemm {
    /// A micro-kernel shape: MR rows × NR columns of C per call (see `GemmMicroKernel.swift`).
    ///
    /// The shape changes speed only, never results: every shape sums each element in the same order.
    enum Tile: Sendable {
        case t8x32, t6x16

        var mr: Int { self == .t8x32 ? 8 : 6 }
        var nr: Int { self == .t8x32 ? 32 : 16 }

        /// 8×32 where the CPU has 32 vector registers of 16 floats (AVX-512), else 6×16.
        static let forThisMachine: Tile = cpuHasAVX512() ? .t8x32 : .t6x16

        /// C tile = Ã·B̃ (+ C when `addToC`) for the top-left `rows` × `cols` of an MR × NR tile.
        /// A partial tile at the bottom or right edge of C is computed whole into a scratch tile (the packed
        /// slivers are zero-padded) and only its valid part is added to C, in the same order as a full tile.
        @inline(__always)
        func run(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>,
                 ldc: Int, rows: Int, cols: Int, addToC: Bool) {
            if rows == mr && cols == nr {
                full(kc: kc, a: a, b: b, c: c, ldc: ldc, addToC: addToC)
                return
            }
            let nr = self.nr
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 8 * 32) { scratch in
                let t = scratch.baseAddress!
                full(kc: kc, a: a, b: b, c: t, ldc: nr, addToC: false)
                for i in 0..<rows {
                    let ci = c + i * ldc, ti = t + i * nr
                    if addToC { for j in 0..<cols { ci[j] = ti[j] + ci[j] } }
                    else { for j in 0..<cols { ci[j] = ti[j] } }
                }
            }
        }

        @inline(__always)
        func full(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>,
                  ldc: Int, addToC: Bool) {
            switch self {
            case .t8x32: MicroKernel.kernel8x32(kc: kc, a: a, b: b, c: c, ldc: ldc, addToC: addToC)
            case .t6x16: MicroKernel.kernel6x16(kc: kc, a: a, b: b, c: c, ldc: ldc, addToC: addToC)
            }
        }
    }
}

/// Whether /proc/cpuinfo lists AVX-512F. Only picks the faster tile; a wrong answer costs speed, not
/// correctness (false where there is no /proc, e.g. macOS).
private func cpuHasAVX512() -> Bool {
    guard let file = fopen("/proc/cpuinfo", "r") else { return false }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 4096)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("flags") { return text.contains(" avx512f") }
    }
    return false
}
