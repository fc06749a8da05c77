/// A text entry of a PNG file (a `tEXt` chunk, or `iTXt` when the text is not plain ASCII), such as the
/// statement that made a plot and the version of dlnb.
public struct PNGText: Sendable, Hashable {
    /// The key: 1 to 79 printable ASCII characters without leading, trailing or double spaces
    /// (`Software`, `Comment`, `Title`, `Description` are the registered ones).
    public var keyword: String
    public var text: String

    public init(keyword: String, text: String) {
        self.keyword = keyword
        self.text = text
    }

    /// `Software: dlnb VERSION`.
    public static func software(_ version: String) -> PNGText {
        PNGText(keyword: "Software", text: "dlnb \(version)")
    }

    /// `Comment: STATEMENT`, the statement that drew the plot.
    public static func statement(_ statement: String) -> PNGText {
        PNGText(keyword: "Comment", text: statement)
    }

    /// Checks the keyword against the PNG specification's rules.
    /// - Throws: ``PlotError/invalidArgument(_:)`` naming the rule it breaks.
    func validate() throws {
        let bytes = Array(keyword.utf8)
        guard (1...79).contains(bytes.count), bytes.allSatisfy({ (32...126).contains($0) }),
              bytes.first != 32, bytes.last != 32, !keyword.contains("  ") else {
            throw PlotError.invalidArgument(
                "PNG text keyword \"\(keyword)\" must be 1 to 79 printable ASCII characters "
                    + "without leading, trailing or double spaces")
        }
    }

    /// The chunk that holds this entry: type and data.
    func chunk() throws -> (type: String, data: [UInt8]) {
        try validate()
        let key = Array(keyword.utf8)
        let value = Array(text.utf8)
        if value.allSatisfy({ $0 != 0 && $0 < 128 }) {
            return ("tEXt", key + [0] + value)
        }
        // iTXt: keyword, NUL, no compression (0, 0), empty language tag and translated keyword, UTF-8.
        return ("iTXt", key + [0, 0, 0, 0, 0] + value.filter { $0 != 0 })
    }
}
