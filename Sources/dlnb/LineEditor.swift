@preconcurrency import CReadline
@preconcurrency import Glibc
import Synchronization

/// Reads lines at the terminal with GNU readline (editing, history, Ctrl-R, Tab), through readline's
/// callback interface: the editor waits in `poll` and feeds readline one character at a time. Waiting in
/// our own loop is what makes Ctrl-C at the prompt dependable: the SIGINT handler only counts (see
/// ``Interrupts``), `poll` returns `EINTR`, and the loop throws the line away and prompts again; readline
/// itself never handles a signal (`rl_catch_signals = 0`).
final class LineEditor {
    enum Result {
        case line(String)
        /// Ctrl-C: the line was thrown away.
        case interrupted
        /// Ctrl-D on an empty line, or the terminal went away.
        case endOfInput
    }

    /// What readline's line handler received; a C callback cannot capture, and readline is
    /// single-threaded, so a main-thread-only global is safe.
    private enum Received { case nothing, line(String), end }
    nonisolated(unsafe) private static var received = Received.nothing

    /// Set by the SIGWINCH handler; the loop then tells readline the new size.
    private static let resized = Atomic<Bool>(false)

    init() {
        rl_readline_name = UnsafePointer(strdup("dlnb"))  // for `$if dlnb` in ~/.inputrc
        rl_catch_signals = 0
        rl_catch_sigwinch = 0
        // Prompts go where the person looks: stderr when stdout is redirected to a file.
        if isatty(STDOUT_FILENO) == 0 { rl_outstream = fdopen(STDERR_FILENO, "w") }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in LineEditor.resized.store(true, ordering: .relaxed) }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGWINCH, &action, nil)
    }

    /// Reads one line after `prompt`.
    func read(prompt: String) -> Result {
        LineEditor.received = .nothing
        Interrupts.reset()
        Interrupts.phase = .atPrompt
        rl_callback_handler_install(prompt) { line in
            // Removed here, inside the handler: otherwise readline prepares the next line at once and
            // shows the prompt again before the statement has run and printed anything.
            rl_callback_handler_remove()
            if let line {
                LineEditor.received = .line(String(cString: line))
                free(line)
            } else {
                LineEditor.received = .end
            }
        }
        defer { Interrupts.phase = .waiting }
        while true {
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, -1)
            if ready < 0 {
                guard errno == EINTR else {
                    rl_callback_handler_remove()
                    return .endOfInput
                }
                if LineEditor.resized.exchange(false, ordering: .relaxed) { rl_resize_terminal() }
                if Interrupts.requested { return cancelLine() }
                continue
            }
            rl_callback_read_char()
            switch LineEditor.received {
            case .nothing: continue
            case .line(let text): return .line(text)
            case .end: return .endOfInput
            }
        }
    }

    /// Ctrl-C at the prompt: show `^C` after the line, drop it with any undo or search state, and start
    /// a new line. `^C` is written while the terminal is still readline's: restoring it moves the cursor
    /// to the start of the line (a `\r`), and the newline must come after that.
    private func cancelLine() -> Result {
        rl_point = rl_end
        rl_redisplay()
        let stream = rl_outstream
        if let stream {
            fputs("^C", stream)
            fflush(stream)
        }
        rl_free_line_state()
        rl_callback_sigcleanup()
        rl_cleanup_after_signal()
        rl_callback_handler_remove()
        if let stream {
            fputs("\n", stream)
            fflush(stream)
        }
        using_history()
        Interrupts.reset()
        return .interrupted
    }
}
