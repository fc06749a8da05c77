import DLScript
import FuzzSupport

/// The lexer and the parser on any text: tokens, statements or errors, never a crash; parsing is
/// deterministic (the same text gives the same errors twice).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSyntax(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = String(decoding: Fuzz.buffer(data, size), as: UTF8.self)
    let first = Parser.parse(text)
    let second = Parser.parse(text)
    if first.errors.map(\.description) != second.errors.map(\.description) || first.statements.count != second.statements.count {
        fatalError("parsing the same text twice gave different results")
    }
    for error in first.errors { _ = error.description }
    return 0
}

Fuzz.run { data, size in fuzzSyntax(data, size) }
