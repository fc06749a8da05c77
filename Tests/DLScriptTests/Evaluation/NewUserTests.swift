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
        // A folder, and a notebook (whose statements are replayed, not loaded as a value).
        try FileManager.default.createDirectory(atPath: folder + "/runs", withIntermediateDirectories: true)
        #expect(outputs(session, "load \"runs\"") == ["error: load: 'runs' is a folder, not a file"])
        try Data("x = 1\n".utf8).write(to: URL(fileURLWithPath: folder + "/tour.dlnb"))
        #expect(outputs(session, "load \"tour.dlnb\"")
            == ["error: load: 'tour.dlnb' is a notebook: replay its statements with :load tour.dlnb at the prompt, or dlnb run tour.dlnb"])
    }

    /// PyTorch's loop over a model: `model(x)` and an optimizer over the model. The oracle is the
    /// article's loop on the same weights as raw tensors (`relu(x @ w1 + b1) @ w2 + b2`, an optimizer
    /// over the list): the same loss and weights after five epochs.
    @Test func aPyTorchLoopOverAModelMatchesTheLoopOnItsTensors() {
        let setup = "seed 3; data = spiral 20 3; model = sequential; model.add(linear 2 8); model.add(relu); model.add(linear 8 3); x = data.x"
        let (a, b) = (Session(), Session())
        _ = outputs(a, setup + "; opt = sgd model lr=0.5 momentum=0.9; first = softmax_ce (model(x)) data")
        _ = outputs(b, setup + "; w1 = model.layers[0].weight; b1 = model.layers[0].bias; w2 = model.layers[2].weight; b2 = model.layers[2].bias")
        _ = outputs(b, "opt = sgd [w1, b1, w2, b2] lr=0.5 momentum=0.9")
        _ = outputs(a, "for epoch in 1..5\n  loss = softmax_ce (model(x)) data\n  zero_grad opt\n  backward loss\n  step opt\nend")
        _ = outputs(b, "for epoch in 1..5\n  loss = softmax_ce (relu(x @ w1 + b1) @ w2 + b2) data\n  zero_grad opt\n  backward loss\n  step opt\nend")
        let probe = "loss\nmodel.layers[0].weight\nmodel.layers[2].bias"
        let (shownA, shownB) = (outputs(a, probe), outputs(b, probe))
        #expect(shownA.count == 4 && !shownA.contains { $0.hasPrefix("error") }, "\(shownA)")
        #expect(shownA == shownB)
        // Training moved the weights: the loss went down.
        #expect(outputs(a, "first.item > loss.item") == ["true"])
        // In evaluation mode model(x) is predict's forward pass.
        #expect(outputs(a, "model.training = false; sum(abs((model(x)) - (predict model x)))") == ["0"])
    }

    @Test func callingAModelOrLayerTakesOneTensor() {
        let session = Session()
        _ = outputs(session, "seed 1; data = spiral 5 3; model = sequential; model.add(linear 2 3); l = linear 2 4")
        #expect(outputs(session, "(l(zeros 5 2)).shape") == ["[5, 4]"])
        #expect(outputs(session, "(model(data.x)).shape") == ["[15, 3]"])
        #expect(outputs(session, "model(data)")
            == ["error: calling 'model' takes a tensor of inputs, not a data set; for a data set's outputs use predict model data, or model(data.x)"])
        #expect(outputs(session, "model(data.x, data.x)") == ["error: calling 'model' takes one tensor of inputs, as in model(x), not 2 arguments"])
        #expect(outputs(session, "l(data.x, bias=false)") == ["error: unknown keyword 'bias': calling 'l' takes only its inputs, as in model(x)"])
        #expect(outputs(session, "l(zeros 5 3)").first?.hasPrefix("error: ") == true)
        #expect(outputs(session, "opt = adam model.parameters")
            == ["error: adam: the tensors must be a model, a layer or a list of tensors, as in [w, b], not a number"])
    }

    @Test func lenPopAndNumel() {
        let session = Session()
        _ = outputs(session, "data = spiral 5 3; model = sequential; model.add(linear 2 3); model.add(relu)")
        #expect(outputs(session, "len [1, 2, 3]\nlen (zeros 4 2)\nlen data\nlen model\nlen \"abc\"") == ["3", "4", "15", "2", "3"])
        #expect(outputs(session, "(zeros 4 2).numel") == ["8"])
        #expect(outputs(session, "len 3") == ["error: len: a number has no length (len takes a list, a tensor, a data set, a model, a table or a string)"])
        #expect(outputs(session, "len (tensor 5)") == ["error: len: a tensor of one number (shape []) has no length; x.size counts its elements"])
        #expect(outputs(session, "model.pop()") == ["ReLU()"])
        #expect(outputs(session, "l = model.pop()\nl\nlen model") == ["Linear(2 → 3)", "0"])
        #expect(outputs(session, "model.pop()") == ["error: pop: the model has no layers to remove"])
    }

    /// NumPy's and PyTorch's positional axis, clamp (NumPy's clip), and their names for reshape and concat.
    @Test func positionalAxesClampAndOtherLibrariesTensorNames() {
        let session = Session()
        _ = outputs(session, "x = tensor [[1, 2], [3, 4]]")
        #expect(outputs(session, "x.sum(0)\nx.argmax(1)\nmean x 1 keepdims=true\nx.std(0)") == ["[4, 6]", "[1, 1]", "[[1.5],", " [3.5]]", "[1.4142, 1.4142]"])
        #expect(outputs(session, "x.sum(0, axis=1)") == ["error: sum: the axis is given twice (second and as axis=)"])
        #expect(outputs(session, "clamp x 2 3\nx.clamp(max=2)") == ["[[2, 2],", " [3, 3]]", "[[1, 2],", " [2, 2]]"])
        #expect(outputs(session, "clamp x") == ["error: clamp: give a lower bound, an upper bound or both (clamp x min=0 max=1)"])
        #expect(outputs(session, "x.clamp(0, min=1)") == ["error: clamp: min is given twice (second and as min=)"])
        #expect(outputs(session, "clamp 5 0 1") == ["1"])
        // The gradient passes inside the bounds, bounds included (PyTorch's clamp).
        #expect(outputs(session, "w = param (tensor [-1, 0, 0.5, 1, 2])\nbackward (sum (clamp w 0 1))\nw.grad") == ["[0, 1, 1, 1, 0]"])
        #expect(outputs(session, "clip x 1 3") == ["error: unknown name 'clip'; dlnb calls it 'clamp'"])
        #expect(outputs(session, "x.view(4)") == ["error: a tensor has no member 'view'; dlnb calls it 'reshape'"])
        #expect(outputs(session, "cat [x, x]") == ["error: unknown name 'cat'; dlnb calls it 'concat'"])
    }

    @Test func kerasAndPyTorchModelMembersSayWhatDlnbDoes() {
        let session = Session()
        _ = outputs(session, "model = sequential; model.add(linear 2 3)")
        #expect(outputs(session, "model.eval()") == ["error: a model has no member 'eval'; set model.training = false for evaluation mode (PyTorch's model.eval())"])
        #expect(outputs(session, "model.train()").first?.hasSuffix("(PyTorch's model.train()); fit trains") == true)
        #expect(outputs(session, "model.compile(optimizer=\"adam\")").first?.contains("fit takes the optimizer and loss itself") == true)
        #expect(outputs(session, "model.count_params()") == ["error: a model has no member 'count_params'; dlnb calls it 'parameters' (model.parameters)"])
        #expect(outputs(session, "(model.layers[0]).forward(zeros 1 2)") == ["error: a layer has no member 'forward'; call the model on a tensor: model(x)"])
        // A variable named like one stays a variable.
        #expect(outputs(session, "train = 3; train + 1") == ["4"])
    }

    @Test func pythonsCommasAfterACallWithoutParenthesesSayHowToWriteIt() {
        let session = Session()
        _ = outputs(session, "x = 3")
        #expect(outputs(session, "print \"acc\", x")
            == ["error: expected the end of the statement, found ','; a call without parentheses separates its arguments by spaces, as in print a b; with parentheses, by commas: print(a, b)"])
        #expect(outputs(session, "print(\"acc\", x)\nprint \"acc\" x") == ["acc 3", "acc 3"])
        #expect(outputs(session, "x, 4") == ["error: expected the end of the statement, found ','"])
    }

    /// `m.add(m)` once ended the process (its description recursed without end); a model nested in a loop
    /// stops at the nesting limit. Each is an error, and the session goes on unchanged.
    @Test func aModelInsideItselfIsRefused() {
        let session = Session()
        _ = outputs(session, "m = sequential; m.add(relu); k = m")
        let before = session.whos()
        #expect(outputs(session, "m.add(m)") == ["error: add: a model cannot contain itself (it would run, print and save without end)"])
        #expect(session.whos() == before)
        #expect(outputs(session, "m") == ["Sequential(ReLU())"])
        let deep = outputs(session, "for i in 1..150\n  n = sequential\n  n.add(k)\n  k = n\nend")
        #expect(deep.first?.hasPrefix("error: add: models may be nested at most 100 deep; this would make 101") == true, "\(deep)")
        #expect(outputs(session, "k") == ["Sequential(ReLU())"])
        #expect(outputs(session, "1 + 1") == ["2"])
    }
}
