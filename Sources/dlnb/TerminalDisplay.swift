@preconcurrency import Glibc
import DLPlot
import DLScript
import Foundation

/// Shows pictures in the terminal for `show` and `:images on`. Attached only when standard output is a
/// terminal: in a pipe, a log or a notebook replay nothing is drawn, so transcripts stay byte-stable.
///
/// The protocol is found on the first picture, not at start-up (a query would otherwise delay every
/// start): the environment first (``TerminalGraphics/detect(environment:isTerminal:deviceAttributes:tmuxPassthrough:)``),
/// and, when it names no graphics terminal, a primary device attributes query (`ESC [ c`) answered
/// within 300 ms, whose feature 4 means sixel (xterm -ti vt340, mlterm, WezTerm, foot, ...).
final class TerminalDisplay {
    private var graphics: TerminalGraphics?
    private let environment = ProcessInfoLite.environment()

    /// Attaches a display to `session` when standard output is a terminal; returns it (or nil).
    @discardableResult
    static func attach(to session: Session) -> TerminalDisplay? {
        guard isatty(STDOUT_FILENO) != 0 else { return nil }
        let display = TerminalDisplay()
        session.onShowImage = { [display] image, name in display.show(image, name: name) }
        return display
    }

    /// The protocol in use (detected now if not yet).
    var current: TerminalGraphics {
        if let graphics { return graphics }
        if let wrong = TerminalGraphics.unknownOverride(in: environment) {
            printError("DLNB_IMAGES=\(wrong) is not one of kitty, iterm, sixel, blocks, off; detecting the terminal instead")
        }
        var detected = TerminalGraphics.detect(environment: environment, isTerminal: true)
        let overridden = environment["DLNB_IMAGES"].flatMap { TerminalGraphics.Kind(rawValue: $0.lowercased()) } != nil
        let inTmux = !(environment["TMUX"] ?? "").isEmpty
        if inTmux && !overridden {
            // What the outer terminal understands, and whether tmux lets it through.
            var outer = environment
            outer["TMUX"] = nil
            let kind = TerminalGraphics.detect(environment: outer, isTerminal: true).kind
            if kind == .kitty || kind == .iterm {
                detected = TerminalGraphics.detect(environment: environment, isTerminal: true,
                                                   tmuxPassthrough: TerminalDisplay.tmuxAllowsPassthrough())
            }
        } else if !overridden && detected.kind == .blocks {
            detected = TerminalGraphics.detect(environment: environment, isTerminal: true,
                                               deviceAttributes: TerminalDisplay.primaryDeviceAttributes())
        }
        graphics = detected
        return detected
    }

    func show(_ image: TerminalImage, name: String) {
        let graphics = current
        guard graphics.kind != .off else { return }
        var size = winsize()
        let known = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0
        let text = graphics.render(image, name: name, columns: known ? Int(size.ws_col) : 80,
                                   rows: known ? Int(size.ws_row) : 24, pixelWidth: known ? Int(size.ws_xpixel) : 0)
        fflush(nil)
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    /// The terminal's answer to `ESC [ c`, read from /dev/tty without echo, or nil after 300 ms.
    static func primaryDeviceAttributes() -> String? {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        guard tcsetattr(fd, TCSANOW, &raw) == 0 else { return nil }
        defer { tcsetattr(fd, TCSANOW, &saved) }
        let query = Array("\u{1B}[c".utf8)
        guard query.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == query.count else { return nil }
        var reply = [UInt8]()
        let deadline = ContinuousClock.now + .milliseconds(300)
        while ContinuousClock.now < deadline, reply.count < 256 {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let left = deadline - ContinuousClock.now
            let ms = Int32(max(1, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
            guard poll(&poller, 1, ms) > 0 else { break }
            var byte: UInt8 = 0
            guard read(fd, &byte, 1) == 1 else { break }
            reply.append(byte)
            if byte == UInt8(ascii: "c"), reply.contains(UInt8(ascii: "?")) { return String(decoding: reply, as: UTF8.self) }
        }
        return nil
    }

    /// Whether tmux's `allow-passthrough` option is on (tmux 3.3 and later; off by default).
    static func tmuxAllowsPassthrough() -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tmux", "show-options", "-gqv", "allow-passthrough"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        let answer = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return ["on", "all"].contains(answer.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
