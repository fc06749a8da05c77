import Foundation
import Testing
@testable import DLEngine

/// The allocation guard: sizes people write, the figures in its message, and the rank limit.
@Suite struct MemoryBudgetTests {
    @Test func sizesWithUnits() {
        #expect(MemoryBudget.parseSize("1024") == 1024)
        #expect(MemoryBudget.parseSize("768M") == 768 << 20)
        #expect(MemoryBudget.parseSize("2g") == 2 << 30)
        #expect(MemoryBudget.parseSize("4GB") == 4 << 30)
        #expect(MemoryBudget.parseSize("lots") == nil)
        #expect(MemoryBudget.parseSize("-5") == nil)
    }

    @Test func availableMemoryIsPositiveAndBelowTheMachines() {
        let available = MemoryBudget.availableBytes()
        #expect(available > 0)
        #expect(UInt64(available) <= ProcessInfo.processInfo.physicalMemory || MemoryBudget.configuredLimit != nil)
    }

    @Test func aRequestBeyondTheAvailableMemoryNamesBothFigures() {
        // 2^61 bytes: more than any machine has; refused by the guard itself, not by the element limit.
        #expect(throws: EngineError.self) { try MemoryBudget.check(bytes: 1 << 61, shape: [1 << 59]) }
        let message = EngineError.allocationTooLarge(shape: [3_000_000_000], limit: 1_000_000_000).description
        #expect(message == "a tensor of shape [3000000000] is too large to allocate: it needs 12.0 GB, and 4.0 GB are available (limit: 1000000000 elements)")
    }

    @Test func rankIsLimitedTo64() throws {
        #expect(try Shape.elementCount([Int](repeating: 1, count: 64)) == 1)
        #expect(errorMessage { try Shape.elementCount([Int](repeating: 1, count: 65)) }
                == "a tensor may have at most 64 axes; this one would have 65")
    }

    @Test func printingManyAxesAndEmptyTensors() throws {
        let deep = try Tensor.ones([Int](repeating: 1, count: 64))
        #expect(deep.description == String(repeating: "[", count: 64) + "1" + String(repeating: "]", count: 64))
        // Eight axes of 7: elided to fewer edge items so that the text stays short.
        let wide = try Tensor.zeros([Int](repeating: 7, count: 8))
        #expect(wide.description.count < 200_000)
        #expect(try Tensor.zeros([0, 2_000_000]).description == "[]")
        #expect(try Tensor.zeros([2_000_000, 0]).description == "[] (shape [2000000, 0])")
        #expect(try Tensor.zeros([2, 0]).description == "[[],\n []]")
    }

    @Test func emptyShapesStillMultiplyWithinTheLimit() throws {
        // FuzzIDX's finding: an IDX file of shape [0, 0x8FFFF, 0xFFF2F2F2, 0xF2F20102] loaded as an empty
        // tensor whose strides overflowed when it was printed.
        let folder = try TemporaryFolder()
        let path = try folder.write("found-idx", [0x00, 0x00, 0x08, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0xFF, 0xFF,
                                                  0xFF, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0x01, 0x02])
        #expect(throws: EngineError.self) { try Tensor.loadIDX(path) }
        #expect(throws: EngineError.self) { try Tensor.zeros([0, 1 << 40, 1 << 40]) }
        #expect(try Shape.elementCount([3, 0, 5]) == 0)
    }

    @Test func arangeCountsAreChecked() throws {
        #expect(try Tensor.arange(0, -1e19).count == 0)
        #expect(throws: EngineError.self) { try Tensor.arange(0, 1e19) }
        #expect(throws: EngineError.self) { try Tensor.arange(0, 1, step: 1e-30) }
        #expect(try Tensor.arange(0, 1, step: -1e-30).count == 0)
    }
}
