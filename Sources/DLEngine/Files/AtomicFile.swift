#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Writing files atomically: to a temporary file beside the target, then renamed over it, so that an
/// interrupted write never leaves a truncated file behind.
///
/// - A symbolic link is followed: the file it points to is replaced, and the link stays.
/// - A file that exists keeps its permission bits; a new one gets the usual `0666 & ~umask`.
/// - The temporary file (`.NAME.PID.dlnb-partial`) is removed when the write fails, and one left by a
///   process that was killed while saving is removed by the next save of the same file.
public enum AtomicFile {
    /// Writes `data` to `path` atomically.
    /// - Throws: ``EngineError/file(path:_:)`` when the folder does not exist, is not writable, or
    ///   `path` is a folder.
    public static func write(_ data: Data, to path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw EngineError.file(path: path, "is a folder, not a file")
        }
        let target = destination(of: path)
        let folder = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        let directory = folder.isEmpty ? "." : folder
        guard FileManager.default.fileExists(atPath: directory) else {
            throw EngineError.file(path: path, "the folder \(directory) does not exist")
        }
        removeAbandonedPartials(of: name, in: directory)
        let temporary = (directory as NSString).appendingPathComponent(".\(name).\(getpid()).dlnb-partial")
        var existing = stat()
        let mode: mode_t? = stat(target, &existing) == 0 ? existing.st_mode & 0o7777 : nil
        do {
            try writeFile(data, to: temporary, mode: mode)
            guard rename(temporary, target) == 0 else { throw POSIXFailure(code: errno) }
        } catch {
            unlink(temporary)
            let reason = (error as? POSIXFailure).map { String(cString: strerror($0.code)) } ?? "\(error)"
            throw EngineError.file(path: path, "cannot write the file (\(reason))")
        }
    }

    private struct POSIXFailure: Error { let code: Int32 }

    /// The file a path names: itself, or what its chain of symbolic links ends at (a dangling link's target).
    private static func destination(of path: String) -> String {
        var current = path
        for _ in 0 ..< 40 {  // the kernel's own limit on links followed (ELOOP)
            guard let next = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { return current }
            current = next.hasPrefix("/") ? next
                : (((current as NSString).deletingLastPathComponent) as NSString).appendingPathComponent(next)
        }
        return current
    }

    /// Writes all of `data` to a new file at `path` with `mode` (or the default one), and flushes it.
    private static func writeFile(_ data: Data, to path: String, mode: mode_t?) throws {
        unlink(path)  // a partial file of this process's own, from an earlier failed attempt
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw POSIXFailure(code: errno) }
        defer { close(descriptor) }
        if let mode, fchmod(descriptor, mode) != 0 { throw POSIXFailure(code: errno) }
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw POSIXFailure(code: errno)
                }
                offset += written
            }
        }
        guard fsync(descriptor) == 0 else { throw POSIXFailure(code: errno) }
    }

    /// Removes `.NAME.PID.dlnb-partial` files in `folder` whose process no longer runs.
    private static func removeAbandonedPartials(of name: String, in folder: String) {
        let prefix = ".\(name).", suffix = ".dlnb-partial"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for entry in entries where entry.hasPrefix(prefix) && entry.hasSuffix(suffix) {
            let middle = entry.dropFirst(prefix.count).dropLast(suffix.count)
            guard let pid = Int32(middle), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            unlink((folder as NSString).appendingPathComponent(entry))
        }
    }

    /// Reads the whole file at `path`.
    /// - Throws: ``EngineError/file(path:_:)`` when it is missing, a folder or unreadable.
    public static func read(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw EngineError.file(path: path, "no such file")
        }
        if isDirectory.boolValue { throw EngineError.file(path: path, "is a folder, not a file") }
        // Read with POSIX calls, growing the buffer as bytes arrive, so that a file larger than the memory
        // available (or one without end, such as a device) is refused instead of read to exhaustion.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw EngineError.file(path: path, "cannot read the file (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        var info = stat()
        let expected = fstat(descriptor, &info) == 0 ? Swift.max(0, Int(info.st_size)) : 0
        var available = expected > MemoryBudget.smallRequest ? MemoryBudget.availableBytes() : Int.max
        func tooLarge(_ size: Int) -> EngineError {
            EngineError.file(path: path, "the file holds \(expected > 0 ? "" : "at least ")\(EngineError.bytes(Double(size))), "
                + "more than the \(EngineError.bytes(Double(available))) of memory available")
        }
        if expected > MemoryBudget.smallRequest, expected > available { throw tooLarge(expected) }
        var bytes = [UInt8](repeating: 0, count: Swift.max(expected + 1, 4096))
        var count = 0
        while true {
            if count == bytes.count {
                if bytes.count > MemoryBudget.smallRequest {
                    available = MemoryBudget.availableBytes()
                    if 2 * bytes.count > available { throw tooLarge(2 * bytes.count) }
                }
                bytes += [UInt8](repeating: 0, count: bytes.count)
            }
            let got = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + count, $0.count - count) }
            if got == 0 { break }
            if got < 0 {
                if errno == EINTR { continue }
                throw EngineError.file(path: path, "cannot read the file (\(String(cString: strerror(errno))))")
            }
            count += got
        }
        return Data(bytes[..<count])
    }
}
