import Foundation
import Testing
@testable import DLEngine

/// The registries: unique names and tags, and every registered layer through the model codec with its
/// default settings (tensors included) back to an equal layer.
@Suite struct LayerRegistryTests {
    /// Arguments that make each layer: its defaults, and small sizes for the positional parameters.
    static func arguments(for registration: LayerRegistration) -> Arguments {
        var values: [String: Argument] = [:]
        for p in registration.positional {
            switch p.kind {
            case .integer: values[p.key] = .integer(p.key == "kernel" ? 3 : 4)
            case .number: values[p.key] = .number(0.25)
            case .shape: values[p.key] = .integers([4])
            case .flag, .initializer, .text, .numbers: break
            }
        }
        return Arguments(values).withDefaults(of: registration.parameters)
    }

    @Test func namesAndTagsAreUnique() {
        let all = LayerRegistry.all
        #expect(Set(all.map(\.name)).count == all.count)
        #expect(Set(all.map(\.tag)).count == all.count)
        #expect(Set(LossRegistry.names).count == LossRegistry.all.count)
        #expect(Set(OptimizerRegistry.names).count == OptimizerRegistry.all.count)
    }

    @Test(arguments: LayerRegistry.all.map(\.name))
    func everyLayerSavesAndLoadsWithItsSettings(name: String) throws {
        let registration = try #require(LayerRegistry.named(name))
        var rng = RandomGenerator(seed: 5)
        let layer = try registration.make(Self.arguments(for: registration), &rng)
        #expect(layer.name == registration.tag, "the tag is the layer's name")
        #expect(LayerRegistry.registration(of: layer)?.name == name)
        let entry = try LayerCodec.encode(layer)
        #expect(entry["type"] as? String == registration.tag)
        let decoded = try LayerCodec.decode(entry, using: &rng)
        #expect(decoded.description == layer.description)
        #expect(decoded.state.map(\.name) == layer.state.map(\.name))
        // Every saved parameter is in the file; the language's parameters that are not (initializers) are
        // left out.
        let saved = Set(registration.parameters.filter(\.isSaved).map(\.key))
        #expect(Set(entry.keys).subtracting(["type"]) == saved)
        // The count a file is checked against before building equals what the layer's tensors hold.
        #expect(LayerCodec.declaredStateCount(entry) == layer.state.reduce(0) { $0 + $1.tensor.count })
    }

    @Test func aFileWithoutAFieldNamesIt() {
        var rng = RandomGenerator(seed: 1)
        #expect(errorMessage { try LayerCodec.decode(["type": "LeakyReLU"], using: &rng) } == "layer entry lacks 'slope'")
        #expect(errorMessage { try LayerCodec.decode(["type": "GELU", "approximate": "cubic"], using: &rng) }
            == "GELU's approximate must be \"none\" or \"tanh\"; got \"cubic\"")
        #expect(errorMessage { try LayerCodec.decode(["type": "Swish"], using: &rng) } == "unknown layer type 'Swish'")
    }

    @Test func declaredCountsNeedNoBuildingAndSaturate() {
        #expect(LayerCodec.declaredStateCount(["type": "LayerNorm", "shape": [100_000, 100_000], "eps": 1e-5, "affine": true])
            == 20_000_000_000)
        #expect(LayerCodec.declaredStateCount(["type": "Linear", "input": Int.max, "output": 2, "bias": true]) == Int.max)
        #expect(LayerCodec.declaredStateCount(["type": "Sequential", "layers": [
            ["type": "Conv2D", "input": 3, "output": 8, "kernel": 3, "stride": 1, "padding": 0, "dilation": 1, "bias": false],
            ["type": "BatchNorm2d", "channels": 8, "momentum": 0.1, "eps": 1e-5], ["type": "ReLU"], ["type": "Nope"]]]) == 216 + 32)
    }

    @Test func lossesAndOptimizersAreMadeByName() throws {
        for registration in LossRegistry.all { #expect(try makeLoss(named: registration.name).name == registration.name) }
        for registration in OptimizerRegistry.all { _ = try makeOptimizer(named: registration.name, options: [:]) }
        #expect(LossRegistry.named("hinge")?.signature == "hinge [margin=1]")
    }

    @Test func signaturesShowDefaults() throws {
        #expect(Linear.registration.signature == "linear IN OUT [bias=true] [init=\"xavier_uniform\"] [bias_init=\"zeros\"]")
        #expect(LeakyReLU.registration.signature == "leaky_relu [X] [slope=0.01]")
        #expect(MaxPool2D.registration.signature == "maxpool K [stride=K] [padding=0]")
        #expect(LayerNorm.registration.signature == "layernorm SHAPE [eps=1e-5] [affine=true]")
    }

    /// The entries the codec wrote before the registries (copied from its former `switch`), so files
    /// saved then still load and files saved now read the same.
    @Test func entriesAreTheOnesEarlierFilesHold() throws {
        var rng = RandomGenerator(seed: 2)
        let cases: [(any Layer, [String: Any])] = [
            (try Linear(inputSize: 2, outputSize: 3, bias: false, using: &rng), ["type": "Linear", "input": 2, "output": 3, "bias": false]),
            (try DropConnect(inputSize: 2, outputSize: 3, rate: 0.5, using: &rng),
             ["type": "DropConnect", "input": 2, "output": 3, "bias": true, "rate": 0.5]),
            (try BatchNorm1d(features: 4, momentum: 0.25, eps: 0.5), ["type": "BatchNorm1d", "features": 4, "momentum": 0.25, "eps": 0.5]),
            (try BatchNorm2d(channels: 4), ["type": "BatchNorm2d", "channels": 4, "momentum": Double(Float(0.1)), "eps": Double(Float(1e-5))]),
            (try Conv2D(inputChannels: 1, outputChannels: 2, kernelSize: 3, stride: 2, padding: 1, dilation: 1, using: &rng),
             ["type": "Conv2D", "input": 1, "output": 2, "kernel": 3, "stride": 2, "padding": 1, "dilation": 1, "bias": true]),
            (try MaxPool2D(kernelSize: 2), ["type": "MaxPool2D", "kernel": 2, "stride": 2, "padding": 0]),
            (try AvgPool2D(kernelSize: 3, stride: 1, padding: 1), ["type": "AvgPool2D", "kernel": 3, "stride": 1, "padding": 1]),
            (Flatten(), ["type": "Flatten"]),
            (try Dropout(rate: 0.25, using: &rng), ["type": "Dropout", "rate": 0.25]),
            (try LeakyReLU(slope: 0.5), ["type": "LeakyReLU", "slope": 0.5]),
            (Softmax(axis: 1), ["type": "Softmax", "axis": 1]),
            (ReLU(), ["type": "ReLU"]), (Sigmoid(), ["type": "Sigmoid"]), (Tanh(), ["type": "Tanh"]),
        ]
        func json(_ entry: [String: Any]) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys]), as: UTF8.self)
        }
        for (layer, earlier) in cases {
            #expect(try json(LayerCodec.encode(layer)) == json(earlier))
            #expect(try LayerCodec.decode(earlier, using: &rng).description == layer.description)
        }
    }
}
