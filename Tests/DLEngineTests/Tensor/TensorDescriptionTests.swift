import Testing
import DLEngine

/// Printing follows NumPy's layout: nested brackets, one number format, elision of large tensors.
@Suite struct TensorDescriptionTests {
    @Test func scalarsVectorsMatrices() throws {
        #expect(Tensor(2).description == "2")
        #expect(Tensor(2.5839).description == "2.5839")
        #expect(Tensor([1, 2.5, -3]).description == "[ 1.0,  2.5, -3.0]")
        #expect(try Tensor([[1, 2, 3], [4, 5, 6]]).description == "[[1, 2, 3],\n [4, 5, 6]]")
        #expect(Tensor([0.00001, 1]).description == "[1e-05, 1e+00]")  // NumPy: [1.e-05, 1.e+00]
        #expect(Tensor([0.00015, 0.5]).description == "[1.5e-04, 5.0e-01]")
        #expect(Tensor([.nan, .infinity, 1]).description == "[nan, inf,   1]")
    }

    @Test func higherRanksSeparateBlocks() throws {
        let t = try Tensor.arange(0, 8).reshaped([2, 2, 2])
        #expect(t.description == "[[[0, 1],\n  [2, 3]],\n\n [[4, 5],\n  [6, 7]]]")
    }

    @Test func largeTensorsAreElided() throws {
        let t = try Tensor.arange(0, 2000).reshaped([40, 50])
        let lines = t.description.split(separator: "\n")
        #expect(lines.count == 7)  // three rows, "...", three rows
        #expect(lines[0] == "[[   0,    1,    2, ...,   47,   48,   49],")
        #expect(lines[3] == " ...,")
    }

    @Test func longRowsWrap() throws {
        let t = try Tensor.arange(0, 40)
        #expect(t.description.split(separator: "\n").allSatisfy { $0.count <= 75 })
    }
}
