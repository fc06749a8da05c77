import Testing
@testable import DLScript

@Test func bannerNamesVersionAndFormat() {
    #expect(LanguageVersion.banner.hasPrefix("dlnb 0."))
    #expect(LanguageVersion.banner.hasSuffix("(notebook format 1)"))
}
