@preconcurrency import CReadline
@preconcurrency import Glibc

/// The REPL's persistent history: `$DLNB_HISTORY`, else `${XDG_STATE_HOME:-~/.local/state}/dlnb/history`.
/// Loaded at start, appended to after every entry (so a crash or a closed terminal loses nothing, and two
/// REPLs running at once both keep theirs), and cut to the last ``limit`` entries at start.
/// `DLNB_HISTORY=` (empty) keeps no history file.
struct HistoryFile {
    static let limit: Int32 = 5000
    let path: String?

    init(environment: [String: String]) {
        path = HistoryFile.path(environment: environment)
    }

    static func path(environment: [String: String]) -> String? {
        if let explicit = environment["DLNB_HISTORY"] { return explicit.isEmpty ? nil : explicit }
        let state: String
        if let xdg = environment["XDG_STATE_HOME"], !xdg.isEmpty {
            state = xdg
        } else if let home = environment["HOME"], !home.isEmpty {
            state = home + "/.local/state"
        } else {
            return nil
        }
        return state + "/dlnb/history"
    }

    /// Reads the file into readline's history (creating its folder and the file if missing).
    func load() {
        stifle_history(HistoryFile.limit)
        guard let path else { return }
        HistoryFile.makeFolders(for: path)
        if access(path, F_OK) != 0 {
            // append_history needs an existing file; write_history creates an empty one.
            _ = write_history(path)
        }
        _ = read_history(path)
        _ = history_truncate_file(path, HistoryFile.limit)
        using_history()
    }

    /// Adds an entry, skipping blanks and a repeat of the previous entry, and appends it to the file.
    func add(_ entry: String) {
        guard entry.contains(where: { !$0.isWhitespace }) else { return }
        if history_length > 0, let last = history_get(history_base + history_length - 1),
           let line = last.pointee.line, String(cString: line) == entry {
            using_history()
            return
        }
        add_history(entry)
        using_history()
        if let path { _ = append_history(1, path) }
    }

    /// `mkdir -p` of the file's folder; failures are left for read/append to report by doing nothing.
    private static func makeFolders(for path: String) {
        var folder = ""
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        for (index, part) in parts.enumerated() {
            folder += (index == 0 ? "" : "/") + part
            if !folder.isEmpty { _ = mkdir(folder, 0o755) }
        }
    }
}
