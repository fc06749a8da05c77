import Foundation

/// Writing files atomically: to a temporary file beside the target, then renamed over it, so that an
/// interrupted write never leaves a truncated file behind.
public enum AtomicFile {
    /// Writes `data` to `path` atomically.
    /// - Throws: ``EngineError/file(path:_:)`` when the folder does not exist, is not writable, or
    ///   `path` is a folder.
    public static func write(_ data: Data, to path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw EngineError.file(path: path, "is a folder, not a file")
        }
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
                throw EngineError.file(path: path, "the folder \(folder) does not exist")
            }
            throw EngineError.file(path: path, "cannot write the file (\(Self.reason(error)))")
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
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw EngineError.file(path: path, "cannot read the file (\(Self.reason(error)))")
        }
    }

    private static func reason(_ error: Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let code = underlying?.code, underlying?.domain == NSPOSIXErrorDomain, let text = strerror(Int32(code)) {
            return String(cString: text)
        }
        return (error as NSError).localizedDescription
    }
}
