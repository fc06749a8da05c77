/// How pictures reach a terminal: the protocol, whether the block rendering may use 24-bit colour, and
/// whether the escapes go through tmux's passthrough.
public struct TerminalGraphics: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case kitty, iterm, sixel, blocks, off
    }

    public var kind: Kind
    public var trueColor: Bool
    public var throughTmux: Bool

    public init(_ kind: Kind, trueColor: Bool = false, throughTmux: Bool = false) {
        self.kind = kind
        self.trueColor = trueColor
        self.throughTmux = throughTmux
    }

    /// The protocol a terminal understands, from its environment.
    ///
    /// - `DLNB_IMAGES=kitty|iterm|sixel|blocks|off` decides (an unknown value is ignored; the caller
    ///   warns about it with ``unknownOverride(in:)``).
    /// - kitty: `KITTY_WINDOW_ID`, `TERM=xterm-kitty`, or `TERM_PROGRAM` ghostty.
    /// - iTerm2's images: `TERM_PROGRAM` iTerm.app, WezTerm, mintty, or `LC_TERMINAL=iTerm2`;
    ///   Konsole (`KONSOLE_VERSION`) too.
    /// - sixel: `TERM` naming it (`*-sixel`, `mlterm`, `foot*`, `yaft*`), or a primary device attributes
    ///   reply (`deviceAttributes`, e.g. `ESC[?63;1;2;4;6;9;15;22c`) listing feature 4.
    /// - Inside tmux (`TMUX` set) only kitty and iTerm2 pass, wrapped for passthrough, and only when
    ///   `tmuxPassthrough` says tmux allows it; sixel and the rest fall back to blocks.
    /// - Otherwise blocks, in true colour when `COLORTERM` is `truecolor` or `24bit`.
    /// - Parameter isTerminal: whether standard output is a terminal; when it is not, `off` whatever the
    ///   environment says (a log or a notebook never receives escapes).
    public static func detect(environment env: [String: String], isTerminal: Bool, deviceAttributes: String? = nil,
                              tmuxPassthrough: Bool = false) -> TerminalGraphics {
        let trueColor = ["truecolor", "24bit"].contains(env["COLORTERM"]?.lowercased() ?? "")
        guard isTerminal else { return TerminalGraphics(.off) }
        let inTmux = !(env["TMUX"] ?? "").isEmpty
        if let requested = env["DLNB_IMAGES"].flatMap({ Kind(rawValue: $0.lowercased()) }) {
            let wrap = inTmux && (requested == .kitty || requested == .iterm)
            return TerminalGraphics(requested, trueColor: trueColor, throughTmux: wrap)
        }
        let term = env["TERM"] ?? "", program = env["TERM_PROGRAM"] ?? ""
        if term == "dumb" { return TerminalGraphics(.off) }
        var kind = Kind.blocks
        if env["KITTY_WINDOW_ID"] != nil || term == "xterm-kitty" || program.lowercased() == "ghostty" {
            kind = .kitty
        } else if ["iTerm.app", "WezTerm", "mintty"].contains(program) || env["LC_TERMINAL"] == "iTerm2"
                    || env["KONSOLE_VERSION"] != nil {
            kind = .iterm
        } else if term.hasSuffix("-sixel") || term.hasPrefix("mlterm") || term.hasPrefix("foot") || term.hasPrefix("yaft")
                    || deviceAttributes.map(listsSixel) == true {
            kind = .sixel
        }
        if inTmux {
            guard tmuxPassthrough, kind == .kitty || kind == .iterm else {
                return TerminalGraphics(.blocks, trueColor: trueColor)
            }
            return TerminalGraphics(kind, trueColor: trueColor, throughTmux: true)
        }
        return TerminalGraphics(kind, trueColor: trueColor)
    }

    /// The value of `DLNB_IMAGES` when it names no protocol, for a warning.
    public static func unknownOverride(in env: [String: String]) -> String? {
        guard let value = env["DLNB_IMAGES"], !value.isEmpty, Kind(rawValue: value.lowercased()) == nil else { return nil }
        return value
    }

    /// Whether a primary device attributes reply (`ESC [ ? Ps ; ... c`) lists feature 4, sixel graphics.
    public static func listsSixel(_ reply: String) -> Bool {
        guard let start = reply.firstIndex(of: "?"), let end = reply.lastIndex(of: "c"), start < end else { return false }
        return reply[reply.index(after: start) ..< end].split(separator: ";").dropFirst().contains("4")
    }

    /// The text to write to show `image` in a terminal `columns` wide and `rows` high (in cells), whose
    /// window is `pixelWidth` pixels wide when known (0 when not); empty for `off`.
    public func render(_ image: TerminalImage, name: String = "chart.png", columns: Int, rows: Int,
                       pixelWidth: Int = 0) -> String {
        let columns = max(columns, 8), rows = max(rows, 4)
        let tmux = throughTmux
        func wrap(_ escape: String) -> String { tmux ? TmuxPassthrough.wrap(escape) : escape }
        switch kind {
        case .off:
            return ""
        case .kitty:
            let cellWidth = pixelWidth > 0 ? Double(pixelWidth) / Double(columns) : 0
            let tooWide = cellWidth > 0 && Double(image.canvas.width) > cellWidth * Double(columns - 1)
            return KittyGraphics.escapes(png: image.png, columns: tooWide ? columns - 1 : nil).map(wrap).joined() + "\n"
        case .iterm:
            return wrap(ITermInlineImage.encode(png: image.png, name: name)) + "\n"
        case .sixel:
            let maxWidth = pixelWidth > 0 ? pixelWidth - pixelWidth / columns : 800
            return Sixel.encode(image.canvas.fitted(maxWidth: maxWidth, maxHeight: 10_000)) + "\n"
        case .blocks:
            // A cell is about twice as high as wide, so each half block is about square.
            let fitted = image.canvas.fitted(maxWidth: min(columns - 1, 120), maxHeight: 2 * (rows - 2))
            return HalfBlocks.encode(fitted, trueColor: trueColor)
        }
    }
}
