import Foundation

/// The kitty terminal graphics protocol (https://sw.kovidgoyal.net/kitty/graphics-protocol/): an APC
/// escape `ESC _ G keys ; payload ESC \` whose payload is the base64 of a PNG (`f=100`), transmitted and
/// displayed at the cursor in one command (`a=T`), with replies suppressed (`q=2`) so that nothing is
/// typed into the prompt. The base64 travels in chunks of at most 4096 bytes; every chunk but the last
/// carries `m=1`, the last `m=0`, and only the first carries the other keys.
public enum KittyGraphics {
    /// The largest payload of one escape, in base64 bytes (the specification's limit).
    public static let chunkSize = 4096

    /// The escapes (one per chunk) that show `png` at the cursor, `columns` cells wide when given (the
    /// terminal keeps the aspect ratio).
    public static func escapes(png: [UInt8], columns: Int? = nil) -> [String] {
        let payload = Data(png).base64EncodedString()
        var out: [String] = []
        var start = payload.startIndex
        var first = true
        repeat {
            let end = payload.index(start, offsetBy: chunkSize, limitedBy: payload.endIndex) ?? payload.endIndex
            let more = end < payload.endIndex
            var keys = first ? "a=T,f=100,q=2," + (columns.map { "c=\($0)," } ?? "") : ""
            keys += "m=\(more ? 1 : 0)"
            out.append("\u{1B}_G\(keys);\(payload[start ..< end])\u{1B}\\")
            start = end
            first = false
        } while start < payload.endIndex
        return out
    }
}

/// iTerm2's inline images protocol (https://iterm2.com/documentation-images.html), also understood by
/// WezTerm, mintty and Konsole: `ESC ] 1337 ; File = keys : base64 BEL` with `inline=1` (display rather
/// than download), the file's `size` in bytes, its base64 `name`, and a width in cells or `auto`.
public enum ITermInlineImage {
    public static func encode(png: [UInt8], name: String = "chart.png", columns: Int? = nil) -> String {
        let encodedName = Data(name.utf8).base64EncodedString()
        let width = columns.map(String.init) ?? "auto"
        return "\u{1B}]1337;File=name=\(encodedName);size=\(png.count);width=\(width);height=auto;"
            + "preserveAspectRatio=1;inline=1:\(Data(png).base64EncodedString())\u{07}"
    }
}

/// tmux's passthrough (`allow-passthrough on`, tmux 3.3 and later): `ESC P tmux ; data ESC \` with every
/// ESC of the data doubled, so that tmux hands the data to the outer terminal untouched.
public enum TmuxPassthrough {
    public static func wrap(_ escapes: String) -> String {
        "\u{1B}Ptmux;" + escapes.replacingOccurrences(of: "\u{1B}", with: "\u{1B}\u{1B}") + "\u{1B}\\"
    }
}
