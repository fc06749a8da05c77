import Foundation

extension Sequential {
    /// The model's architecture as a Python file that builds the same `nn.Sequential` (with the classes
    /// it needs, such as DropConnect), so that
    /// `model.load_state_dict(safetensors.torch.load_file("m.safetensors"))` gives dlnb's outputs.
    /// - Parameters:
    ///   - inputShape: one sample's shape, recorded as `INPUT_SHAPE` (the model's own when `nil`).
    /// - Throws: ``EngineError/invalidArgument(_:)`` naming a layer with no PyTorch form.
    public func pytorchSource(inputShape: [Int]? = nil) throws -> String {
        let module = try pytorchModule()
        let shape = inputShape ?? expectedInputShape
        var text = """
        # A PyTorch twin of a dlnb model, written by dlnb \(dlnbVersion).
        #
        #     import safetensors.torch
        #     from m import build
        #     model = build()
        #     model.load_state_dict(safetensors.torch.load_file("m.safetensors"))
        #     model.eval()  # BatchNorm on running statistics, no dropout: dlnb's predict
        #
        # dlnb's layers take float32 batches, first axis the samples; Linear(in, out) is nn.Linear with the
        # weight stored [out, in], as PyTorch stores it.
        import torch
        from torch import nn


        """
        for (_, definition) in pytorchDefinitions.sorted(by: { $0.key < $1.key }) { text += definition + "\n\n\n" }
        text += "def build():\n    \"\"\"A fresh model of the architecture (load the weights into it).\"\"\"\n    return "
        text += module.split(separator: "\n").joined(separator: "\n    ") + "\n\n\n"
        text += "# One sample's shape (the batch axis left out)\(shape == nil ? ": not fixed by the model" : "").\n"
        text += "INPUT_SHAPE = \(shape.map { $0.count == 1 ? "(\($0[0]),)" : "(" + $0.map(String.init).joined(separator: ", ") + ")" } ?? "None")\n\n"
        text += "model = build()\n"
        text += "\nif __name__ == \"__main__\":\n    print(model)\n"
        return text
    }

    /// Writes ``pytorchSource(inputShape:)`` to `path`, atomically.
    public func savePyTorchModule(to path: String, inputShape: [Int]? = nil) throws {
        try AtomicFile.write(Data(try pytorchSource(inputShape: inputShape).utf8), to: path)
    }
}
