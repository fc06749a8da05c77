#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Each thread's pack buffers, kept from one product to the next.
///
/// Allocating them per product (about 1.3 MiB at N ≥ 1024) let glibc serve them with fresh `mmap`
/// pages whenever its threshold for that was low: a page fault on first touch of every 4 KiB, about
/// 0.2 ms per product, a fifth of a 512³ product. How often that happened depended on what the process
/// had freed before (glibc raises the threshold after freeing a large block), so the same product
/// measured 130 or 280 GFLOP/s depending on history. A buffer per thread, grown when a larger product
/// needs more and never shrunk, makes every product after the first fault-free.
final class GemmScratch {
    /// Slot 0: a thread's own pack buffers (A and B of `Job.compute`); slot 1: the packed B that
    /// `runSharingB` shares with the helpers while its caller's slot 0 holds the caller's A.
    private var bases: [UnsafeMutableRawPointer?] = [nil, nil]
    private var capacities = [0, 0]

    deinit { for base in bases { base?.deallocate() } }

    /// At least `bytes` bytes, 64-byte aligned, valid until this thread asks for the same slot again.
    func buffer(slot: Int, bytes: Int) -> UnsafeMutableRawPointer {
        if bytes > capacities[slot] || bases[slot] == nil {
            bases[slot]?.deallocate()
            let grown = Swift.max(bytes, capacities[slot] * 2, 4096)
            bases[slot] = .allocate(byteCount: grown, alignment: 64)
            capacities[slot] = grown
        }
        return bases[slot]!
    }

    /// Room for `count` floats in slot `slot` (as ``buffer(slot:bytes:)``).
    func floats(slot: Int, count: Int) -> UnsafeMutablePointer<Float> {
        buffer(slot: slot, bytes: Swift.max(count, 1) * 4).bindMemory(to: Float.self, capacity: Swift.max(count, 1))
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        // The destructor releases the thread's scratch when the thread ends.
        pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<GemmScratch>.fromOpaque(pointer).release() }
        }
        return key
    }()

    /// The calling thread's scratch.
    static var current: GemmScratch {
        if let pointer = pthread_getspecific(key) {
            return Unmanaged<GemmScratch>.fromOpaque(pointer).takeUnretainedValue()
        }
        let scratch = GemmScratch()
        pthread_setspecific(key, Unmanaged.passRetained(scratch).toOpaque())
        return scratch
    }
}
