import Foundation

/// Decompression of raw DEFLATE data (RFC 1951), for the entries of `numpy.savez_compressed` archives.
///
/// Stored, fixed-Huffman and dynamic-Huffman blocks; every read is bounds-checked, a code that is not
/// in its table, a distance before the start or an output larger than the archive claims is an error
/// naming the byte offset, never a trap.
enum Inflate {
    /// The decompressed bytes of `data`, which must come to `expectedSize` bytes.
    /// - Parameter fail: makes the error for a problem at a byte offset within `data`.
    static func decompress(_ data: Data, expectedSize: Int,
                           fail: (Int, String) -> EngineError) throws -> Data {
        var state = State(input: [UInt8](data), limit: expectedSize)
        do {
            try state.run()
        } catch let Problem.at(offset, text) {
            throw fail(offset, text)
        }
        guard state.output.count == expectedSize else {
            throw fail(state.position / 8, "it decompresses to \(state.output.count) bytes, not the \(expectedSize) the archive records")
        }
        return Data(state.output)
    }

    private enum Problem: Error { case at(Int, String) }

    /// Canonical Huffman decoding table: code counts per length and the symbols in code order.
    private struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int] = []

        init(lengths: [Int]) {
            for l in lengths { counts[l] += 1 }
            counts[0] = 0
            var offsets = [Int](repeating: 0, count: 16)
            for l in 1 ..< 16 { offsets[l] = offsets[l - 1] + counts[l - 1] }
            symbols = [Int](repeating: 0, count: lengths.count)
            for (symbol, l) in lengths.enumerated() where l != 0 {
                symbols[offsets[l]] = symbol
                offsets[l] += 1
            }
        }
    }

    private struct State {
        let input: [UInt8]
        let limit: Int
        var position = 0  // in bits
        var output: [UInt8] = []

        func problem(_ text: String) -> Problem { .at(position / 8, text) }

        mutating func bits(_ n: Int) throws -> Int {
            var value = 0
            for i in 0 ..< n {
                let byte = position >> 3
                guard byte < input.count else { throw problem("the data ends in the middle of a block") }
                value |= Int(input[byte] >> UInt8(position & 7) & 1) << i
                position += 1
            }
            return value
        }

        mutating func decode(_ table: Huffman) throws -> Int {
            var code = 0, first = 0, index = 0
            for length in 1 ..< 16 {
                code |= try bits(1)
                let count = table.counts[length]
                if code - count < first { return table.symbols[index + (code - first)] }
                index += count
                first = (first + count) << 1
                code <<= 1
            }
            throw problem("a Huffman code that is not in its table")
        }

        mutating func emit(_ byte: UInt8) throws {
            guard output.count < limit else { throw problem("the data decompresses to more than the \(limit) bytes the archive records") }
            output.append(byte)
        }

        static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
                                 131, 163, 195, 227, 258]
        static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
        static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
                                   1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
        static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12,
                                    12, 13, 13]

        mutating func run() throws {
            var last = 0
            while last == 0 {
                last = try bits(1)
                switch try bits(2) {
                case 0: try stored()
                case 1:
                    let lengths = [Int](repeating: 8, count: 144) + [Int](repeating: 9, count: 112)
                        + [Int](repeating: 7, count: 24) + [Int](repeating: 8, count: 8)
                    try codes(Huffman(lengths: lengths), Huffman(lengths: [Int](repeating: 5, count: 30)))
                case 2: try dynamic()
                default: throw problem("a block of the reserved type 3")
                }
            }
        }

        mutating func stored() throws {
            position = (position + 7) & ~7
            let length = try bits(16), complement = try bits(16)
            guard length == ~complement & 0xFFFF else { throw problem("a stored block whose length check fails") }
            for _ in 0 ..< length { try emit(UInt8(try bits(8))) }
        }

        mutating func dynamic() throws {
            let literalCount = try bits(5) + 257, distanceCount = try bits(5) + 1, codeCount = try bits(4) + 4
            let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
            var codeLengths = [Int](repeating: 0, count: 19)
            for i in 0 ..< codeCount { codeLengths[order[i]] = try bits(3) }
            let lengthCode = Huffman(lengths: codeLengths)
            var lengths: [Int] = []
            while lengths.count < literalCount + distanceCount {
                let symbol = try decode(lengthCode)
                switch symbol {
                case 0 ... 15: lengths.append(symbol)
                case 16:
                    guard let previous = lengths.last else { throw problem("a repeat code with nothing to repeat") }
                    lengths += [Int](repeating: previous, count: 3 + (try bits(2)))
                case 17: lengths += [Int](repeating: 0, count: 3 + (try bits(3)))
                default: lengths += [Int](repeating: 0, count: 11 + (try bits(7)))
                }
            }
            guard lengths.count == literalCount + distanceCount else { throw problem("code lengths that overrun their table") }
            try codes(Huffman(lengths: Array(lengths[..<literalCount])), Huffman(lengths: Array(lengths[literalCount...])))
        }

        mutating func codes(_ literals: Huffman, _ distances: Huffman) throws {
            while true {
                let symbol = try decode(literals)
                if symbol < 256 { try emit(UInt8(symbol)); continue }
                if symbol == 256 { return }
                let l = symbol - 257
                guard l < 29 else { throw problem("an invalid length code \(symbol)") }
                let length = Self.lengthBase[l] + (try bits(Self.lengthExtra[l]))
                let d = try decode(distances)
                guard d < 30 else { throw problem("an invalid distance code \(d)") }
                let distance = Self.distanceBase[d] + (try bits(Self.distanceExtra[d]))
                guard distance <= output.count else { throw problem("a distance of \(distance) before the start of the data") }
                for _ in 0 ..< length { try emit(output[output.count - distance]) }
            }
        }
    }
}
