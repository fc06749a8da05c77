import Foundation
import Testing
@testable import DLEngine

/// Saving: symbolic links followed, permissions kept, no temporary files left behind.
@Suite struct AtomicFileTests {
    @Test func aSymbolicLinkIsFollowedAndKept() throws {
        let folder = try TemporaryFolder()
        let target = try folder.write("real.bin", [1, 2, 3])
        let link = folder.path + "/link.bin"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.bin")
        try AtomicFile.write(Data([9, 9]), to: link)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.bin")
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == Data([9, 9]))
    }

    @Test func thePermissionsAreKept() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("private.bin", [1])
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        try AtomicFile.write(Data([2]), to: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try AtomicFile.read(path) == Data([2]))
    }

    @Test func noTemporaryFilesAreLeft() throws {
        let folder = try TemporaryFolder()
        // One left by a process that was killed while saving (a process id that cannot be running).
        let abandoned = try folder.write(".model.bin.2147483646.dlnb-partial", [0])
        try AtomicFile.write(Data([1]), to: folder.path + "/model.bin")
        #expect(!FileManager.default.fileExists(atPath: abandoned))
        // A failed save (its folder is missing) leaves nothing either.
        #expect(throws: EngineError.self) { try AtomicFile.write(Data([1]), to: folder.path + "/missing/model.bin") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["model.bin"])
    }
}
