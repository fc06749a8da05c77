@preconcurrency import CReadline
@preconcurrency import Glibc
import DLScript

/// Tab completion through readline's `rl_attempted_completion_function`. Readline calls plain C
/// functions, which cannot capture anything, so what they need lives in ``TabCompletion/state``.
enum TabCompletion {
    /// What the callbacks read and write.
    final class State {
        var session: Session?
        /// Lines of an unfinished input typed before the current one (a call opened on an earlier line).
        var earlierLines = ""
        /// The REPL's `:` commands.
        var commands: [String] = []
        /// The candidates that the generator hands to readline one by one.
        var candidates: [String] = []
        var next = 0
    }

    /// Safe as a mutable global because readline is single-threaded: the callbacks run only inside
    /// `rl_callback_read_char` on the main thread, which is also the only thread that sets the fields.
    nonisolated(unsafe) static var state = State()

    /// The word-break sets readline reads; C strings that must outlive every completion.
    private nonisolated(unsafe) static let codeBreaks = strdup(Completion.wordBreakCharacters)
    private nonisolated(unsafe) static let commandBreaks = strdup(" \t")

    /// Hooks the completion into readline.
    static func install() {
        rl_basic_word_break_characters = UnsafePointer(codeBreaks)
        // Inside an open quote the word starts after the quote, whatever break characters it holds
        // (`"notebooks/spiral.dl` is one word), and readline closes the quote after a file name.
        rl_completer_quote_characters = UnsafePointer(strdup("\"'"))
        rl_completion_word_break_hook = {
            // `:load notebooks/spiral.dlnb`: only blanks separate the words of a REPL command.
            let line = rl_line_buffer.map { String(cString: $0) } ?? ""
            let isCommand = TabCompletion.state.earlierLines.isEmpty && line.hasPrefix(":")
            return isCommand ? TabCompletion.commandBreaks : TabCompletion.codeBreaks
        }
        rl_attempted_completion_function = { text, start, _ in
            rl_attempted_completion_over = 1  // no fall-back to readline's own file-name completion
            let word = text.map { String(cString: $0) } ?? ""
            let before = TabCompletion.lineBefore(Int(start))
            let state = TabCompletion.state
            var candidates: [String] = []
            var files = false
            var space = false
            let line = rl_line_buffer.map { String(cString: $0) } ?? ""
            if state.earlierLines.isEmpty, line.drop(while: { $0 == " " }).hasPrefix(":") {
                let trimmed = before.drop(while: { $0 == " " })
                if trimmed.isEmpty {
                    candidates = state.commands.filter { $0.hasPrefix(word) }
                    space = true
                } else {
                    files = trimmed.hasPrefix(":save ") || trimmed.hasPrefix(":load ")
                }
            } else if let session = state.session {
                let context = state.earlierLines.isEmpty ? before : state.earlierLines + "\n" + before
                let completion = session.completion(of: word, after: context)
                candidates = completion.candidates
                files = completion.completesFileNames
                space = completion.spaceAfterSingle
            }
            if files {
                rl_filename_completion_desired = 1
                return rl_completion_matches(text, rl_filename_completion_function)
            }
            if !space { rl_completion_append_character = 0 }
            state.candidates = candidates
            state.next = 0
            return rl_completion_matches(text) { _, _ in
                let state = TabCompletion.state
                guard state.next < state.candidates.count else { return nil }
                state.next += 1
                return strdup(state.candidates[state.next - 1])  // readline frees it
            }
        }
    }

    /// The current line up to byte offset `end` (readline counts bytes of UTF-8).
    private static func lineBefore(_ end: Int) -> String {
        guard let buffer = rl_line_buffer, end > 0 else { return "" }
        let count = min(end, Int(rl_end))
        return buffer.withMemoryRebound(to: UInt8.self, capacity: count) {
            String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
        }
    }
}
