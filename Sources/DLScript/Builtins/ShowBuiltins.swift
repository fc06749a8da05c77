import DLEngine
import DLPlot
import Foundation

/// `show`: a chart or a PNG file in the terminal (kitty, iTerm2, sixel or Unicode blocks, whatever the
/// terminal understands). Off a terminal (a notebook, a log, a pipe) nothing but the one-line report is
/// written, so transcripts stay byte for byte the same.
let showBuiltins: [Builtin] = [
    Builtin("show", "show FILE.png | show boundary|data|loss|images|graph|weights|gradients|regression|fit|schedule ... [size=800x600] [title=\"...\"] [log=false] [columns=N] [names=[...]] [loss=...] [xlabel=\"...\"] [ylabel=\"...\"] [aspect=\"equal\"] [epochs=100] [steps=N] [lr=...]",
            "Shows a PNG file or a chart in the terminal (kitty, iTerm2, sixel or coloured blocks; DLNB_IMAGES=kitty|iterm|sixel|blocks|off chooses). Nothing is drawn when the output is not a terminal.",
            example: """
                show boundary model data
                plot data data "data.png"
                show "data.png"
                x1 = param 2.0; x2 = param 3.0; y = sin(x1) + x1 * x2
                backward y
                show graph y
                """,
            category: .plots, keywords: ["size", "title", "log", "columns", "names", "loss", "xlabel", "ylabel", "aspect", "epochs", "steps", "lr"], wordPositions: [0]) { call in
        guard let first = call.argument(0), case .string(let word) = first.value else {
            throw ScriptError("show: say what to show: a PNG file (show \"spiral.png\") or a chart (show boundary model data)", at: call.location)
        }
        let image: TerminalImage, label: String
        if plotKinds.contains(word) {
            do {
                image = try TerminalImage(chart: try call.chart(try call.plotKind()))
            } catch let error as PlotError {
                throw ScriptError("show: \(error.description)", at: call.location)
            }
            label = word
        } else if word.lowercased().hasSuffix(".png") || word.contains("/") {
            try call.expectPositional(1...1, usage: "show FILE.png")
            if let keyword = call.keywords.keys.sorted().first {
                throw ScriptError("show: \(keyword)= applies to charts, not to a PNG file", at: call.keywords[keyword]?.location ?? call.location)
            }
            // A file this session wrote is in the output folder; another one is read like any input.
            let written = call.session.outputPath(word)
            let path = FileManager.default.fileExists(atPath: written) ? written : call.session.inputPath(word)
            do {
                image = try TerminalImage(pngFile: path)
            } catch let error as PlotError {
                throw ScriptError("show: \(error.description)", at: first.location)
            }
            label = word
        } else {
            _ = try call.plotKind()  // the unknown-chart error with its suggestion
            throw ScriptError("show: nothing to show", at: first.location)
        }
        call.session.onShowImage?(image, label)
        return .string("\(label) (\(image.canvas.width)x\(image.canvas.height))")
    },
]
