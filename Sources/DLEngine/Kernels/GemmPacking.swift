// Packing for `Gemm`: copies a block of op(A) or op(B) into the order the micro-kernel reads it.
//
// A packed block is a run of slivers. A sliver covers `width` consecutive rows of op(A) (or columns of
// op(B)) over `kc` steps of k, stored step-major: `width` values for step 0, then step 1, ... so the
// micro-kernel reads both operands strictly forward. The last sliver is padded with zeros up to `width`,
// which lets the micro-kernel always compute a full tile (the padding lands in rows/columns of the tile
// that are never written back).
//
// Transposes are absorbed here: the caller describes the source by two strides, and the same two loops
// serve all four cases, so a transposed operand costs the same as a plain one.

extension Gemm {
    /// A block of a strided source matrix: element (i, p), with i along the sliver width (a row of op(A)
    /// or a column of op(B)) and p along k, is at `base[i * strideI + p * strideP]`.
    struct Source: @unchecked Sendable {
        // @unchecked: a read-only view of caller memory that outlives the `multiply` call.
        var base: UnsafePointer<Float>
        var strideI: Int
        var strideP: Int

        @inline(__always)
        func offset(i: Int, p: Int) -> UnsafePointer<Float> { base + i * strideI + p * strideP }
    }

    /// Packs `count` rows (i in i0..<i0+count) over steps p0..<p0+kc into ceil(count / width) slivers.
    ///
    /// - Parameters:
    ///   - out: room for `ceil(count / width) * width * kc` floats; sliver s starts at `s * width * kc`.
    ///   - width: the micro-kernel's MR (for A) or NR (for B); a multiple of 16 when `strideI == 1` is fast.
    static func pack(
        _ src: Source, i0: Int, count: Int, p0: Int, kc: Int, width: Int, into out: UnsafeMutablePointer<Float>
    ) {
        var out = out
        var i = 0
        while i < count {
            let rows = min(width, count - i)
            if src.strideI == 1 {
                packUnitStrideI(src.offset(i: i0 + i, p: p0), strideP: src.strideP, rows: rows, kc: kc,
                                width: width, into: out)
            } else {
                packUnitStrideP(src.offset(i: i0 + i, p: p0), strideI: src.strideI, rows: rows, kc: kc,
                                width: width, into: out)
            }
            out += width * kc
            i += width
        }
    }

    /// One sliver whose rows are contiguous within a step (plain B, transposed A): a copy per step.
    @inline(__always)
    private static func packUnitStrideI(
        _ src: UnsafePointer<Float>, strideP: Int, rows: Int, kc: Int, width: Int,
        into out: UnsafeMutablePointer<Float>
    ) {
        if rows == width && width % 16 == 0 {
            for p in 0..<kc {
                let s = src + p * strideP, d = out + p * width
                var j = 0
                while j < width { MicroKernel.store(MicroKernel.load(s + j), d + j); j += 16 }
            }
        } else {
            for p in 0..<kc {
                let s = src + p * strideP, d = out + p * width
                for j in 0..<rows { d[j] = s[j] }
                for j in rows..<width { d[j] = 0 }
            }
        }
    }

    /// One sliver whose steps are contiguous within a row (plain A, transposed B): a transpose.
    @inline(__always)
    private static func packUnitStrideP(
        _ src: UnsafePointer<Float>, strideI: Int, rows: Int, kc: Int, width: Int,
        into out: UnsafeMutablePointer<Float>
    ) {
        // A compile-time width lets the compiler unroll the scatter of each vector's 16 lanes.
        switch (rows == width, width) {
        case (true, 8): transpose(src, strideI: strideI, rows: 8, kc: kc, width: 8, into: out)
        case (true, 6): transpose(src, strideI: strideI, rows: 6, kc: kc, width: 6, into: out)
        case (true, 16): transpose(src, strideI: strideI, rows: 16, kc: kc, width: 16, into: out)
        case (true, 32): transpose(src, strideI: strideI, rows: 32, kc: kc, width: 32, into: out)
        default: transpose(src, strideI: strideI, rows: rows, kc: kc, width: width, into: out)
        }
        if rows < width {
            for p in 0..<kc {
                let d = out + p * width
                for r in rows..<width { d[r] = 0 }
            }
        }
    }

    /// Rows 0..<rows of the sliver: sixteen steps of each row are read as one vector and scattered to
    /// their step slots (reading row by row keeps the loads sequential).
    @inline(__always)
    private static func transpose(
        _ src: UnsafePointer<Float>, strideI: Int, rows: Int, kc: Int, width: Int,
        into out: UnsafeMutablePointer<Float>
    ) {
        var p = 0
        while p + 16 <= kc {
            let d = out + p * width
            for r in 0..<rows {
                let v = MicroKernel.load(src + r * strideI + p)
                for q in 0..<16 { d[q * width + r] = v[q] }
            }
            p += 16
        }
        while p < kc {
            let d = out + p * width
            for r in 0..<rows { d[r] = src[r * strideI + p] }
            p += 1
        }
    }
}
