import Testing
@testable import DLPlot

@Test func linksLibpng16() {
    #expect(PNGLibrary.version.hasPrefix("1.6"))
}
