import Foundation
import Testing

/// The check through the `dlnb` executable: 100 epochs in one process give the same model file,
/// byte for byte, as 50 epochs and a checkpoint in one process, then a resume and 50 more in another.
@Suite struct CheckpointExecutableTests {
    static func setup(_ optimizer: String) -> String {
        """
        seed 42
        data = spiral 100 3
        model = sequential
        model.add(linear 2 32)
        model.add(relu)
        model.add(linear 32 3)
        opt = \(optimizer)
        """
    }

    func expectTwoProcessesEqualOne(_ optimizer: String, schedule: String = "") throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-resume-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tests = ExecutableTests()
        let straight = try tests.dlnb(["-e", Self.setup(optimizer) + "\nfit model data epochs=100 batch=20 optimizer=opt\(schedule)\nsave model \"straight.dlnbmodel\""],
                                      in: folder)
        #expect(straight.status == 0, "\(straight.error)")
        let first = try tests.dlnb(["-e", Self.setup(optimizer) + "\nfit model data epochs=50 batch=20 optimizer=opt\(schedule) checkpoint=\"run.dlnbckpt\""], in: folder)
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output.hasPrefix("wrote checkpoint run.dlnbckpt 10 times, the last at epoch 50\n"))
        // A new process: the data again from the seed, then the run.
        let second = try tests.dlnb(["-e", "seed 42\ndata = spiral 100 3\nresume \"run.dlnbckpt\"\nfit data epochs=50 batch=20\nsave model \"resumed.dlnbmodel\""], in: folder)
        #expect(second.status == 0, "\(second.error)")
        #expect(second.output.contains("the next fit of model continues at epoch 51"))
        let a = try Data(contentsOf: URL(fileURLWithPath: folder + "/straight.dlnbmodel"))
        let b = try Data(contentsOf: URL(fileURLWithPath: folder + "/resumed.dlnbmodel"))
        #expect(a.count > 1000)
        #expect(a == b, "\(optimizer): the resumed model differs from the straight one")
        // The last epoch's figures, as the two fits print them, agree too.
        let lastLine = { (text: String) in text.split(separator: "\n").first { $0.hasPrefix("trained") }.map { $0.split(separator: ":").last } }
        #expect(lastLine(straight.output) != nil && lastLine(straight.output) == lastLine(second.output))
    }

    @Test func sgdWithMomentumResumesInANewProcess() throws { try expectTwoProcessesEqualOne("sgd lr=0.1 momentum=0.9") }

    @Test func adamResumesInANewProcess() throws { try expectTwoProcessesEqualOne("adam lr=0.01") }

    /// The schedule goes on where it stopped without being named again.
    @Test func aScheduleResumesInANewProcess() throws {
        try expectTwoProcessesEqualOne("sgd lr=0.1 momentum=0.9", schedule: " schedule=(cosine_annealing_lr t_max=100)")
    }

    @Test func aBadCheckpointIsAOneLineErrorAndExitCode1() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-resume-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("DLNBCKPT\u{1}\0\0\0".utf8).write(to: URL(fileURLWithPath: folder + "/cut.dlnbckpt"))
        let result = try ExecutableTests().dlnb(["-e", "resume \"cut.dlnbckpt\""], in: folder)
        #expect(result.status == 1)
        #expect(result.error.contains("error: resume: ./cut.dlnbckpt: the file is truncated (12 bytes, its header is cut off)"))
    }
}
