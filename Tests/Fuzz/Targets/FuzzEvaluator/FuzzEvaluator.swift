import DLScript
import FuzzSupport

/// Any text run as statements in a fresh session, with the engine's memory budget and a 2-second limit
/// per input (statements stop as on Ctrl-C); every value is printed; the session must still compute
/// `1 + 1` afterwards.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEvaluator(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = String(decoding: Fuzz.buffer(data, size), as: UTF8.self)
    let session = Fuzz.session()
    for outcome in session.run(text) {
        _ = outcome.output
        _ = outcome.error?.description
    }
    Fuzz.requireWorking(session)
    return 0
}

Fuzz.run { data, size in fuzzEvaluator(data, size) }
