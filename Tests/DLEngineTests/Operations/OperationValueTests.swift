import Foundation
import Testing
import DLEngine

/// Forward values of the operations, against results worked out by hand (NumPy gives the same).
@Suite struct OperationValueTests {
    let m = try! Tensor([[1, 2, 3], [4, 5, 6]])

    @Test func broadcastingArithmetic() throws {
        #expect(try (m + Tensor([10, 20, 30])).data == [11, 22, 33, 14, 25, 36])
        #expect(try (m * Tensor(shape: [2, 1], data: [1, -1])).data == [1, 2, 3, -4, -5, -6])
        #expect(try (Tensor([1, 2]).reshaped([2, 1]) - Tensor([1, 2, 3])).data == [0, -1, -2, 1, 0, -1])
        #expect(try (m / 2).data == [0.5, 1, 1.5, 2, 2.5, 3])
        #expect(try m.pow(2).data == [1, 4, 9, 16, 25, 36])
        #expect(try Tensor.maximum(m, Tensor(3)).data == [3, 3, 3, 4, 5, 6])
        #expect(try m.greater(Tensor(3)).data == [0, 0, 0, 1, 1, 1])
        #expect(try m.equal(Tensor([1, 5, 3])).data == [1, 0, 1, 0, 1, 0])
    }

    @Test func shapeMismatchNamesBothShapes() throws {
        let error = #expect(throws: EngineError.self) { try self.m + Tensor([1, 2]) }
        #expect(error?.description == "shape mismatch in +: [2, 3] and [2]")
        let product = #expect(throws: EngineError.self) { try self.m.matmul(self.m) }
        #expect(product?.description == "shape mismatch in matmul: [2, 3] and [2, 3]")
    }

    @Test func reductions() throws {
        #expect(try m.sum().item() == 21)
        #expect(try m.sum(axis: 0).data == [5, 7, 9])
        #expect(try m.sum(axis: 1, keepDims: true).shape == [2, 1])
        #expect(try m.mean(axis: -1).data == [2, 5])
        #expect(try m.max().item() == 6)
        #expect(try m.min(axis: 0).data == [1, 2, 3])
        #expect(try m.argmax(axis: 1).data == [2, 2])
        // var and std against NumPy and PyTorch (np.var(x, axis=0, ddof=1), torch.var(x, dim=1, keepdim=True)).
        let x = try Tensor(shape: [2, 2], data: [1, 2, 3, 5])
        #expect(try x.variance(axis: 0).data == [2, 4.5])
        #expect(try x.variance(axis: 1, keepDims: true).shape == [2, 1])
        #expect(try x.variance(axis: 1, keepDims: true).data == [0.5, 2])
        #expect(try Tensor([1, 2, 3, 4]).variance(correction: 0).item() == 1.25)
        #expect(try abs(Tensor([1, 2, 3, 4]).standardDeviation().item() - 1.2909944) < 1e-6)
        #expect(try zip(x.standardDeviation(axis: 0).data, [1.4142135, 2.1213202]).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(try Tensor([7]).variance().item().isNaN)  // one sample, correction 1: 0 / 0, as PyTorch
        #expect(try Tensor([1, 2]).variance(correction: 3).item() == .infinity)  // PyTorch: inf
        #expect(throws: EngineError.self) { try x.variance(correction: -1) }
        #expect(try Tensor([3, 1, 3]).argmax().item() == 0)  // the first of equal maxima
        #expect(try m.argmaxRows() == [2, 2])
        #expect(throws: EngineError.self) { try self.m.sum(axis: 2) }
        // Many small numbers: the blocked sum stays close to the exact Double sum.
        let ones = try Tensor.full([1_000_001], value: 0.1)
        #expect(isClose(try ones.sum().item(), 100_000.1, relative: 1e-5))
    }

    @Test func mathFunctions() throws {
        let x = Tensor([0, 1, -1])
        #expect(allClose(try x.exp().data, [1, Float(M_E), Float(1 / M_E)]))
        #expect(allClose(try x.sigmoid().data, [0.5, 0.7310586, 0.26894143]))
        #expect(try Tensor([1000, -1000]).sigmoid().data == [1, 0])  // no overflow
        #expect(try x.relu().data == [0, 1, 0])
        #expect(try x.leakyRelu(slope: 0.1).data == [0, 1, -0.1])
        #expect(try x.abs().data == [0, 1, 1])
        #expect(try Tensor([4, 9]).sqrt().data == [2, 3])
        #expect(try Tensor([-1]).log().data[0].isNaN)
    }

    @Test func softmaxIsStable() throws {
        let s = try Tensor([[1000, 1000], [0, Float(log(3.0))]]).softmax()
        #expect(allClose(s.data, [0.5, 0.5, 0.25, 0.75]))
        let l = try Tensor([[1, 2, 3]]).logSoftmax()
        let lse = log(exp(1.0) + exp(2.0) + exp(3.0))
        #expect(allClose(l.data, [Float(1 - lse), Float(2 - lse), Float(3 - lse)]))
    }

    @Test func matrixProducts() throws {
        let w = try Tensor([[1, 0], [0, 1], [1, 1]])
        #expect(try m.matmul(w).data == [4, 5, 10, 11])
        #expect(try m.matmul(Tensor([1, 1, 1])).data == [6, 15])
        #expect(try Tensor([1, 2, 3]).matmul(Tensor([4, 5, 6])).shape == [])
        let batch = try Tensor.stack([m, m * 2])
        #expect(try batch.matmul(w).shape == [2, 2, 2])
        #expect(try batch.matmul(w).data == [4, 5, 10, 11, 8, 10, 20, 22])
        #expect(try Tensor.zeros([2, 0]).matmul(Tensor.zeros([0, 3])).data == [0, 0, 0, 0, 0, 0])
    }

    @Test func indexingAndSlicing() throws {
        #expect(try m.slice([.index(0)]).data == [1, 2, 3])
        #expect(try m.slice([.all, .index(1)]).data == [2, 5])
        #expect(try m.slice([.index(-1), .index(-1)]).item() == 6)
        #expect(try m.slice([.all, .slice(start: nil, end: nil, step: -1)]).data == [3, 2, 1, 6, 5, 4])
        #expect(try m.slice([.all, .slice(start: 1, end: 100, step: nil)]).shape == [2, 2])
        #expect(try m.slice([.slice(start: 5, end: nil, step: nil)]).shape == [0, 3])
        let error = #expect(throws: EngineError.self) { try self.m.slice([.index(2)]) }
        #expect(error?.description == "index 2 is out of range for axis 0 with size 2")
        #expect(throws: EngineError.self) { try self.m.slice([.slice(start: nil, end: nil, step: 0)]) }
        #expect(throws: EngineError.self) { try self.m.slice([.all, .all, .all]) }
    }

    @Test func rearranging() throws {
        #expect(try m.transposed().data == [1, 4, 2, 5, 3, 6])
        #expect(try m.reshaped([3, -1]).shape == [3, 2])
        #expect(throws: EngineError.self) { try self.m.reshaped([4, -1]) }
        #expect(try Tensor.concatenate([m, m], axis: 1).data == [1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6])
        #expect(throws: EngineError.self) { try Tensor.concatenate([self.m, Tensor([1])]) }
        let cube = try Tensor.arange(0, 24).reshaped([2, 3, 4])
        #expect(try cube.permuted([2, 0, 1]).shape == [4, 2, 3])
        #expect(try cube.permuted([2, 0, 1]).slice([.index(1), .index(1)]).data == [13, 17, 21])
    }
}
