@preconcurrency import Glibc
import Synchronization

/// Ctrl-C. The signal handler only counts presses and, where waiting is pointless, exits; everything
/// else reads the count from ordinary code. The count is an atomic because the handler runs between
/// any two instructions of the main thread.
///
/// What a press does depends on ``phase``:
/// - at the REPL's prompt: nothing here; the REPL sees the count, clears the line and prompts again;
/// - during a statement: the first press asks the statement to stop (`fit` stops after the batch it is
///   in, keeping what it learnt); a second press exits with 130 at once, for statements that never
///   poll (a huge matrix product);
/// - anywhere else (reading a script from a pipe, between `-e` statements): exit with 130 at once.
enum Interrupts {
    enum Phase: Int {
        case waiting = 0
        case atPrompt = 1
        case running = 2
    }

    private static let presses = Atomic<Int>(0)
    private static let currentPhase = Atomic<Int>(Phase.waiting.rawValue)

    /// Installs the SIGINT handler. `SA_RESTART` keeps ordinary reads and writes from failing with
    /// `EINTR`; `poll`, which the REPL waits in, returns `EINTR` regardless, which is how it notices.
    static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            let count = Interrupts.presses.add(1, ordering: .relaxed).newValue
            let phase = Interrupts.currentPhase.load(ordering: .relaxed)
            if phase == Phase.waiting.rawValue || (phase == Phase.running.rawValue && count >= 2) {
                // Only async-signal-safe calls here: write(2) and _exit(2).
                _ = write(2, "\n", 1)
                _exit(130)  // ExitCode.interrupted, written out: reading a static may run its lazy initializer
            }
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
        // A parent may start dlnb with SIGINT blocked (threads of a dispatch pool block signals, and a
        // spawned child inherits the mask): unblock it, or Ctrl-C would never arrive.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        sigaddset(&unblocked, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
    }

    static var phase: Phase {
        get { Phase(rawValue: currentPhase.load(ordering: .relaxed)) ?? .waiting }
        set { currentPhase.store(newValue.rawValue, ordering: .relaxed) }
    }

    /// Whether Ctrl-C was pressed since the last ``reset()``.
    static var requested: Bool { presses.load(ordering: .relaxed) > 0 }

    /// Forgets earlier presses (before a new prompt or statement).
    static func reset() { presses.store(0, ordering: .relaxed) }
}
