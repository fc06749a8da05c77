import Foundation
import Testing
import DLEngine

/// ReLU, LeakyReLU, Sigmoid, Tanh and Softmax as layers: values, shapes, descriptions, gradients, errors.
@Suite struct ActivationLayerTests {
    @Test func valuesAndDescriptions() throws {
        let x = try Tensor([[-2, 0, 3]])
        #expect(try ReLU()(x).data == [0, 0, 3])
        #expect(try LeakyReLU()(x).data == [-0.02, 0, 3])
        #expect(try LeakyReLU(slope: 0.5)(x).data == [-1, 0, 3])
        #expect(allClose(try Sigmoid()(x).data, [Float(1 / (1 + exp(2.0))), 0.5, Float(1 / (1 + exp(-3.0)))]))
        #expect(allClose(try Tanh()(x).data, [Float(-0.9640275800758169), 0, Float(0.9950547536867305)]))
        let p = try Softmax()(x)
        #expect(isClose(p.data.reduce(0, +), 1.0))

        let layers: [any Layer] = [ReLU(), try LeakyReLU(), Sigmoid(), Tanh(), Softmax()]
        #expect(layers.map(\.name) == ["ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Softmax"])
        #expect(layers.map(\.description) == ["ReLU()", "LeakyReLU(slope=0.01)", "Sigmoid()", "Tanh()", "Softmax(axis=-1)"])
        for layer in layers {
            #expect(layer.parameterCount == 0 && layer.parameters.isEmpty && layer.state.isEmpty)
            #expect(try layer.outputShape(for: [7]) == [7])
            #expect(try layer(try sample([2, 3, 4])).shape == [2, 3, 4])
        }
    }

    @Test func softmaxAxis() throws {
        let x = try sample([3, 4], seed: 4)
        let columns = try Softmax(axis: 0)(x)
        let sums = try columns.sum(axis: 0)
        #expect(allClose(sums.data, [1, 1, 1, 1]))
        #expect(try Softmax(axis: 2).outputShape(for: [3, 4]) == [3, 4])
    }

    @Test func gradients() throws {
        let x = try sample([4, 5], seed: 5, avoidingZero: true)  // away from relu's kink
        try expectGradientCheck([x]) { try ReLU()($0[0]) }
        try expectGradientCheck([x]) { try LeakyReLU(slope: 0.1)($0[0]) }
        try expectGradientCheck([x]) { try Sigmoid()($0[0]) }
        try expectGradientCheck([x]) { try Tanh()($0[0]) }
        try expectGradientCheck([x]) { try Softmax()($0[0]) }
        try expectGradientCheck([x]) { try Softmax(axis: 0)($0[0]) }
    }

    @Test func errors() throws {
        #expect(throws: EngineError.self) { try LeakyReLU(slope: .nan) }
        #expect(throws: EngineError.self) { try LeakyReLU(slope: -.infinity) }
        #expect(throws: EngineError.self) { try Softmax(axis: 2)(try Tensor.zeros([2, 3])) }
        #expect(throws: EngineError.self) { try Softmax(axis: -3).outputShape(for: [3]) }
        #expect(throws: EngineError.self) { try Softmax()(Tensor(1)) }
    }
}
