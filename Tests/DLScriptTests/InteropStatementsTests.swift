import Foundation
import Testing
@testable import DLScript

/// The statements that take models and data out of dlnb and back: save/load of .npy, .npz, .csv and
/// .safetensors files, export to .onnx and .py, and their errors (after each, the session goes on).
@Suite struct InteropStatementsTests {
    final class Folder {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-interop-\(UUID())").path
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        func session() -> Session { Session(seed: 4, inputDirectory: path, outputDirectory: path) }
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

    let mlp = """
        model = sequential
        model.add(linear 2 8)
        model.add(relu)
        model.add(linear 8 3)
        """

    @Test func tensorsAndDataSetsRoundTrip() throws {
        let folder = try Folder()
        let s = folder.session()
        _ = run(s, "data = spiral 5 3\nx = randn 2 3")
        #expect(run(s, "save x \"x.npy\"\nsave x \"x.npz\"\nsave data \"d.npz\"\nsave data \"d.csv\"")
            == ["saved x.npy", "saved x.npz", "saved d.npz", "saved d.csv"])
        #expect(run(s, "sum (abs ((load \"x.npy\") - x))\nsum (abs ((load \"x.npz\") - x))") == ["0", "0"])
        _ = run(s, "d2 = load \"d.npz\"\nd3 = load \"d.csv\"")
        #expect(run(s, "sum (abs (d2.x - data.x))\nsum (abs (d3.x - data.x))\nsum (abs (d3.y - data.y))\nd2.size") == ["0", "0", "0", "15"])
    }

    @Test func modelWeightsRoundTripThroughSafetensors() throws {
        let folder = try Folder()
        let s = folder.session()
        _ = run(s, mlp + "\nsave model \"m.safetensors\"\nexport model \"m.onnx\"\nexport model \"m.py\"\ny = predict model (tensor [[0.5, -1]])")
        _ = run(s, mlp.replacingOccurrences(of: "model", with: "other"))
        #expect(run(s, "load \"m.safetensors\" into=other") == ["loaded 4 tensors from m.safetensors"])
        #expect(run(s, "sum (abs ((predict other (tensor [[0.5, -1]])) - y))") == ["0"])
        #expect(FileManager.default.fileExists(atPath: folder.path + "/m.onnx"))
        let python = try String(contentsOfFile: folder.path + "/m.py", encoding: .utf8)
        #expect(python.contains("nn.Linear(2, 8),\n        nn.ReLU(),\n        nn.Linear(8, 3),"))
    }

    @Test func errorsNameTheProblem() throws {
        let folder = try Folder()
        let s = folder.session()
        _ = run(s, mlp + "\nx = ones 2\nsave model \"m.safetensors\"")
        #expect(failure(s, "save x \"x.csv\"") == "save: a tensor is saved as .npy or .npz, not 'x.csv'")
        #expect(failure(s, "export model \"m.txt\"").hasPrefix("export: 'm.txt' needs the ending .onnx (ONNX Runtime) or .py"))
        #expect(failure(s, "load \"m.safetensors\"").contains("load \"m.safetensors\" into=model"))
        #expect(failure(s, "load \"x.npy\" into=model").hasPrefix("load: into= loads .safetensors weights"))
        #expect(failure(s, "load \"m.safetensors\" into=x") == "load: into must be a model, not a tensor")
        #expect(failure(s, "export model \"m.onnx\" input=[0, 2]") == "export: input must list sizes of at least 1, such as [1, 28, 28]")
        #expect(failure(s, "c = sequential\nc.add(conv2d 1 2 3)\nexport c \"c.onnx\"").contains("input=[1, 28, 28]"))
        _ = run(s, "wide = sequential\nwide.add(linear 3 8)\nwide.add(relu)\nwide.add(linear 8 3)")
        #expect(failure(s, "load \"m.safetensors\" into=wide").hasSuffix("m.safetensors: tensor '0.weight' has shape [8, 2] where the model needs [8, 3]"))
        #expect(failure(s, "load \"missing.npz\"").hasSuffix("missing.npz: no such file"))
        #expect(failure(s, "export model \"m.py\" input=[3]") == "export: input=[3] does not fit the model: shape mismatch in Linear(2 → 8): [3] and [2]")
        #expect(failure(s, "load \"d.npz\" label=1") == "load: label= does not apply to a .npz file")
        #expect(failure(s, "load \"x.npy\" array=\"a\"") == "load: array= picks an array of a .npz archive; 'x.npy' is not one")
    }
}
