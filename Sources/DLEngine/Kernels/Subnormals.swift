#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Training computes with subnormal floats flushed to zero, as TensorFlow does on CPUs: the processor's
/// flush-to-zero and denormals-are-zero modes (x86's MXCSR FTZ and DAZ, ARM's FPCR FZ) are on for the
/// duration of `fit` (``flushing(_:)``), on the calling thread and on every helper thread that computes a
/// part of its products.
///
/// Why: an arithmetic operation that reads or produces a subnormal (a float under 1.2·10⁻³⁸) takes a
/// microcode assist on x86, about a hundred times the cost of a normal one. Training makes them
/// routinely: weight decay shrinks the weights of a dead ReLU unit geometrically (0.999 per step reaches
/// 10⁻³⁸ after about 87,000 steps), and softmax's probabilities of the wrong classes underflow once a model
/// is confident. 10,000 epochs of the seed article's spiral took 3.1 s without this and take 0.28 s with it.
/// Flushed, such a value is 0, which is what it is worth to the model.
///
/// Determinism: the mode belongs to a thread, so ``GemmWorkers`` hands each job the caller's mode and a
/// helper switches to it before computing a part: a product has the same bits whatever the number of
/// threads, flushed or not. Outside `fit` (statements typed at the prompt, a loop written by hand) floats
/// behave as IEEE 754 says, as in NumPy and PyTorch. A thread created during a fit starts in the fit's
/// mode (Linux copies it to the new thread); the pool's helpers put theirs back when they start, and the
/// language runs its statements on one thread.
public enum Subnormals {
    /// Whether the calling thread flushes (kept beside the hardware mode, which is slow to read).
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        // A failure leaves key 0, which no thread has set: `areFlushed` is then always false and
        // `setFlushed` still switches the hardware mode.
        _ = pthread_key_create(&key, nil)
        return key
    }()

    /// Whether the calling thread flushes subnormals to zero (inside ``flushing(_:)``).
    public static var areFlushed: Bool { pthread_getspecific(key) != nil }

    /// Runs `body` with subnormals flushed to zero on this thread, then puts the previous mode back.
    public static func flushing<Result>(_ body: () throws -> Result) rethrows -> Result {
        guard !areFlushed else { return try body() }
        setFlushed(true)
        defer { setFlushed(false) }
        return try body()
    }

    /// Switches the calling thread's mode (``GemmWorkers`` for its helpers; everyone else
    /// ``flushing(_:)``).
    static func setFlushed(_ on: Bool) {
        #if canImport(Glibc) && arch(x86_64)
        var environment = fenv_t()
        fegetenv(&environment)
        // MXCSR bit 15: flush-to-zero (subnormal results become 0); bit 6: denormals-are-zero (subnormal
        // operands are read as 0).
        let bits: UInt32 = 0x8040
        environment.__mxcsr = on ? environment.__mxcsr | bits : environment.__mxcsr & ~bits
        fesetenv(&environment)
        #elseif canImport(Glibc) && arch(arm64)
        var environment = fenv_t()
        fegetenv(&environment)
        // FPCR bit 24: flush-to-zero, for both operands and results.
        let bit: UInt32 = 1 << 24
        environment.__fpcr = on ? environment.__fpcr | bit : environment.__fpcr & ~bit
        fesetenv(&environment)
        #endif
        pthread_setspecific(key, on ? UnsafeRawPointer(bitPattern: 1) : nil)
    }
}
