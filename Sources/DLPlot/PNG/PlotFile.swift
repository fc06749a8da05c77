import Foundation

/// Writing and reading the files of plots. Writes are atomic: the bytes go to a temporary file in the
/// same folder, which is then renamed over the target, so an interrupted write never leaves a truncated
/// file.
public enum PlotFile {
    /// Checks, before any drawing, that `path` names a file that can be created in an existing folder.
    /// - Throws: ``PlotError/file(path:_:)`` for an empty path, a folder, or a missing folder.
    public static func checkWritable(_ path: String) throws {
        guard !path.isEmpty else { throw PlotError.file(path: path, "the file name is empty") }
        var isFolder: ObjCBool = false
        if path.hasSuffix("/") || (FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue) {
            throw PlotError.file(path: path, "is a folder, not a file")
        }
        let folder = self.folder(of: path)
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else {
            throw PlotError.file(path: path, "the folder \(folder) does not exist")
        }
        guard isFolder.boolValue else { throw PlotError.file(path: path, "\(folder) is not a folder") }
    }

    /// Writes `bytes` to `path` atomically.
    /// - Throws: ``PlotError/file(path:_:)`` when the folder is missing or not writable, or `path` is a
    ///   folder.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try checkWritable(path)
        var template = Array((path + ".tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure(path, "cannot create a file in \(folder(of: path))") }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Foundation.write(fd, raw.baseAddress! + written, raw.count - written)
            }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                let error = failure(path, "cannot write the file")
                close(fd)
                unlink(temporary)
                throw error
            }
            written += n
        }
        // mkstemp makes the file private (0600); a plot is an ordinary file.
        _ = fchmod(fd, 0o644)
        guard close(fd) == 0 else {
            let error = failure(path, "cannot write the file")
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = failure(path, "cannot replace the file")
            unlink(temporary)
            throw error
        }
    }

    /// The bytes of the file at `path`.
    /// - Throws: ``PlotError/file(path:_:)`` when it is missing, a folder or unreadable.
    public static func read(_ path: String) throws -> [UInt8] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw PlotError.file(path: path, "no such file")
        }
        if isFolder.boolValue { throw PlotError.file(path: path, "is a folder, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PlotError.file(path: path, "cannot read the file")
        }
        return [UInt8](data)
    }

    private static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// An error for `path` with the system's reason for the last failure.
    private static func failure(_ path: String, _ what: String) -> PlotError {
        .file(path: path, "\(what) (\(String(cString: strerror(errno))))")
    }
}
