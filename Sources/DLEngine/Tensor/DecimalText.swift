import CFormat

/// A number in fixed-point or scientific notation with a given number of decimals: C's `%.Nf` and `%.Ne`,
/// correctly rounded by the C library, in the C locale's form (a `.` for the decimal point; the program
/// never sets another numeric locale).
///
/// Foundation's `String(format:)` prints the same characters through its own formatter: a few
/// microseconds a call, and on a process's first call a tenth of a millisecond or more of type and
/// protocol lookups, which every statement that prints a number paid (`fit`'s summary among them).
public enum DecimalText {
    /// `value` with `decimals` (0 ... 17) digits after the point: `fixed(0.99331, 4)` is `"0.9933"`.
    public static func fixed(_ value: Double, _ decimals: Int) -> String { format(value, decimals, UInt8(ascii: "f")) }

    /// `value` as a mantissa with `decimals` (0 ... 17) digits and a two-digit or longer exponent:
    /// `scientific(1.5e-4, 1)` is `"1.5e-04"`.
    public static func scientific(_ value: Double, _ decimals: Int) -> String { format(value, decimals, UInt8(ascii: "e")) }

    private static func format(_ value: Double, _ decimals: Int, _ conversion: UInt8) -> String {
        let digits = Int32(Swift.min(Swift.max(decimals, 0), 17))
        // The longest: sign, 309 integer digits, point, 17 decimals, the terminator.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 336) { buffer in
            // Not `withVaList`: its type check of each argument cost a tenth of a millisecond on a process's
            // first number (a protocol-conformance scan).
            let written = dlnb_format_double(buffer.baseAddress!, buffer.count, digits, CChar(bitPattern: conversion), value)
            // Not reached for a double with at most 17 decimals; an empty text rather than a trap.
            guard written >= 0, Int(written) < buffer.count else { return "" }
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: Int(written)), as: UTF8.self)
        }
    }
}
