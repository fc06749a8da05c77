import Foundation
import Testing
@testable import DLScript

/// What a new user tried and missed: settable properties, how to leave, other libraries' names, the
/// summary of an interrupted `h = fit ...`, `?name` on a session name.
@Suite struct NewUserTests {
    func outputs(_ session: Session, _ source: String) -> [String] { session.run(source).flatMap(\.recordedOutput) }

    @Test func propertiesThatCanBeSet() {
        let session = Session()
        #expect(outputs(session, "opt = sgd lr=0.1 momentum=0.9; opt.lr = 0.5\nopt.lr\nopt") == ["0.5", "SGD(lr=0.5, momentum=0.9)"])
        #expect(outputs(session, "model = sequential; model.add(dropout 0.5); model.training = false; model.training")
            == ["false"])
        #expect(outputs(session, "(model.layers[0]).training") == ["false"])
        #expect(outputs(session, "x = tensor [1.0, 2]; x.requires_grad = true; x.requires_grad") == ["true"])
        #expect(outputs(session, "opt.lr = -1") == ["error: lr must be a finite number >= 0, not -1"])
        #expect(outputs(session, "model.training = 1") == ["error: training must be true or false, not a number"])
        #expect(outputs(session, "x.shape = [3]") == ["error: cannot assign to a tensor's shape (it is read-only); what can be set: requires_grad"])
        #expect(outputs(session, "opt.lr") == ["0.5"])  // the failed assignments changed nothing
        #expect(outputs(session, "opt.lr == 0.5") == ["true"])
        #expect(outputs(session, "model.training == false") == ["true"])
    }

    @Test func unknownNamesSayHowToLeaveAndWhatOthersCallThings() {
        let session = Session()
        #expect(outputs(session, "quit") == ["error: unknown name 'quit'; to leave, type :quit or press Ctrl-D"])
        #expect(outputs(session, "exit()") == ["error: unknown name 'exit'; to leave, type :quit or press Ctrl-D"])
        #expect(outputs(session, "loss = CrossEntropyLoss") == ["error: unknown name 'CrossEntropyLoss'; dlnb calls it 'softmax_ce'"])
        #expect(outputs(session, "fit loss=categorical_crossentropy")
            == ["error: unknown name 'categorical_crossentropy'; dlnb calls it 'softmax_ce'"])
        #expect(outputs(session, "Dense 2 3") == ["error: unknown name 'Dense'; dlnb calls it 'linear'"])
    }

    @Test func anInterruptedAssignedFitShowsItsSummary() {
        let session = Session()
        var batches = 0
        session.isInterruptRequested = { batches += 1; return batches >= 3 }
        let shown = outputs(session, "seed 1; data = spiral 10 3; model = sequential; model.add(linear 2 3); h = fit model data epochs=5 batch=10")
        #expect(shown.count == 1 && shown[0].hasPrefix("trained 1 epoch in {{") && shown[0].hasSuffix("(stopped at epoch 1, batch 3)"))  // 3 batches an epoch: the first one completed
        session.isInterruptRequested = { false }
        #expect(outputs(session, "h2 = fit model data epochs=1 batch=10").isEmpty)  // not stopped: nothing shown
    }

    @Test func noValidationFiguresWithoutValidationData() {
        let session = Session()
        _ = outputs(session, "data = spiral 10 3; model = sequential; model.add(linear 2 3); h = fit model data epochs=2")
        #expect(outputs(session, "h.val_loss") == ["error: this fit had no validation data, so no val_loss (fit ... validation=DATA or validation_split=0.2)"])
        #expect(outputs(session, "h2 = fit model data epochs=2 validation=data\nh2.val_accuracy.shape") == ["[2]"])
    }

    @Test func helpOnASessionName() {
        let session = Session()
        #expect(outputs(session, "w = randn 2 3; ?w") == ["w: tensor, [2, 3] (a name of this session; whos lists them all)"])
    }
}

extension NewUserTests {
    @Test func loadTellsFilesByTheirContent() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-load-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = Session(inputDirectory: folder, outputDirectory: folder)
        #expect(outputs(session, "m = sequential; m.add(linear 2 3); save m \"weights.bin\"") == ["saved weights.bin"])
        #expect(outputs(session, "load \"weights.bin\"") == ["Sequential(Linear(2 → 3))"])
        // An NPY array under a name that does not say so: magic, version 1.0, header length, header.
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"
        header += String(repeating: " ", count: 63 - (10 + header.count) % 64) + "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0] + Array(header.utf8)
        for value: Float in [1.5, -2] { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        try Data(bytes).write(to: URL(fileURLWithPath: folder + "/array.data"))
        #expect(outputs(session, "load \"array.data\"") == ["[ 1.5, -2.0]"])
        try Data("hello".utf8).write(to: URL(fileURLWithPath: folder + "/notes.txt"))
        #expect(outputs(session, "load \"notes.txt\"").first?.hasPrefix("error: load: cannot tell the kind of 'notes.txt' from its content") == true)
    }
}
