@preconcurrency import Glibc

// Writing to stderr by file descriptor: Swift 6 rejects C's `stderr` and `stdout` globals as shared
// mutable state, and stderr is unbuffered anyway.

/// Writes `text` to stderr as it is, after flushing stdout so that the two keep their order in one file.
func writeStandardError(_ text: String) {
    fflush(nil)
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else { return }
        bytes = bytes.dropFirst(written)
    }
}

/// Writes a message and a newline to stderr.
func printError(_ message: String) {
    writeStandardError(message + "\n")
}
