#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// How much memory one more allocation may take, so that a request the machine cannot hold is an error
/// that names both figures instead of an out-of-memory kill or a trap in the allocator.
///
/// The memory available is the smallest of:
/// - what the system has free (`MemAvailable` in `/proc/meminfo`);
/// - what the address-space limit (`ulimit -v`, `RLIMIT_AS`) leaves above the process's current size;
/// - what the control group's limit (`memory.max`, or cgroup v1's `memory.limit_in_bytes`) leaves above its
///   current use;
/// - what `DLNB_MEMORY_LIMIT` (bytes, or with a suffix K, M, G) leaves above the process's resident size,
///   a budget for the whole process that the fuzz targets and cautious users set.
///
/// Reading these costs a few file reads, so requests of at most ``smallRequest`` bytes are granted without
/// looking (a budget is about the large ones).
public enum MemoryBudget {
    /// Requests up to this many bytes are not checked against the free memory.
    public static let smallRequest = 16 << 20

    /// `DLNB_MEMORY_LIMIT`, read once, in bytes; `nil` when unset or not a size.
    public static let configuredLimit: Int? = {
        guard let text = ProcessInfo.processInfo.environment["DLNB_MEMORY_LIMIT"] else { return nil }
        return parseSize(text)
    }()

    /// The bytes one more allocation may take now (see the type's summary); `Int.max` when nothing is known.
    public static func availableBytes() -> Int {
        var available = Int.max
        if let free = meminfo("MemAvailable") { available = Swift.min(available, free) }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max,  // RLIM_INFINITY
           let size = statm(field: 0) {
            available = Swift.min(available, Swift.max(0, Int(clamping: limit.rlim_cur) - size))
        }
        if let room = cgroupRoom() { available = Swift.min(available, room) }
        if let configured = configuredLimit {
            available = Swift.min(available, Swift.max(0, configured - (statm(field: 1) ?? 0)))
        }
        return available
    }

    /// Checks that `bytes` more may be allocated for a tensor of `shape`.
    /// - Throws: ``EngineError/allocationTooLarge(shape:limit:)`` with the number of elements that fit.
    static func check(bytes: Int, shape: [Int]) throws {
        guard bytes > smallRequest else { return }
        let available = availableBytes()
        guard bytes <= available else {
            throw EngineError.allocationTooLarge(shape: shape, limit: available / MemoryLayout<Float>.stride)
        }
    }

    /// Checks that working arrays of `count` values of `Element` may be allocated beside a tensor of
    /// `shape` (indices, Double sums, a normalized copy: arrays as large as a tensor, made before the
    /// tensor that holds the result).
    /// - Throws: ``EngineError/workingMemoryTooLarge(shape:bytes:available:)``, with the bytes asked for.
    public static func check<Element>(_ count: Int, of _: Element.Type, shape: [Int]) throws {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<Element>.stride)
        guard overflow || bytes > smallRequest else { return }
        let available = availableBytes()
        guard !overflow, bytes <= available else {
            throw EngineError.workingMemoryTooLarge(shape: shape, bytes: overflow ? Int.max : bytes, available: available)
        }
    }

    /// `"2G"`, `"512M"`, `"100000"` as bytes.
    static func parseSize(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var digits = Substring(trimmed), scale = 1
        if digits.hasSuffix("B") { digits = digits.dropLast() }
        if let last = digits.last, let unit = units[last] { digits = digits.dropLast(); scale = unit }
        guard let value = Int(digits), value >= 0 else { return nil }
        let (bytes, overflow) = value.multipliedReportingOverflow(by: scale)
        return overflow ? Int.max : bytes
    }

    /// A `kB` figure from `/proc/meminfo`, in bytes.
    private static func meminfo(_ key: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
            let fields = line.split(separator: " ")
            if fields.count >= 2, let kilobytes = Int(fields[1]) { return kilobytes.multipliedReportingOverflow(by: 1024).partialValue }
        }
        return nil
    }

    /// A field of `/proc/self/statm` (0: total size, 1: resident), in bytes.
    private static func statm(field: Int) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard field < fields.count, let pages = Int(fields[field]) else { return nil }
        return pages.multipliedReportingOverflow(by: Int(sysconf(Int32(_SC_PAGESIZE)))).partialValue
    }

    /// What the process's control group may still use: its limit less its current use.
    private static func cgroupRoom() -> Int? {
        func number(_ path: String) -> Int? {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
            return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))  // "max" is no limit
        }
        var folders = ["/sys/fs/cgroup"]
        if let text = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("0::") }) {
            folders.insert("/sys/fs/cgroup" + line.dropFirst(3), at: 0)
        }
        for folder in folders {
            if let limit = number(folder + "/memory.max") {
                return Swift.max(0, limit - (number(folder + "/memory.current") ?? 0))
            }
        }
        // cgroup v1: an unlimited group shows a huge number, which leaves `available` as it was.
        if let limit = number("/sys/fs/cgroup/memory/memory.limit_in_bytes") {
            return Swift.max(0, limit - (number("/sys/fs/cgroup/memory/memory.usage_in_bytes") ?? 0))
        }
        return nil
    }
}
