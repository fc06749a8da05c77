import Foundation
import Testing
@testable import DLScript
@testable import DLEngine

/// `checkpoint`, `resume` and `fit ... checkpoint= every=` in sessions: a resumed run continues bit for bit,
/// names are bound as documented, and bad files and keywords give one-line errors that change nothing.
@Suite struct CheckpointStatementsTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-ckpt-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    func session() -> Session { Session(inputDirectory: folder, outputDirectory: folder) }

    /// Runs `source` and returns the outputs (errors as `error: ...`).
    @discardableResult
    func run(_ session: Session, _ source: String) -> [String] {
        source.split(separator: "\n").flatMap { session.run(String($0)).flatMap(\.recordedOutput) }
    }

    static func setup(_ optimizer: String, dropout: Bool = false) -> String {
        """
        seed 7
        data = spiral 40 3
        net = sequential
        net.add(linear 2 24)
        net.add(relu)
        \(dropout ? "net.add(dropout 0.2)" : "net.add(tanh)")
        net.add(linear 24 3)
        o = \(optimizer)
        """
    }

    func bytes(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)) }

    /// 16 epochs straight, and 8 + checkpoint + (a fresh session) resume + 8: the same model file bytes
    /// and the same history figures.
    func expectResumeIsExact(_ optimizer: String, dropout: Bool = false) throws {
        let straight = session()
        run(straight, Self.setup(optimizer, dropout: dropout) + "\nfit net data epochs=16 batch=16 optimizer=o verbose=0\nsave net \"straight.dlnbmodel\"")
        let first = session()
        let out = run(first, Self.setup(optimizer, dropout: dropout) + "\nfit net data epochs=8 batch=16 optimizer=o verbose=0\ncheckpoint \"half.dlnbckpt\"")
        #expect(!out.contains { $0.hasPrefix("error") }, "\(out)")
        let second = session()
        // Only the data is made again (from the seed); the resume replaces the generator's state.
        let resumed = run(second, "seed 7\ndata = spiral 40 3\nresume \"half.dlnbckpt\"\nh = fit data epochs=8 batch=16 verbose=0\nsave net \"resumed.dlnbmodel\"")
        #expect(!resumed.contains { $0.hasPrefix("error") }, "\(resumed)")
        #expect(try bytes("straight.dlnbmodel") == bytes("resumed.dlnbmodel"), "\(optimizer)")
        let whole = try #require(straight.currentHistory), run = try #require(second.currentHistory)
        #expect(run.epochs == whole.epochs)
        #expect(run.completedEpochs == 16)
        guard case .history(let h)? = second.variables["h"] else { Issue.record("h is not a history"); return }
        #expect(h.epochs.map(\.epoch) == Array(9 ... 16))
        #expect(h.epochs == Array(whole.epochs.suffix(8)))
    }

    @Test func sgdWithMomentumResumesBitForBit() throws { try expectResumeIsExact("sgd lr=0.1 momentum=0.9") }

    @Test func adamResumesBitForBit() throws { try expectResumeIsExact("adam lr=0.01") }

    @Test func dropoutMasksResumeBitForBit() throws { try expectResumeIsExact("rmsprop lr=0.01", dropout: true) }

    /// A checkpoint written during a fit (`every=`, one file per save with `{epoch}`) resumes as well.
    @Test func checkpointsWrittenDuringAFitResume() throws {
        let straight = session()
        let out = run(straight, Self.setup("adam lr=0.01") + "\nfit net data epochs=12 batch=16 optimizer=o verbose=0 checkpoint=\"run-{epoch}.dlnbckpt\" every=4\nsave net \"straight.dlnbmodel\"")
        #expect(out.first == "wrote checkpoint run-{epoch}.dlnbckpt 3 times, the last at epoch 12")
        for epoch in [4, 8, 12] { #expect(FileManager.default.fileExists(atPath: folder + "/run-\(epoch).dlnbckpt")) }
        let second = session()
        run(second, "seed 7\ndata = spiral 40 3\nresume \"run-8.dlnbckpt\"\nfit data epochs=4 batch=16 verbose=0\nsave net \"resumed.dlnbmodel\"")
        #expect(try bytes("straight.dlnbmodel") == bytes("resumed.dlnbmodel"))
        #expect(second.currentHistory?.epochs == straight.currentHistory?.epochs)
    }

    /// A schedule goes through checkpoints written during the fit (which the schedule's step follows) and
    /// at its end; the resumed fit takes it without naming it.
    @Test func schedulesResumeBitForBit() throws {
        for schedule in ["cosine_annealing_lr t_max=12 eta_min=0.001", "reduce_lr_on_plateau patience=0 factor=0.5 mode=\"max\"",
                         "one_cycle_lr max_lr=0.05 total_steps=72"] {
            let straight = session()
            let out = run(straight, Self.setup("sgd lr=0.05 momentum=0.9") + "\nsched = \(schedule)"
                + "\nfit net data epochs=12 batch=20 optimizer=o schedule=sched verbose=0 checkpoint=\"s-{epoch}.dlnbckpt\" every=5\nsave net \"straight.dlnbmodel\"")
            #expect(out.first == "wrote checkpoint s-{epoch}.dlnbckpt 3 times, the last at epoch 12", "\(out)")
            for file in ["s-5.dlnbckpt", "s-10.dlnbckpt"] {
                let second = session()
                let resumed = run(second, "seed 7\ndata = spiral 40 3\nresume \"\(file)\"\nfit data epochs=\(file == "s-5.dlnbckpt" ? 7 : 2) batch=20 verbose=0\nsave net \"resumed.dlnbmodel\"")
                #expect(resumed.first?.contains("schedule 'sched'") == true, "\(resumed)")
                #expect(try bytes("straight.dlnbmodel") == bytes("resumed.dlnbmodel"), "\(schedule) from \(file)")
                #expect(second.currentHistory?.epochs == straight.currentHistory?.epochs, "\(schedule) from \(file)")
            }
        }
    }

    @Test func resumeBindsTheSavedNamesOrModelAndOpt() throws {
        let first = session()
        run(first, Self.setup("adam") + "\nfit net data epochs=1 optimizer=o verbose=0\ncheckpoint \"named.dlnbckpt\"")
        let second = session()
        #expect(run(second, "resume \"named.dlnbckpt\"") == [
            "resumed named.dlnbckpt: model 'net', optimizer 'o', 4 layers, adam state, 1 epoch of history, random generator; the next fit of net continues at epoch 2",
        ])
        #expect(second.whos().contains("net ") && second.whos().contains("o "))
        // An unnamed model and optimizer come back as model and opt.
        run(first, "fit (sequential (linear 2 3)) data epochs=1 optimizer=(sgd) verbose=0\ncheckpoint \"unnamed.dlnbckpt\"")
        let third = session()
        #expect(run(third, "resume \"unnamed.dlnbckpt\"").first?.hasPrefix("resumed unnamed.dlnbckpt: model 'model', optimizer 'opt', 1 layer") == true)
    }

    @Test func badFilesAndKeywordsGiveOneLineErrors() throws {
        let s = session()
        run(s, Self.setup("adam") + "\nfit net data epochs=1 optimizer=o verbose=0\ncheckpoint \"good.dlnbckpt\"\nsave net \"net.dlnbmodel\"")
        let good = try bytes("good.dlnbckpt")
        try good.prefix(good.count / 2).write(to: URL(fileURLWithPath: folder + "/cut.dlnbckpt"))
        let cases: [(String, String)] = [
            ("resume \"cut.dlnbckpt\"", "error: resume: \(folder)/cut.dlnbckpt: the file is truncated: \(good.count / 2) bytes, expected \(good.count)"),
            ("resume \"net.dlnbmodel\"", "error: resume: \(folder)/net.dlnbmodel: is a dlnb model file (.dlnbmodel), not a dlnb training checkpoint (.dlnbckpt)"),
            ("fit every=2", "error: fit: every= needs checkpoint=FILE (where to write the checkpoints)"),
            ("fit checkpoint=\"c.dlnbckpt\" every=0", "error: fit: every must be at least 1 (epochs between checkpoints), not 0"),
            ("fit checkpoint=\"c.dlnbckpt\" every=-3", "error: fit: every must be at least 1 (epochs between checkpoints), not -3"),
            ("checkpoint \"c.dlnbckpt\" model=data", "error: checkpoint: the model must be a model, not a data set"),
        ]
        for (statement, expected) in cases {
            let outcome = s.run(statement)
            #expect(outcome.first?.error?.message == String(expected.dropFirst(7)), "\(statement)")
        }
        // A checkpoint of another model, resumed where its name holds a different model.
        run(s, "net = sequential\nnet.add(linear 2 5)")
        let message = s.run("resume \"good.dlnbckpt\"").first?.error?.message ?? ""
        #expect(message == "resume: good.dlnbckpt does not fit 'net': the checkpoint holds another model: "
                + "Sequential(Linear(2 → 24), ReLU(), Tanh(), Linear(24 → 3)), not Sequential(Linear(2 → 5)); del net to take the checkpoint's model")
    }

    /// The oracle: a session that never ran the failing statements.
    @Test func failedResumesChangeNothing() throws {
        let (a, b) = (session(), session())
        let setup = Self.setup("sgd lr=0.1 momentum=0.9") + "\nfit net data epochs=2 optimizer=o verbose=0\ncheckpoint \"good.dlnbckpt\""
        run(a, setup)
        run(b, setup)
        run(a, "fit net data epochs=1 verbose=0")
        run(b, "fit net data epochs=1 verbose=0")
        let good = try bytes("good.dlnbckpt")
        var corrupt = good
        corrupt[corrupt.count / 2] ^= 0xFF
        try corrupt.write(to: URL(fileURLWithPath: folder + "/corrupt.dlnbckpt"))
        let before = a.whos()
        // The model under the name fits, the optimizer's state does not: the weights are copied in first,
        // then the failure puts them back.
        for statement in ["resume \"corrupt.dlnbckpt\"", "resume \"nothing.dlnbckpt\"", "fit checkpoint=\"x.dlnbckpt\" every=0",
                          "fit every=3"] {
            #expect(a.run(statement).first?.error != nil, "\(statement)")
        }
        #expect(a.whos() == before)
        let probe = "fit epochs=2 verbose=0\nnet.layers\nrandn 3"
        // The fit's duration ({{0.01s}}) differs from run to run; everything else must not.
        func steady(_ lines: [String]) -> [String] {
            lines.map { $0.replacingOccurrences(of: #"\{\{[^}]*\}\}"#, with: "{{}}", options: .regularExpression) }
        }
        #expect(steady(run(a, probe)) == steady(run(b, probe)))
    }

    @Test func optimizersAndHistoriesSaveAndLoadAlone() throws {
        let s = session()
        let out = run(s, Self.setup("adam lr=0.01") + """

            h = fit net data epochs=3 optimizer=o verbose=0
            save o "o.dlnbopt"
            save h "h.csv"
            save h "h.json"
            o2 = load "o.dlnbopt" model=net
            h2 = load "h.json"
            h2.loss
            h.loss
            """)
        #expect(out.contains("saved o.dlnbopt (adam and its state for 4 tensors)"))
        #expect(out.suffix(2).first == out.last)
        let csv = try String(decoding: bytes("h.csv"), as: UTF8.self)
        #expect(csv.hasPrefix("epoch,loss,accuracy,lr\n1,"))
        #expect(csv.split(separator: "\n").count == 4)
        guard case .optimizer(let o)? = s.variables["o"], case .optimizer(let o2)? = s.variables["o2"],
              case .model(let net)? = s.variables["net"] else { Issue.record("missing names"); return }
        #expect(try OptimizerSnapshot(of: o2, parameters: net.state) == OptimizerSnapshot(of: o, parameters: net.state))
    }
}
