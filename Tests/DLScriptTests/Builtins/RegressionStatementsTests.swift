import Foundation
import Testing
@testable import DLScript

/// Regression in the language: `wave`, files with real-valued targets, the regression losses and
/// figures, and the refusals a user meets (a classification loss, accuracy, mismatched shapes, NaN).
@Suite struct RegressionStatementsTests {
    final class Folder {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-regression-\(UUID())").path
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        func session() -> Session { Session(seed: 4, inputDirectory: path, outputDirectory: path) }
        func write(_ name: String, _ text: String) throws { try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8) }
    }

    /// The outputs of `source`, which must run without errors.
    func run(_ session: Session, _ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [String] {
        let outcomes = session.run(source)
        for o in outcomes { if let e = o.error { Issue.record("\(e.message)", sourceLocation: sourceLocation) } }
        return outcomes.compactMap(\.output)
    }

    /// The message of the error `source` gives; the session then still computes 1 + 1.
    func failure(_ session: Session, _ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        let error = session.run(source).compactMap(\.error).first
        #expect(error != nil, "expected an error from \(source)", sourceLocation: sourceLocation)
        #expect(session.run("1 + 1").first?.output == "2", sourceLocation: sourceLocation)
        return error?.message ?? ""
    }

    let net = """
        data = wave 100 noise=0.1
        net = sequential
        net.add(linear 1 16)
        net.add(tanh)
        net.add(linear 16 1)
        """

    @Test func aWaveIsFittedAndEvaluatedWithoutAccuracy() throws {
        let s = Session(seed: 1)
        _ = run(s, net)
        #expect(run(s, "data") == ["wave: 100 samples, inputs [1], real-valued targets [1]"])
        #expect(run(s, "whos").joined().contains("100 samples, real-valued targets [1]"))
        let fitted = run(s, "fit net data epochs=60 batch=10 optimizer=(adam lr=0.02)")
        #expect(fitted.count == 1 && !fitted[0].contains("accuracy") && fitted[0].contains("loss"))
        let figures = run(s, "evaluate net data")
        #expect(figures.count == 1 && figures[0].hasPrefix("loss ") && figures[0].contains(", mae ")
                && figures[0].contains(", rmse ") && figures[0].contains(", r2 "))
        // The labelled figures agree with the ones asked for alone: mse = rmse², mae, r2.
        let numbers = run(s, "mse net data\nrmse net data\nmae net data\nr2 net data").compactMap(Double.init)
        #expect(numbers.count == 4)
        guard numbers.count == 4 else { return }
        #expect(Swift.abs(numbers[0] - numbers[1] * numbers[1]) < 1e-5)
        #expect(figures[0].contains(String(format: "mae %.4f", numbers[2])) && figures[0].contains(String(format: "r2 %.4f", numbers[3])))
        #expect(numbers[3] > 0.8)  // a sine learnt by a small tanh net
    }

    @Test func theRegressionLossesTrainOnTheFastStep() throws {
        let s = Session(seed: 2)
        _ = run(s, net)
        for loss in ["mae", "huber", "(huber delta=0.5)", "smooth_l1", "mse"] {
            let out = run(s, "h = fit net data epochs=2 loss=\(loss); h.step")
            #expect(out.last == "fused dense step", "\(loss): \(out)")
        }
    }

    @Test func classificationLossesAndAccuracyAreRefusedOnRealValues() throws {
        let s = Session(seed: 3)
        _ = run(s, net)
        #expect(failure(s, "fit net data loss=softmax_ce")
                == "fit: loss=softmax_ce is for class labels, and this data set has real-valued targets (regression): use loss=mse, loss=mae or loss=huber")
        #expect(failure(s, "evaluate net data loss=hinge").hasPrefix("evaluate: loss=hinge is for class labels"))
        #expect(failure(s, "softmax_ce net data").hasPrefix("softmax_ce: loss=softmax_ce is for class labels"))
        #expect(failure(s, "accuracy net data")
                == "accuracy: the data set has real-valued targets (regression), not class labels; its figures are evaluate's loss, mae, rmse and r2")
        #expect(failure(s, "r2 net (spiral 5 2)") == "r2: the data set has class labels; r2 is for real-valued (regression) targets (use accuracy)")
        // The session's loss from a classification fit is not carried over silently.
        _ = run(s, "spiral_data = spiral 10 2\nclassifier = sequential\nclassifier.add(linear 2 2)\nfit classifier spiral_data loss=softmax_ce")
        #expect(failure(s, "fit net data").hasPrefix("fit: the session's loss softmax_ce is for class labels"))
        // Classes with mse, as before: labels compare as one-hot rows.
        #expect(run(s, "fit classifier spiral_data loss=mse").first?.contains("accuracy") == true)
    }

    @Test func outputsThatDoNotLineUpWithTheTargetsNameBothShapes() throws {
        let s = Session(seed: 5)
        _ = run(s, "data = wave 20\nwide = sequential\nwide.add(linear 1 2)")
        #expect(failure(s, "fit wide data loss=mse epochs=1") == "fit: shape mismatch in mse (outputs and targets): [20, 2] and [20, 1]")
        #expect(failure(s, "rmse wide data") == "rmse: shape mismatch in regression metrics (predictions and targets): [20, 2] and [20, 1]")
    }

    @Test func filesWithRealValuedTargets() throws {
        let folder = try Folder()
        let s = folder.session()
        try folder.write("house.csv", "rooms,age,price\n3,20,1.5\n4,5,2.25\n2,40,0.75\n")
        try folder.write("whole.csv", "rooms,price\n3,150\n4,225\n")
        try folder.write("nan.csv", "rooms,price\n3,1.5\n4,nan\n")
        #expect(run(s, "d = load \"house.csv\" target=\"values\"\nd\nd.y") == [
            "csv: 3 samples, inputs [2], real-valued targets [1]", "[[1.50],\n [2.25],\n [0.75]]"])
        #expect(failure(s, "load \"house.csv\"").hasSuffix(
            "line 2, column 'price': the label column 'price' holds numbers that are not whole ('1.5'): say target=\"values\" for real-valued (regression) targets, or target=\"classes\" for class labels"))
        #expect(run(s, "load \"whole.csv\"") == ["csv: 2 samples, inputs [1], 226 classes"])
        #expect(run(s, "load \"whole.csv\" target=\"values\"") == ["csv: 2 samples, inputs [1], real-valued targets [1]"])
        #expect(failure(s, "load \"nan.csv\" target=\"values\"").hasSuffix("line 3, column 'price': the target 'nan' is not a finite number"))
        #expect(failure(s, "load \"house.csv\" target=\"value\"") == "load: target must be \"automatic\", \"classes\", \"values\" (how the labels are read)")
        // Saved and loaded again, as CSV and as NumPy files.
        _ = run(s, "w = wave 5\nsave w \"w.csv\"\nsave w.x \"x.npy\"\nsave w.y \"y.npy\"")
        #expect(run(s, "(load \"w.csv\" target=\"values\").y == w.y\n(load \"x.npy\" labels=\"y.npy\" target=\"values\").y == w.y").allSatisfy { !$0.contains("0") })
        #expect(failure(s, "load \"x.npy\" labels=\"y.npy\"").contains("not a whole number: say target=\"values\""))
        #expect(failure(s, "save w \"w.npz\"; load \"w.npz\" target=\"values\"") == "load: target= does not apply to a .npz file")
        #expect(failure(s, "load \"x.npy\" target=\"values\"") == "load: target= does not apply to an array without labels=FILE")
    }

    @Test func aDataSetOfValuesFromTensors() throws {
        let s = Session(seed: 6)
        #expect(run(s, "r = dataset (tensor [[0.5], [1.5]]) [0.25, 2.5] target=\"values\"\nr\nr.y")
                == ["data: 2 samples, inputs [1], real-valued targets [1]", "[[0.25],\n [2.50]]"])
        #expect(failure(s, "dataset (tensor [[0.5], [1.5]]) [0.25, 2.5]")
                == "dataset: the labels hold numbers that are not whole: say target=\"values\" for real-valued (regression) targets, or give class labels")
        #expect(failure(s, "dataset (tensor [[0.5], [1.5]]) [0.25] target=\"values\"")
                == "dataset: X has 2 samples (shape [2, 1]) and the targets 1 (shape [1])")
        #expect(failure(s, "dataset (tensor [[0.5], [1.5]]) (tensor [1, 0] / 0) target=\"values\"")
                == "dataset: the targets must be finite numbers; one is inf")
    }

    @Test func regressionPlotsAreWrittenOrRefusedClearly() throws {
        let folder = try Folder()
        let s = folder.session()
        _ = run(s, net)
        #expect(run(s, "plot regression net data \"r.png\"\nplot fit net data \"f.png\" size=300x200")
                == ["wrote r.png (800x600)", "wrote f.png (300x200)"])
        #expect(FileManager.default.fileExists(atPath: folder.path + "/f.png"))
        #expect(failure(s, "plot fit net (spiral 5 2) \"x.png\"").hasPrefix("plot fit: needs a data set with real-valued targets (regression)"))
        _ = run(s, "x = randn 10 2\nflat = dataset x [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\nwide = sequential\nwide.add(linear 2 1)")
        try folder.write("two.csv", "a,b,y\n1,2,0.5\n2,3,1.5\n")
        _ = run(s, "two = load \"two.csv\" target=\"values\"")
        #expect(failure(s, "plot fit wide two \"x.png\"")
                == "plot fit: draws a curve for one input and one target per sample; this data set has inputs [2] and targets [1] (plot regression draws any)")
        #expect(run(s, "plot regression wide two \"two.png\"") == ["wrote two.png (800x600)"])
        #expect(failure(s, "plot regression net data \"x.png\" log=true").contains("log= does not apply to this chart"))
    }
}
