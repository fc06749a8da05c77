import Testing
@testable import DLEngine

/// The ONNX bytes of small models, checked field by field against onnx.proto's numbering; ONNX Runtime
/// itself runs the exported models in Tests/Interop/check.py.
@Suite struct ONNXExportTests {
    func linearModel() throws -> Sequential {
        var rng = RandomGenerator(seed: 1)
        let layer = try Linear(inputSize: 2, outputSize: 1, using: &rng)
        try layer.weight.assign([2, 3])
        try layer.bias!.assign([0.5])
        return Sequential([layer, ReLU()])
    }

    @Test func modelHeaderAndOpset() throws {
        let bytes = try linearModel().onnxModel()
        #expect(Array(bytes.prefix(2)) == [0x08, 0x08])  // ir_version (field 1) = 8
        // opset_import (field 8): key 0x42, length 2, version (field 2) = 17
        #expect(Array(bytes.suffix(4)) == [0x42, 0x02, 0x10, 0x11])
        #expect(contains(bytes, Array("Gemm".utf8)))
        #expect(contains(bytes, Array("Relu".utf8)))
    }

    @Test func gemmWeightIsStoredOutByIn() throws {
        var graph = ONNXGraph()
        let output = try linearModel().appendONNX(to: &graph, input: "input", path: "")
        #expect(output == "1_Relu")
        let weight = try #require(graph.initializers.first { $0.name == "0.weight" })
        #expect(weight.shape == [1, 2] && weight.values == [2, 3])
        let gemm = try #require(graph.nodes.first)
        #expect(gemm.op == "Gemm" && gemm.inputs == ["input", "0.weight", "0.bias"])
    }

    @Test func geluIsComposedFromErf() {
        var graph = ONNXGraph()
        _ = graph.gelu("input", path: "3")
        #expect(graph.nodes.map(\.op) == ["Div", "Erf", "Add", "Mul", "Mul"])
        #expect(graph.initializers.first { $0.name == "3.sqrt2" }?.values == [Float(2).squareRoot()])
    }

    @Test func inputShapeIsRequiredWhenTheModelDoesNotFixIt() throws {
        var rng = RandomGenerator(seed: 1)
        let model = Sequential([try Conv2D(inputChannels: 1, outputChannels: 2, kernelSize: 3, using: &rng), Flatten()])
        let message = errorMessage { try model.onnxModel() }
        #expect(message.contains("input=[1, 28, 28]"))
        #expect(try model.onnxModel(inputShape: [1, 5, 5]).count > 0)
        #expect(errorMessage { try model.onnxModel(inputShape: [2, 5, 5]) }.contains("shape mismatch"))
    }

    @Test func aLayerWithoutAnInteropFormIsNamed() {
        final class Custom: Layer {
            var isTraining = true
            var name: String { "Custom" }
            var description: String { "Custom()" }
            func callAsFunction(_ input: Tensor) throws -> Tensor { input }
            func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
        }
        let model = Sequential([ReLU(), Custom()])
        #expect(errorMessage { try model.onnxModel(inputShape: [3]) } == "layer 2 (Custom()) has no ONNX form")
        #expect(errorMessage { try model.pytorchSource() } == "layer 2 (Custom()) has no PyTorch form")
    }

    @Test func pytorchModuleFile() throws {
        var rng = RandomGenerator(seed: 1)
        let model = Sequential([try Linear(inputSize: 2, outputSize: 4, using: &rng), try BatchNorm1d(features: 4),
                                try DropConnect(inputSize: 4, outputSize: 3, rate: 0.5, bias: false, using: &rng),
                                Sequential([Softmax()])])
        let source = try model.pytorchSource()
        #expect(source.contains("""
                return nn.Sequential(
                    nn.Linear(2, 4),
                    nn.BatchNorm1d(4, eps=1e-05, momentum=0.1),
                    DropConnect(4, 3, p=0.5, bias=False),
                    nn.Sequential(
                        nn.Softmax(dim=-1),
                    ),
                )
            """))
        #expect(source.contains("class DropConnect(nn.Linear):"))
        #expect(source.contains("INPUT_SHAPE = (2,)"))
    }

    func contains(_ bytes: [UInt8], _ part: [UInt8]) -> Bool {
        guard bytes.count >= part.count else { return false }
        return (0 ... bytes.count - part.count).contains { Array(bytes[$0 ..< $0 + part.count]) == part }
    }
}
