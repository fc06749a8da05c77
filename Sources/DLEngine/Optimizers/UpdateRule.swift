/// An optimizer's update equations for one step of one parameter, on sixteen elements at a time: what
/// tells SGD, RMSProp, Adam and AdamW apart. Everything else, walking the parameters, keeping their
/// state, vectorizing, splitting large parameters across threads, and the fused update inside the dense
/// training step, is shared (``ElementwiseOptimizer``, ``UpdateLoop``).
///
/// A rule is made once per parameter and step (``ElementwiseOptimizer/rule(step:)``), with everything
/// that depends on the hyperparameters and the step count worked out: the loop then only runs
/// ``apply(_:_:_:)``. MLX Swift's `applySingle(gradient:parameter:state:)` is the same idea.
protocol UpdateRule {
    /// The new θ from θ and its gradient g, updating the state vectors in `slots` (the optimizer's
    /// ``ElementwiseOptimizer/slotNames``, in order) in place. Lanes compute independently.
    func apply(_ theta: Lanes.Vector, _ g: Lanes.Vector, _ slots: inout UpdateSlots) -> Lanes.Vector
}

/// The state vectors of sixteen elements (velocity; m, v, v^max; ...): at most three per optimizer.
struct UpdateSlots {
    var first = Lanes.Vector.zero, second = Lanes.Vector.zero, third = Lanes.Vector.zero
}

/// Where one parameter's values, gradient and state lie: `rows` rows of `count` elements, `stride` apart
/// (one row for a tensor; the fused dense step keeps padded rows). The slot buffers have the parameter's
/// layout; `slotCount` of them are used.
struct UpdateBuffers {
    var theta: UnsafeMutablePointer<Float>
    var gradient: UnsafePointer<Float>
    var slots: (UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?)
    var slotCount: Int
    var rows = 1
    var count: Int
    var stride: Int
    /// Whether every row is readable and writable up to a whole vector past `count` (the fused dense
    /// step's zero padding): then whole vectors are loaded, and a lane mask keeps the padding as it is.
    var isPadded = false
}

/// The loop that runs an ``UpdateRule`` over a parameter, sixteen elements at a time (``Lanes``).
enum UpdateLoop {
    /// Applies `rule` to every element of `buffers`. One row of at least `ParallelLoop.threshold`
    /// elements is split across the thread pool in contiguous runs of whole vectors: every element is
    /// computed by exactly one call with the same arithmetic, so the bits do not depend on the threads.
    @inline(__always)
    static func run<Rule: UpdateRule>(_ rule: Rule, _ b: UpdateBuffers) {
        if b.isPadded {
            for r in 0 ..< b.rows { padded(rule, b, offset: r &* b.stride) }
            return
        }
        for r in 0 ..< b.rows {
            let base = r &* b.stride
            Lanes.forEachChunk(count: b.count) { chunk in
                let at = Lanes.Chunk(offset: base &+ chunk.offset, valid: chunk.valid)
                vector(rule, b, at)
            }
        }
    }

    /// One chunk of an unpadded buffer: a partial chunk loads zeros into the missing lanes, which are
    /// computed and never stored.
    @inline(__always)
    private static func vector<Rule: UpdateRule>(_ rule: Rule, _ b: UpdateBuffers, _ chunk: Lanes.Chunk) {
        let end = chunk.offset &+ chunk.valid
        let theta = UnsafeMutableBufferPointer(start: b.theta, count: end)
        var slots = UpdateSlots()
        if b.slotCount > 0, let s = b.slots.0 { slots.first = chunk.load(UnsafeBufferPointer(start: s, count: end)) }
        if b.slotCount > 1, let s = b.slots.1 { slots.second = chunk.load(UnsafeBufferPointer(start: s, count: end)) }
        if b.slotCount > 2, let s = b.slots.2 { slots.third = chunk.load(UnsafeBufferPointer(start: s, count: end)) }
        let next = rule.apply(chunk.load(theta), chunk.load(UnsafeBufferPointer(start: b.gradient, count: end)), &slots)
        if b.slotCount > 0, let s = b.slots.0 { chunk.store(slots.first, into: UnsafeMutableBufferPointer(start: s, count: end)) }
        if b.slotCount > 1, let s = b.slots.1 { chunk.store(slots.second, into: UnsafeMutableBufferPointer(start: s, count: end)) }
        if b.slotCount > 2, let s = b.slots.2 { chunk.store(slots.third, into: UnsafeMutableBufferPointer(start: s, count: end)) }
        chunk.store(next, into: theta)
    }

    /// One padded row: whole vectors, the last one's lanes past `count` kept by a mask.
    @inline(__always)
    private static func padded<Rule: UpdateRule>(_ rule: Rule, _ b: UpdateBuffers, offset row: Int) {
        typealias Vector = Lanes.Vector
        @inline(__always)
        func vector(_ offset: Int, keeping keep: SIMDMask<SIMD16<Int32>>?) {
            let at = row &+ offset
            let pv = UnsafeMutableRawPointer(b.theta + at)
            let theta = pv.loadUnaligned(as: Vector.self)
            let g = UnsafeRawPointer(b.gradient + at).loadUnaligned(as: Vector.self)
            var slots = UpdateSlots()
            if b.slotCount > 0, let s = b.slots.0 { slots.first = UnsafeRawPointer(s + at).loadUnaligned(as: Vector.self) }
            if b.slotCount > 1, let s = b.slots.1 { slots.second = UnsafeRawPointer(s + at).loadUnaligned(as: Vector.self) }
            if b.slotCount > 2, let s = b.slots.2 { slots.third = UnsafeRawPointer(s + at).loadUnaligned(as: Vector.self) }
            let old = slots
            var next = rule.apply(theta, g, &slots)
            if let keep {
                next.replace(with: theta, where: keep)
                slots.first.replace(with: old.first, where: keep)
                slots.second.replace(with: old.second, where: keep)
                slots.third.replace(with: old.third, where: keep)
            }
            if b.slotCount > 0, let s = b.slots.0 { UnsafeMutableRawPointer(s + at).storeBytes(of: slots.first, as: Vector.self) }
            if b.slotCount > 1, let s = b.slots.1 { UnsafeMutableRawPointer(s + at).storeBytes(of: slots.second, as: Vector.self) }
            if b.slotCount > 2, let s = b.slots.2 { UnsafeMutableRawPointer(s + at).storeBytes(of: slots.third, as: Vector.self) }
            pv.storeBytes(of: next, as: Vector.self)
        }
        var offset = 0
        while offset &+ 16 <= b.count {
            vector(offset, keeping: nil)
            offset &+= 16
        }
        if offset < b.count {
            let lanes = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
            vector(offset, keeping: lanes .>= SIMD16<Int32>(repeating: Int32(truncatingIfNeeded: b.count &- offset)))
        }
    }
}
