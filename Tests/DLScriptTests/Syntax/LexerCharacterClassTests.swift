import Testing
@testable import DLScript

/// The lexer's ASCII shortcuts answer as `Character.isLetter` and `isNumber` do, for every ASCII
/// character and for a few others (which take the Unicode properties themselves).
@Suite struct LexerCharacterClassTests {
    @Test func asciiAgreesWithTheUnicodeProperties() {
        for value in 0 ..< 128 {
            let c = Character(Unicode.Scalar(UInt8(value)))
            #expect(c.isNameLetter == c.isLetter, "\(value)")
            #expect(c.isDigitLike == c.isNumber, "\(value)")
        }
        for c: Character in ["\r\n", "é", "e\u{301}", "λ", "½", "٣", "²", "😀"] {
            #expect(c.isNameLetter == c.isLetter, "\(c)")
            #expect(c.isDigitLike == c.isNumber, "\(c)")
        }
    }
}
