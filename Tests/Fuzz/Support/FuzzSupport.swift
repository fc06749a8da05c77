#if canImport(Glibc)
import Glibc
#endif
import DLEngine
import DLScript
import Foundation

/// libFuzzer's driver (in the toolchain's `libclang_rt.fuzzer`, linked by `-sanitize=fuzzer`): parses
/// libFuzzer's flags from the command line and calls `callback` with each input.
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                                 _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                                 _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// What every fuzz target shares: a private scratch folder, a memory budget for the engine, a time budget
/// for statements, and the check that a session still works after hostile input.
///
/// A finding is anything that ends the process: a Swift trap, an AddressSanitizer report, a stack overflow,
/// libFuzzer's out-of-memory or time-out. An error thrown and reported is the expected outcome.
public enum Fuzz {
    /// The engine's memory budget while fuzzing (bytes the whole process may reach): large enough for the
    /// seed notebooks, small enough that libFuzzer's own 2 GB limit is never the one that stops a statement.
    public static let memoryLimit = "768M"

    /// A folder of this process's own for the files the targets write and read (removed at exit).
    public static let directory: String = {
        // Set before the engine first reads its budget (a `static let`, read once).
        setenv("DLNB_MEMORY_LIMIT", memoryLimit, 1)
        let path = NSTemporaryDirectory() + "dlnb-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: Fuzz.directory) }
        return path
    }()

    /// Runs libFuzzer with `target` as the function under test, and exits with its status.
    ///
    /// SwiftPM links an executable target's own entry point as `main`, so libFuzzer's `main` is never the
    /// one that runs; each target's top-level code calls this instead. (Each target still exports its
    /// function as `LLVMFuzzerTestOneInput`, which libFuzzer's unused `main` refers to.)
    public static func run(_ target: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, target))
    }

    /// The input as a buffer (libFuzzer passes a null pointer for the empty input).
    public static func buffer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: size > 0 ? data : nil, count: size)
    }

    /// Writes the input to `name` in ``directory`` and returns the path.
    public static func file(_ name: String, _ bytes: UnsafeRawBufferPointer) -> String {
        let path = (directory as NSString).appendingPathComponent(name)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// The input as bytes.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(buffer(data, size))
    }

    /// A fresh session reading and writing in ``directory``, whose statements stop (like Ctrl-C) after
    /// `seconds`: `fit epochs=1e12` and `gradcheck` on a large input end instead of timing out.
    public static func session(seconds: Double = 2) -> Session {
        let session = Session(seed: 0, inputDirectory: directory, outputDirectory: directory)
        let deadline = Date().addingTimeInterval(seconds)
        session.isInterruptRequested = { Date() > deadline }
        return session
    }

    /// Traps (a finding) unless `session` still computes `1 + 1` after whatever ran before.
    public static func requireWorking(_ session: Session) {
        session.isInterruptRequested = { false }
        let outcome = session.run("1 + 1")
        guard outcome.count == 1, outcome[0].error == nil, outcome[0].output == "2" else {
            fatalError("the session no longer computes 1 + 1: \(outcome.map { $0.output ?? "\($0.error.map { "\($0)" } ?? "")" })")
        }
    }
}
