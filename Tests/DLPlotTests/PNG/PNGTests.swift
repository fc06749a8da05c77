import Foundation
import Testing
@testable import DLPlot

@Test func crc32OfTheCheckString() {
    // The check value of CRC-32/ISO-HDLC, listed with the algorithm's parameters (reveng catalogue).
    #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
}

@Test func encodeThenDecodeGivesTheSamePixels() throws {
    var canvas = try Canvas(width: 7, height: 5)
    canvas.setPixel(x: 0, y: 0, Color(hex: 0xE69F00))
    canvas.setPixel(x: 6, y: 4, Color(hex: 0x0072B2))
    canvas.fillRect(x: 2, y: 1, width: 3, height: 2, .black)
    let image = try PNGReader.decode(try PNGWriter.encode(canvas))
    #expect(image.width == 7 && image.height == 5)
    #expect(image.pixel(x: 0, y: 0) == Color(hex: 0xE69F00))
    #expect(image.pixel(x: 6, y: 4) == Color(hex: 0x0072B2))
    #expect(image.pixel(x: 3, y: 2) == .black)
    #expect(image.pixel(x: 1, y: 1) == .white)
    #expect(image.alpha(x: 1, y: 1) == 255)
    for y in 0..<5 { for x in 0..<7 { #expect(image.pixel(x: x, y: y) == canvas.pixel(x: x, y: y)) } }
}

@Test func samePictureGivesTheSameBytesWithoutATimeChunk() throws {
    let text = [PNGText.statement("plot boundary m d spiral.png"), .software("0.1.0")]
    let first = try Fixtures.spiralChart(width: 320, height: 240).pngData(text: text)
    let second = try Fixtures.spiralChart(width: 320, height: 240).pngData(text: text)
    #expect(first == second)
    #expect(try !PNGChunks.chunks(of: first).contains { $0.type == "tIME" })
}

@Test func textChunksComeRightAfterTheHeader() throws {
    var canvas = try Canvas(width: 3, height: 2)
    canvas.setPixel(x: 1, y: 1, .black)
    let png = try PNGWriter.encode(canvas, text: [.statement("plot data d out.png"), .software("0.1.0"),
                                                  PNGText(keyword: "Title", text: "spirale \u{e9}t\u{e9}")])
    let chunks = try PNGChunks.chunks(of: png)
    #expect(chunks.map(\.type).prefix(4) == ["IHDR", "tEXt", "tEXt", "iTXt"])
    #expect(try PNGReader.texts(png) == [
        PNGText(keyword: "Comment", text: "plot data d out.png"),
        PNGText(keyword: "Software", text: "dlnb 0.1.0"),
        PNGText(keyword: "Title", text: "spirale \u{e9}t\u{e9}"),
    ])
    // libpng still reads the file with the inserted chunks (their CRCs are right).
    #expect(try PNGReader.decode(png).pixel(x: 1, y: 1) == .black)
}

@Test func badTextKeywordsAreRejected() throws {
    let canvas = try Canvas(width: 2, height: 2)
    for keyword in ["", " lead", "trail ", "two  spaces", String(repeating: "k", count: 80), "caf\u{e9}"] {
        #expect(throws: PlotError.self) { try PNGWriter.encode(canvas, text: [PNGText(keyword: keyword, text: "x")]) }
    }
}

@Test func writeIsAtomicAndLeavesNoTemporaryFile() throws {
    let folder = try Fixtures.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let size = try Fixtures.spiralChart(width: 300, height: 200).write(to: folder + "/spiral.png")
    #expect(size == (300, 200))
    try Fixtures.spiralChart(width: 320, height: 240).write(to: folder + "/spiral.png")  // replaces it
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["spiral.png"])
    let image = try PNGReader.read(folder + "/spiral.png")
    #expect(image.width == 320 && image.height == 240)
}

@Test func unwritablePathsGiveClearErrors() throws {
    let folder = try Fixtures.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let chart = try Fixtures.spiralChart(width: 300, height: 200)
    #expect(throws: PlotError.file(path: folder, "is a folder, not a file")) { try chart.write(to: folder) }
    #expect(throws: PlotError.file(path: folder + "/missing/x.png", "the folder \(folder)/missing does not exist")) {
        try chart.write(to: folder + "/missing/x.png")
    }
    #expect(throws: PlotError.file(path: "", "the file name is empty")) { try chart.write(to: "") }
    do {
        try chart.write(to: "/proc/x.png")
        Issue.record("writing into /proc succeeded")
    } catch let error as PlotError {
        guard case let .file(path, text) = error else { Issue.record("unexpected \(error)"); return }
        #expect(path == "/proc/x.png")
        #expect(text.hasPrefix("cannot create a file in /proc ("))
    }
}

@Test func readingBadFilesGivesErrors() throws {
    #expect(throws: PlotError.png("not a PNG file (bad signature)")) { try PNGChunks.chunks(of: [1, 2, 3]) }
    #expect(throws: PlotError.self) { try PNGReader.decode(Array("not a png at all".utf8)) }
    #expect(throws: PlotError.file(path: "/nonexistent/x.png", "no such file")) {
        try PNGReader.read("/nonexistent/x.png")
    }
    var truncated = try PNGWriter.encode(try Canvas(width: 4, height: 4))
    truncated.removeLast(20)
    #expect(throws: PlotError.self) { try PNGReader.decode(truncated) }
}
